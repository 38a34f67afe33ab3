package dev.timetracker.adapters.dynamodb;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value read from DynamoDB at most once per {@code maxAge} per function instance, and again whenever the clock
 * has gone back before the last read (an injected test clock, or a SnapStart restore on another host). What every
 * organisation-wide setting on a one-call request path needs: reading it in each request would add a call and
 * make its single item a hot key.
 */
final class RefreshingValue<T> {
    private final Supplier<T> reader;
    private final Duration maxAge;
    private volatile @Nullable T value;
    private volatile Instant readAt = Instant.MIN;

    RefreshingValue(Supplier<T> reader, Duration maxAge) {
        this.reader = reader;
        this.maxAge = maxAge;
    }

    /** The value as of {@code now}: the one read last unless it is {@code maxAge} old or from a later instant. */
    T get(Instant now) {
        T current = value;
        if (current == null || !now.isBefore(readAt.plus(maxAge)) || now.isBefore(readAt)) {
            current = reader.get();
            value = current;
            readAt = now;
        }
        return current;
    }

    T get(Clock clock) {
        return get(clock.instant());
    }
}
