package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Which items of a BatchGetItem or BatchWriteItem DynamoDB hands back unprocessed. DynamoDB may return part of
 * any batch as UnprocessedKeys/UnprocessedItems ("if the response size limit is exceeded, the table's provisioned
 * throughput is exceeded, more than 1MB per partition is requested, or an internal processing failure occurs")
 * and asks callers to retry them with exponential backoff
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 *
 * <p>A batch counts as a retry when it holds an item handed back during the last minute; a retry is processed
 * whole, except when starving (one item per call), so that callers that retry always finish.
 */
public final class UnprocessedBatches {
    private enum Mode {
        NONE,
        FIRST_ATTEMPT_HALF,
        RANDOM,
        ONE_PER_CALL
    }

    private static final long REMEMBERED_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int REMEMBERED_MAX = 10_000;

    private Mode mode = Mode.NONE;
    private boolean suspended;
    private double share;
    private Random random = new Random(0);
    private long handedBack;
    /** Items handed back recently, with when they are forgotten: a batch holding one of them is a retry. */
    private final Map<ItemRef, Long> recent = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ItemRef, Long> eldest) {
            return size() > REMEMBERED_MAX;
        }
    };

    UnprocessedBatches() {}

    /** Every item processed (what DynamoDB does below its size and throughput limits). */
    public synchronized void none() {
        mode = Mode.NONE;
    }

    /** Deterministic: every first attempt with more than one item gets its second half back. */
    public synchronized void firstAttemptHalf() {
        mode = Mode.FIRST_ATTEMPT_HALF;
    }

    /** A seeded random {@code share} of first attempts with more than one item get their second half back. */
    public synchronized void randomly(double shareOfFirstAttempts, long seed) {
        mode = shareOfFirstAttempts == 0 ? Mode.NONE : Mode.RANDOM;
        share = shareOfFirstAttempts;
        random = new Random(seed);
    }

    /** Starved throughput: every call, retries too, processes its first item only. */
    public synchronized void onePerCall() {
        mode = Mode.ONE_PER_CALL;
    }

    /** Processes every item until {@link #resume()}, whatever the mode; e.g. for a test that counts round trips. */
    public synchronized void suspend() {
        suspended = true;
    }

    /** Hands items back again as the mode says. */
    public synchronized void resume() {
        suspended = false;
    }

    /** How many items were handed back since the emulator started. */
    public synchronized long handedBack() {
        return handedBack;
    }

    /**
     * Decides, for the items of one batch in request order, which are handed back.
     *
     * @return a flag per item: true = unprocessed
     */
    synchronized boolean[] handBack(List<ItemRef> items) {
        boolean[] unprocessed = new boolean[items.size()];
        if (mode == Mode.NONE || suspended || items.size() < 2) {
            return unprocessed;
        }
        long now = System.nanoTime();
        recent.values().removeIf(forgetAt -> forgetAt - now < 0);
        int from;
        if (mode == Mode.ONE_PER_CALL) {
            from = 1;
        } else {
            boolean retry = false;
            for (ItemRef item : items) {
                retry |= recent.remove(item) != null;
            }
            if (retry || (mode == Mode.RANDOM && random.nextDouble() >= share)) {
                return unprocessed;
            }
            from = (items.size() + 1) / 2;
        }
        List<ItemRef> back = new ArrayList<>(items.subList(from, items.size()));
        for (int i = from; i < items.size(); i++) {
            unprocessed[i] = true;
        }
        back.forEach(item -> recent.put(item, now + REMEMBERED_NANOS));
        handedBack += back.size();
        return unprocessed;
    }
}
