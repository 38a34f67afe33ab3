package dev.timetracker.adapters.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem in chunks of 25 (DynamoDB's limit), writing again whatever DynamoDB hands back unprocessed after
 * a {@link Backoff}, up to its cap (then {@link dev.timetracker.domain.RetryLaterException}).
 */
public final class BatchWrites {
    private static final int MAX_PER_BATCH = 25;

    private BatchWrites() {}

    public static void put(DynamoDbClient db, String table, List<WriteRequest> requests) {
        put(db, table, requests, Backoff.REQUEST);
    }

    public static void put(DynamoDbClient db, String table, List<WriteRequest> requests, Backoff backoff) {
        for (int start = 0; start < requests.size(); start += MAX_PER_BATCH) {
            List<WriteRequest> pending =
                    new ArrayList<>(requests.subList(start, Math.min(requests.size(), start + MAX_PER_BATCH)));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                backoff.before(attempt, () -> BatchReads.stillUnprocessed("items", backoff.maxAttempts()));
                List<WriteRequest> batch = List.copyOf(pending);
                var response = db.batchWriteItem(write -> write.requestItems(Map.of(table, batch)));
                pending.clear();
                if (response.hasUnprocessedItems()) {
                    pending.addAll(response.unprocessedItems().getOrDefault(table, List.of()));
                }
            }
        }
    }
}
