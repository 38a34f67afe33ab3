package dev.timetracker.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strongly consistent BatchGetItem over any tables, in one round trip as long as DynamoDB processes every key
 * (it may hand some back under load; those are read again, so the result is always complete).
 */
public final class BatchReads {
    private BatchReads() {
    }

    /** @return the items found, by table; keys that name no item are simply absent */
    public static Map<String, List<Map<String, AttributeValue>>> get(DynamoDbClient db,
                                                                     Map<String, List<Map<String, AttributeValue>>> keys) {
        Map<String, KeysAndAttributes> pending = new HashMap<>();
        keys.forEach((table, tableKeys) -> pending.put(table,
                KeysAndAttributes.builder().keys(tableKeys).consistentRead(true).build()));
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = Map.copyOf(pending);
            var response = db.batchGetItem(batch -> batch.requestItems(request));
            response.responses().forEach((table, items) -> found.computeIfAbsent(table, t -> new ArrayList<>()).addAll(items));
            pending.clear();
            if (response.hasUnprocessedKeys()) {
                pending.putAll(response.unprocessedKeys());
            }
        }
        return found;
    }

    /** The item among {@code items} whose partition key starts with {@code prefix}, or null. */
    public static Map<String, AttributeValue> withPartitionPrefix(List<Map<String, AttributeValue>> items, String prefix) {
        if (items == null) {
            return null;
        }
        return items.stream().filter(item -> item.get("pk").s().startsWith(prefix)).findFirst().orElse(null);
    }
}
