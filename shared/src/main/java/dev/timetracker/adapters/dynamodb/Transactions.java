package dev.timetracker.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TransactWriteItems with DynamoDB's one transient cancellation handled: when two transactions touch the same
 * item at once, one is cancelled with TransactionConflict although no condition failed. Trying again lets the
 * conditions decide, so two concurrent creates of one email end as one success and one conflict.
 */
public final class Transactions {
    private static final int MAX_ATTEMPTS = 4;

    private Transactions() {
    }

    public static void write(DynamoDbClient db, List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                db.transactWriteItems(request -> request.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt == MAX_ATTEMPTS || !onlyConflicts(e)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    public static boolean failedCondition(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
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
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(reason -> "TransactionConflict".equals(reason.code()))
                && e.cancellationReasons().stream()
                .noneMatch(reason -> "ConditionalCheckFailed".equals(reason.code()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
