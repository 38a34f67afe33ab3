package dev.timetracker.local.dynamodb;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * How base-table writes reach global secondary indexes. DynamoDB updates a GSI asynchronously: "All reads from
 * GSIs and streams are eventually consistent" and a Query on a GSI "may not reflect the results of a recently
 * completed write operation" (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html);
 * "Write operations propagate to a GSI within 1 second" normally
 * (https://repost.aws/knowledge-center/dynamodb-missing-table-items-gsi). Local secondary indexes are updated
 * with the item and are not affected.
 *
 * <p>Updates are applied in the order of the writes (one queue for the whole database), each no earlier than its
 * own random delay. Tests control it: {@link #hold()} keeps every update pending until {@link #release()};
 * {@link #awaitPropagated(Duration)} waits until nothing is pending, as a client would poll the index.
 */
public final class IndexPropagation {
    private record Pending(Table table, Map<String, AttrValue> before, Map<String, AttrValue> after, long dueNanos) {}

    private final Database db;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private ScheduledExecutorService scheduler;
    private long maxLagNanos;
    private Random random = new Random(0);
    private boolean held;

    IndexPropagation(Database db) {
        this.db = db;
    }

    /** From now on updates may be delayed; before, they are applied at once (e.g. while a snapshot loads). */
    synchronized void start(ScheduledExecutorService executor, Duration maxLag, long seed) {
        this.scheduler = executor;
        lag(maxLag, seed);
    }

    /** Every later write reaches the indexes after a random delay of at most {@code maxLag} (seeded). */
    public synchronized void lag(Duration maxLag, long seed) {
        this.maxLagNanos = maxLag.toNanos();
        this.random = new Random(seed);
    }

    /** Keeps every index update pending, from now until {@link #release()}: the index shows its state as of now. */
    public synchronized void hold() {
        held = true;
    }

    /** Applies every pending index update now and lets later ones through again (after their lag, if any). */
    public void release() {
        db.exclusively(() -> {
            synchronized (this) {
                held = false;
                applyPending(true);
            }
        });
    }

    /** How many base-table writes have not reached the indexes yet. */
    public synchronized int pending() {
        return queue.size();
    }

    /**
     * Waits until every write made so far has reached the indexes.
     *
     * @return false if some were still pending after the timeout
     * @throws IllegalStateException if propagation is held: nothing would ever arrive
     */
    public synchronized boolean awaitPropagated(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty()) {
            if (held) {
                throw new IllegalStateException("Index propagation is held; release() it first");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Called by a table, under the database's write lock, for every change of an item. */
    void submit(Table table, Map<String, AttrValue> before, Map<String, AttrValue> after) {
        synchronized (this) {
            if (scheduler == null || (maxLagNanos == 0 && !held && queue.isEmpty())) {
                table.applyToGlobalIndexes(before, after);
                return;
            }
            long delay = maxLagNanos == 0 ? 0 : random.nextLong(maxLagNanos + 1);
            queue.add(new Pending(table, before, after, System.nanoTime() + delay));
            if (!held) {
                // Nothing waits for the run: guarded() logs what it throws instead of leaving it in the future.
                ScheduledFuture<?> unused = scheduler.schedule(
                        DynamoDbEmulator.guarded("index propagation", this::applyDue), delay, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void applyDue() {
        db.exclusively(() -> {
            synchronized (this) {
                if (!held) {
                    applyPending(false);
                }
            }
        });
    }

    /** Caller holds the database's write lock and this monitor. */
    private void applyPending(boolean all) {
        long now = System.nanoTime();
        // Strictly in write order: a later update of the same item must never be overtaken by an earlier one.
        while (!queue.isEmpty() && (all || queue.peek().dueNanos() - now <= 0)) {
            Pending next = queue.poll();
            next.table().applyToGlobalIndexes(next.before(), next.after());
        }
        if (queue.isEmpty()) {
            notifyAll();
        }
    }
}
