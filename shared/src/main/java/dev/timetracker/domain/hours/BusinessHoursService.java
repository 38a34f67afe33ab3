package dev.timetracker.domain.hours;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.audit.AuditStamp;

import java.time.Clock;
import java.util.function.Supplier;

public final class BusinessHoursService {
    private final BusinessHoursStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    public BusinessHoursService(BusinessHoursStore store, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    /** The configuration in force now, or the built-in default before any was created. */
    public BusinessHours current() {
        return store.inForceAt(clock.instant()).orElse(BusinessHoursRules.DEFAULT);
    }

    public Page<BusinessHours> history(PageRequest page) {
        return store.history(page);
    }

    public BusinessHours create(BusinessHoursInput input, Actor actor) {
        BusinessHours configuration = BusinessHoursRules.newConfiguration(ids.get(), input, actor.id(), clock.instant());
        store.add(configuration, new AuditStamp(ids.get(), configuration.createdAt(), actor, "create", null));
        return configuration;
    }
}
