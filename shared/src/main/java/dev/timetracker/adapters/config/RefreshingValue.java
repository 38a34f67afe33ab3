package dev.timetracker.adapters.config;

import dev.timetracker.adapters.http.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value read from Secrets Manager or Parameter Store that can change while a function runs (a rotated key):
 * loaded once when the function is built (so under SnapStart it is in the snapshot), then read again once it is
 * older than {@link #MAX_AGE}. Secrets Manager recommends caching secret values on the client
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html): a warm instance
 * asks at most once per 5 minutes instead of once per request.
 *
 * <p>A failed refresh keeps the last value (a throttled or unreachable service must not turn every request
 * into a 500) and is tried again {@link #MIN_INTERVAL} later; a failure of the first load fails the function's
 * start. Times come from the caller's clock, so tests move time instead of sleeping.
 */
public final class RefreshingValue<T> {
    /** How long a value is used before it is read again: the longest a rotation step waits for. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** The least time between two reads that were not due (a failure's retry, an early refresh). */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    private final String what;
    private final Supplier<T> source;
    private volatile T value;
    private volatile Instant loadedAt;
    /** When a due read last failed (it is tried again {@link #MIN_INTERVAL} later), or null. */
    private @Nullable Instant failedAt;
    /** When the last early read was made, or null. */
    private @Nullable Instant readEarlyAt;

    /** Loads the value now; throws when it cannot be read. */
    public RefreshingValue(String what, Supplier<T> source, Clock clock) {
        this.what = what;
        this.source = source;
        this.value = source.get();
        this.loadedAt = clock.instant();
    }

    /** The value, read again first when it is older than {@link #MAX_AGE}. */
    public T get(Instant now) {
        if (!now.isBefore(loadedAt.plus(MAX_AGE))) {
            readWhenDue(now);
        }
        return value;
    }

    /**
     * Reads the value again before it is due, at most once per {@link #MIN_INTERVAL}: for a caller that met
     * something the value should know (a token signed by a key published a moment ago). A stream of tokens
     * with made-up key ids therefore costs at most one read per interval.
     *
     * @return the value, new when a read was allowed and succeeded
     */
    public synchronized T refreshEarly(Instant now) {
        if (readEarlyAt == null || !now.isBefore(readEarlyAt.plus(MIN_INTERVAL))) {
            readEarlyAt = now;
            read(now);
        }
        return value;
    }

    private synchronized void readWhenDue(Instant now) {
        boolean stillDue = !now.isBefore(loadedAt.plus(MAX_AGE)); // another thread may just have read it
        if (stillDue && (failedAt == null || !now.isBefore(failedAt.plus(MIN_INTERVAL)))) {
            read(now);
        }
    }

    private void read(Instant now) {
        try {
            value = source.get();
            loadedAt = now;
            failedAt = null;
        } catch (RuntimeException e) {
            failedAt = now;
            Log.warn("Could not read " + what + " again; the value read before stays in use", "error", e.toString());
        }
    }
}
