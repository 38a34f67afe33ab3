package dev.timetracker.local.dynamodb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transactions that are "running": DynamoDB refuses a PutItem, UpdateItem or DeleteItem of an item that an ongoing
 * TransactWriteItems holds with TransactionConflictException, and cancels a transaction that meets another one's
 * item with the reason TransactionConflict (the same for a TransactGetItems that meets an ongoing write)
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-conflict-handling,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_PutItem.html "TransactionConflictException").
 *
 * <p>Here a transaction otherwise runs atomically under the database lock, so it is "running" only when a test
 * pauses it: {@link #pauseNext} holds the next transaction that writes an item of the given partition right after
 * it checked its conditions and locked its items, until the test resumes it.
 */
public final class TransactionGate {
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final Map<ItemRef, PausedTransaction> locks = new HashMap<>();
    private final List<PausedTransaction> armed = new ArrayList<>();
    private final AtomicLong refused = new AtomicLong();

    TransactionGate() {}

    /** A transaction paused after locking its items; see {@link TransactionGate#pauseNext}. */
    public static final class PausedTransaction {
        private final String table;
        private final String partitionKey;
        private final CountDownLatch locked = new CountDownLatch(1);
        private final CountDownLatch resumed = new CountDownLatch(1);
        private final CountDownLatch committed = new CountDownLatch(1);
        private volatile boolean resumeOnConflict;

        private PausedTransaction(String table, String partitionKey) {
            this.table = table;
            this.partitionKey = partitionKey;
        }

        /** Waits until the transaction has checked its conditions and holds its items. */
        public boolean awaitLocked(Duration timeout) throws InterruptedException {
            return locked.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Lets the transaction commit. */
        public void resume() {
            resumed.countDown();
        }

        /**
         * Commits the transaction as soon as a request is refused because of it, before that request gets its
         * answer: a client that retries after a TransactionConflict then finds the transaction done.
         */
        public void resumeOnConflict() {
            resumeOnConflict = true;
        }

        /** Waits until the transaction has committed (or was given up). */
        public boolean awaitCommitted(Duration timeout) throws InterruptedException {
            return committed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        boolean matches(Collection<ItemRef> items) {
            return items.stream().anyMatch(item -> item.table().equals(table) && item.hasPartitionKey(partitionKey));
        }
    }

    /**
     * Pauses the next TransactWriteItems that writes an item of table {@code table} whose partition key is the
     * string {@code partitionKey}, once it has locked its items.
     */
    public synchronized PausedTransaction pauseNext(String table, String partitionKey) {
        PausedTransaction pause = new PausedTransaction(table, partitionKey);
        armed.add(pause);
        return pause;
    }

    /** How many requests were refused because they met a running transaction. */
    public long conflictsRefused() {
        return refused.get();
    }

    /** The running transaction holding this item, or null. Caller holds the database lock. */
    synchronized PausedTransaction holder(ItemRef item) {
        return locks.get(item);
    }

    /**
     * For a transaction that passed its conditions: the pause armed for it (its items are then locked), or null.
     * Caller holds the database's write lock.
     */
    synchronized PausedTransaction lockIfPaused(List<ItemRef> items) {
        for (PausedTransaction pause : armed) {
            if (pause.matches(items)) {
                armed.remove(pause);
                items.forEach(item -> locks.put(item, pause));
                return pause;
            }
        }
        return null;
    }

    /** Called without any database lock: the transaction waits here until resumed. */
    void awaitResume(PausedTransaction pause) {
        pause.locked.countDown();
        try {
            if (!pause.resumed.await(LONGEST_PAUSE.toNanos(), TimeUnit.NANOSECONDS)) {
                System.getLogger(TransactionGate.class.getName())
                        .log(
                                System.Logger.Level.WARNING,
                                "A paused transaction was never resumed; committing it after " + LONGEST_PAUSE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The transaction committed (or failed): its items are free again. Caller holds the database's write lock. */
    synchronized void unlock(PausedTransaction pause) {
        locks.values().removeIf(holder -> holder == pause);
    }

    /** After the commit, outside the database lock. */
    void committed(PausedTransaction pause) {
        pause.committed.countDown();
    }

    /**
     * A request was refused because of {@code holder}; called without any database lock, before the refusal is
     * answered.
     */
    void refused(PausedTransaction holder) {
        refused.incrementAndGet();
        if (holder.resumeOnConflict) {
            holder.resume();
            try {
                holder.awaitCommitted(LONGEST_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
