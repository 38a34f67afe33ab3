package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.RetryLaterException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * TransactWriteItems, and single-item writes next to them, with DynamoDB's transient refusals handled. When two
 * transactions touch the same item at once, one is cancelled with TransactionConflict although no condition
 * failed; a PutItem/UpdateItem/DeleteItem of an item that a running transaction holds fails with
 * TransactionConflictException
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling).
 * The SDK retries neither (its standard strategy retries throttling, 5xx and I/O errors only:
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/retry-strategy.html), so they are tried again
 * here after a {@link Backoff}, letting the conditions decide: two concurrent creates of one email end as one
 * success and one conflict. Past the backoff's cap the caller is told to retry later (503), never a 500.
 */
public final class Transactions {
    private Transactions() {}

    /** A Put of an item that must not exist yet: its key is new, or the whole transaction is cancelled. */
    public static TransactWriteItem putNew(String table, Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }

    public static void write(DynamoDbClient db, List<TransactWriteItem> items) {
        write(db, items, Backoff.REQUEST);
    }

    public static void write(DynamoDbClient db, List<TransactWriteItem> items, Backoff backoff) {
        for (int attempt = 1; ; attempt++) {
            backoff.before(attempt, Transactions::stillConflicting);
            // One token per call, sent again with the same request on each of the SDK's own retries: when a
            // transaction committed but its answer was lost, DynamoDB acknowledges the retry without applying it
            // twice, instead of failing its conditions (a false "email taken"). A token stays valid for 10 minutes
            // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html). A
            // cancelled attempt wrote nothing, so the next attempt is a new call with a new token.
            String token = UUID.randomUUID().toString();
            try {
                db.transactWriteItems(request -> request.transactItems(items).clientRequestToken(token));
                return;
            } catch (TransactionCanceledException e) {
                if (!onlyConflicts(e)) {
                    throw e;
                }
            }
        }
    }

    /** Runs a single-item write, again after a backoff while it meets a running transaction. */
    public static <T> T retryingConflicts(Supplier<T> write) {
        return retryingConflicts(write, Backoff.REQUEST);
    }

    public static <T> T retryingConflicts(Supplier<T> write, Backoff backoff) {
        for (int attempt = 1; ; attempt++) {
            backoff.before(attempt, Transactions::stillConflicting);
            try {
                return write.get();
            } catch (TransactionConflictException e) {
                // Not applied: the item was locked by a transaction; try again once it is done.
            }
        }
    }

    public static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null
                && reasons.size() > index
                && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }

    /** Whether a condition failed at any index from {@code from} (inclusive) to {@code to} (exclusive). */
    public static boolean failedConditionIn(TransactionCanceledException e, int from, int to) {
        for (int index = from; index < to; index++) {
            if (failedCondition(e, index)) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyConflicts(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                && e.cancellationReasons().stream().anyMatch(reason -> "TransactionConflict".equals(reason.code()))
                && e.cancellationReasons().stream().noneMatch(reason -> "ConditionalCheckFailed".equals(reason.code()));
    }

    private static RetryLaterException stillConflicting() {
        return new RetryLaterException(
                RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                "Someone else is changing the same data right now; retry shortly",
                Duration.ofSeconds(1));
    }
}
