package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.RetryLaterException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Strongly consistent BatchGetItem over any tables, in one round trip as long as DynamoDB processes every key.
 * DynamoDB may hand keys back unprocessed (size, throughput, internal failures); those are read again after a
 * {@link Backoff}, so the result is always complete, or, when DynamoDB keeps handing keys back, the caller is
 * told to retry later (503) instead of waiting without end.
 */
public final class BatchReads {
    private BatchReads() {
    }

    /** @return the items found, by table; keys that name no item are simply absent */
    public static Map<String, List<Map<String, AttributeValue>>> get(DynamoDbClient db,
                                                                     Map<String, List<Map<String, AttributeValue>>> keys) {
        return get(db, keys, Backoff.REQUEST);
    }

    /** Like {@link #get(DynamoDbClient, Map)}, retrying unprocessed keys as {@code backoff} says. */
    public static Map<String, List<Map<String, AttributeValue>>> get(DynamoDbClient db,
                                                                     Map<String, List<Map<String, AttributeValue>>> keys,
                                                                     Backoff backoff) {
        Map<String, KeysAndAttributes> pending = new HashMap<>();
        keys.forEach((table, tableKeys) -> pending.put(table,
                KeysAndAttributes.builder().keys(tableKeys).consistentRead(true).build()));
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            backoff.before(attempt, () -> stillUnprocessed("keys", backoff.maxAttempts()));
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

    static RetryLaterException stillUnprocessed(String what, int attempts) {
        return new RetryLaterException(RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                "The database kept part of the request unprocessed (" + what + ", " + attempts + " attempts); "
                        + "retry shortly", Duration.ofSeconds(1));
    }

    /** The item among {@code items} whose partition key starts with {@code prefix}, or null. */
    public static Map<String, AttributeValue> withPartitionPrefix(List<Map<String, AttributeValue>> items, String prefix) {
        if (items == null) {
            return null;
        }
        return items.stream().filter(item -> item.get("pk").s().startsWith(prefix)).findFirst().orElse(null);
    }
}
