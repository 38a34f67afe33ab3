package dev.timetracker.domain.hours;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodLockedException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.function.Supplier;

public final class BusinessHoursService {
    private final BusinessHoursStore store;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Supplier<PayPeriodLock> lock;

    public BusinessHoursService(BusinessHoursStore store, Clock clock, Supplier<String> ids) {
        this(store, clock, ids, () -> PayPeriodLock.NONE);
    }

    /** @param lock the pay-period lock as stored: a new configuration never starts on a locked date */
    public BusinessHoursService(
            BusinessHoursStore store, Clock clock, Supplier<String> ids, Supplier<PayPeriodLock> lock) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
        this.lock = lock;
    }

    /** The configuration in force now, or the built-in default before any was created. */
    public BusinessHours current() {
        return store.inForceAt(clock.instant()).orElse(BusinessHoursRules.DEFAULT);
    }

    public Page<BusinessHours> history(PageRequest page) {
        return store.history(page);
    }

    public BusinessHours create(BusinessHoursInput input, Actor actor) {
        BusinessHours configuration =
                BusinessHoursRules.newConfiguration(ids.get(), input, actor.id(), clock.instant());
        // A configuration judges every day whose first punch_in is at or after effective_from, and a work date is a
        // date in the employee's zone: the earliest date it can change is effective_from's date at the offset furthest
        // behind (no zone is behind UTC-18:00).
        LocalDate earliestChanged = LocalDate.ofInstant(configuration.effectiveFrom(), ZoneOffset.MIN);
        PayPeriodLock current = lock.get();
        if (current.locks(earliestChanged)) {
            throw new PeriodLockedException(
                    earliestChanged,
                    "the pay period is locked through " + current.through()
                            + "; effective_from must be after it in every time zone");
        }
        store.add(configuration, new AuditStamp(ids.get(), configuration.createdAt(), actor, "create", null));
        return configuration;
    }
}
