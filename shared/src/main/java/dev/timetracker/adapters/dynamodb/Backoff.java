package dev.timetracker.adapters.dynamodb;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * How long to wait before trying a DynamoDB call again that DynamoDB asked to repeat (unprocessed batch items, a
 * transaction conflict): exponential backoff with full jitter, capped in delay and in attempts, as AWS advises for
 * batch operations ("we strongly recommend that you use an exponential backoff algorithm",
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html) and in general
 * (https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/retry-strategy.html). The sleeper is injectable so
 * that tests see the delays without waiting for them.
 *
 * @param first       the largest delay before the second attempt; it doubles with each attempt
 * @param longest     no delay exceeds this
 * @param maxAttempts attempts in all, the first included
 */
public record Backoff(Duration first, Duration longest, int maxAttempts, Sleeper sleeper) {
    /** Waits; {@link Thread#sleep} outside tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    /** For calls within an API request: at most ~0.4 s of waiting in all before the client gets a 503. */
    public static final Backoff REQUEST =
            new Backoff(Duration.ofMillis(25), Duration.ofMillis(200), 5, delay -> Thread.sleep(delay.toMillis()));

    public Backoff {
        if (maxAttempts < 1 || first.isNegative() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("Invalid backoff " + first + ".." + longest + " x" + maxAttempts);
        }
    }

    public Backoff withSleeper(Sleeper other) {
        return new Backoff(first, longest, maxAttempts, other);
    }

    /**
     * Called before attempt number {@code attempt} (1-based): returns at once for the first; waits a random time
     * up to {@code min(longest, first * 2^(attempt-2))} before a later one; throws what {@code exhausted} gives
     * instead of an attempt beyond {@link #maxAttempts()}.
     */
    public void before(int attempt, Supplier<? extends RuntimeException> exhausted) {
        if (attempt <= 1) {
            return;
        }
        if (attempt > maxAttempts) {
            throw exhausted.get();
        }
        long ceiling = Math.min(longest.toNanos(), first.toNanos() << Math.min(attempt - 2, 30));
        Duration delay = Duration.ofNanos(ThreadLocalRandom.current().nextLong(ceiling + 1));
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while backing off", e);
        }
    }
}
