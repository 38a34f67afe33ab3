package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;

import dev.timetracker.domain.RetryLaterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent BatchGetItem over any tables, in one round trip as long as DynamoDB processes every key.
 * DynamoDB may hand keys back unprocessed (size, throughput, internal failures); those are read again after a
 * {@link Backoff}, so the result is always complete, or, when DynamoDB keeps handing keys back, the caller is
 * told to retry later (503) instead of waiting without end.
 */
public final class BatchReads {
    private static final int MAX_KEYS_PER_CALL = 100;

    private BatchReads() {}

    /** @return the items found, by table; keys that name no item are simply absent */
    public static Map<String, List<Map<String, AttributeValue>>> get(
            DynamoDbClient db, Map<String, List<Map<String, AttributeValue>>> keys) {
        return get(db, keys, Backoff.REQUEST);
    }

    /** Like {@link #get(DynamoDbClient, Map)}, retrying unprocessed keys as {@code backoff} says. */
    public static Map<String, List<Map<String, AttributeValue>>> get(
            DynamoDbClient db, Map<String, List<Map<String, AttributeValue>>> keys, Backoff backoff) {
        Map<String, KeysAndAttributes> pending = new HashMap<>();
        keys.forEach((table, tableKeys) -> pending.put(
                table,
                KeysAndAttributes.builder().keys(tableKeys).consistentRead(true).build()));
        return read(db, pending, backoff);
    }

    /**
     * Many items of one table: as many calls of at most 100 keys as needed (BatchGetItem's limit), each item with
     * only the attributes {@code projection} names (null: all). An eventually consistent read costs half the read
     * units of a strongly consistent one. See
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
     *
     * @return the items found, in no particular order
     */
    public static List<Map<String, AttributeValue>> getMany(
            DynamoDbClient db,
            String table,
            List<Map<String, AttributeValue>> keys,
            @Nullable Projection projection,
            Consistency consistency) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += MAX_KEYS_PER_CALL) {
            KeysAndAttributes.Builder request = KeysAndAttributes.builder()
                    .keys(keys.subList(from, Math.min(keys.size(), from + MAX_KEYS_PER_CALL)))
                    .consistentRead(consistency == Consistency.STRONG);
            if (projection != null) {
                request.projectionExpression(projection.expression()).expressionAttributeNames(projection.names());
            }
            found.addAll(read(db, new HashMap<>(Map.of(table, request.build())), Backoff.REQUEST)
                    .getOrDefault(table, List.of()));
        }
        return found;
    }

    /**
     * STRONG reads reflect every write acknowledged before them; EVENTUAL ones may not yet
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html).
     */
    public enum Consistency {
        EVENTUAL,
        STRONG
    }

    /** The attributes a read returns, each named through a placeholder (any of them may be a reserved word). */
    public record Projection(String expression, Map<String, String> names) {
        public static Projection of(List<String> attributes) {
            Map<String, String> names = new HashMap<>();
            StringBuilder expression = new StringBuilder();
            for (int i = 0; i < attributes.size(); i++) {
                names.put("#p" + i, attributes.get(i));
                expression.append(i == 0 ? "" : ", ").append("#p").append(i);
            }
            return new Projection(expression.toString(), Map.copyOf(names));
        }
    }

    /** Reads until DynamoDB has processed every key (unprocessed keys come back with their own request options). */
    private static Map<String, List<Map<String, AttributeValue>>> read(
            DynamoDbClient db, Map<String, KeysAndAttributes> pending, Backoff backoff) {
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            backoff.before(attempt, () -> stillUnprocessed("keys", backoff.maxAttempts()));
            Map<String, KeysAndAttributes> request = Map.copyOf(pending);
            var response = db.batchGetItem(batch -> batch.requestItems(request));
            response.responses()
                    .forEach((table, items) ->
                            found.computeIfAbsent(table, t -> new ArrayList<>()).addAll(items));
            pending.clear();
            if (response.hasUnprocessedKeys()) {
                pending.putAll(response.unprocessedKeys());
            }
        }
        return found;
    }

    static RetryLaterException stillUnprocessed(String what, int attempts) {
        return new RetryLaterException(
                RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                "The database kept part of the request unprocessed (" + what + ", " + attempts + " attempts); "
                        + "retry shortly",
                Duration.ofSeconds(1));
    }

    /** The item among {@code items} whose partition key starts with {@code prefix}, or null. */
    public static @Nullable Map<String, AttributeValue> withPartitionPrefix(
            @Nullable List<Map<String, AttributeValue>> items, String prefix) {
        if (items == null) {
            return null;
        }
        return items.stream()
                .filter(item -> required(item, "pk").s().startsWith(prefix))
                .findFirst()
                .orElse(null);
    }
}
