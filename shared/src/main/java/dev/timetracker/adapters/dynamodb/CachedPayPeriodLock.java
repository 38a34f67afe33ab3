package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodStore;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The pay-period lock as punches see it: read once per {@link PayPeriodLock#PUNCH_CACHE} per function instance, so
 * the common punch stays one write (the lock is one item for everyone: reading it, or a ConditionCheck on it, in
 * every punch would make it a hot key). A move forward takes effect {@link PayPeriodLock#TAKES_EFFECT_AFTER} later,
 * after every cache has it (docs/storage.md, "Punches on closed dates").
 */
public final class CachedPayPeriodLock implements Supplier<PayPeriodLock> {
    private final RefreshingValue<PayPeriodLock> lock;
    private final Clock clock;

    public CachedPayPeriodLock(PeriodStore store, Clock clock) {
        this.lock = new RefreshingValue<>(() -> store.lock().lock(), PayPeriodLock.PUNCH_CACHE);
        this.clock = clock;
    }

    @Override
    public PayPeriodLock get() {
        return get(clock.instant());
    }

    /** The lock as of {@code now} (the nightly job's own time), read again once it is a minute old. */
    public PayPeriodLock get(Instant now) {
        return lock.get(now);
    }
}
