package dev.timetracker.domain.hours;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodLockedException;
import java.time.Clock;
import java.time.LocalDate;
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
        // The earliest work date the configuration can change, in any zone.
        LocalDate earliestChanged = RejudgeRequest.earliestDateChanged(configuration.effectiveFrom());
        PayPeriodLock current = lock.get();
        if (current.locks(earliestChanged)) {
            throw new PeriodLockedException(
                    earliestChanged,
                    "the pay period is locked through " + current.through()
                            + "; effective_from must be after it in every time zone");
        }
        // A configuration effective in the past asks, in the same write, that the final days it changes be judged
        // again (by the next nightly run).
        store.add(
                configuration,
                new AuditStamp(ids.get(), configuration.createdAt(), actor, "create", null),
                RejudgeRequest.of(configuration));
        return configuration;
    }
}
