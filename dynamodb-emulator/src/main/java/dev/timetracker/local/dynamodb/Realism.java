package dev.timetracker.local.dynamodb;

import java.time.Duration;
import java.util.Objects;

/**
 * Which of DynamoDB's documented, non-deterministic behaviours the emulator reproduces. Off, the emulator is the
 * strictest-possible DynamoDB (indexes at once, every batch item processed, TTL within seconds); on, code that
 * only works when DynamoDB happens to be fast fails here as it would in AWS. Each behaviour can also be driven
 * deterministically at run time through {@link DynamoDbEmulator#indexes()}, {@link DynamoDbEmulator#batches()},
 * {@link DynamoDbEmulator#transactions()} and {@link DynamoDbEmulator#sweepTtl()}.
 *
 * @param maxIndexLag   a base-table write reaches each global secondary index after a random delay up to this
 *                      (zero: at once)
 * @param batchHandBack the share (0..1) of first attempts of BatchGetItem/BatchWriteItem with more than one item
 *                      that get part of their items back as UnprocessedKeys/UnprocessedItems
 * @param ttlDelay      how long an item past its TTL stays readable before the background sweep deletes it
 * @param seed          seeds every random choice, so that a failing run can be repeated
 */
public record Realism(Duration maxIndexLag, double batchHandBack, Duration ttlDelay, long seed) {
    /** Where the background TTL sweep of a strict emulator leaves expired items for at most its interval. */
    private static final Duration PROMPT_TTL = Duration.ZERO;

    public Realism {
        Objects.requireNonNull(maxIndexLag, "maxIndexLag");
        Objects.requireNonNull(ttlDelay, "ttlDelay");
        if (maxIndexLag.isNegative() || ttlDelay.isNegative() || batchHandBack < 0 || batchHandBack > 1) {
            throw new IllegalArgumentException(
                    "Invalid realism options: " + maxIndexLag + ", " + batchHandBack + ", " + ttlDelay);
        }
    }

    /** No realism: indexes at once, every batch item processed, expired items swept within seconds. */
    public static Realism off() {
        return new Realism(Duration.ZERO, 0, PROMPT_TTL, 0);
    }

    /**
     * What the integration suite runs with: GSIs lag up to 100 ms (AWS: "within 1 second" normally), 30% of
     * multi-item batches come back partly unprocessed, and expired items stay for an hour (AWS: up to two days),
     * so that within a test only {@link DynamoDbEmulator#sweepTtl()} deletes them.
     */
    public static Realism suite(long seed) {
        return new Realism(Duration.ofMillis(100), 0.3, Duration.ofHours(1), seed);
    }

    public boolean isOff() {
        return maxIndexLag.isZero() && batchHandBack == 0 && ttlDelay.equals(PROMPT_TTL);
    }
}
