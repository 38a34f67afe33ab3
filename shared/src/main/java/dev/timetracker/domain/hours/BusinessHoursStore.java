package dev.timetracker.domain.hours;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Instant;
import java.util.Optional;

public interface BusinessHoursStore {

    /** Adds a configuration together with its audit record. */
    default void add(BusinessHours configuration, AuditStamp audit) {
        add(configuration, audit, Optional.empty());
    }

    /**
     * Adds a configuration together with its audit record and, when it takes effect in the past, its request that the
     * final days it changes be judged again: all or nothing.
     */
    void add(BusinessHours configuration, AuditStamp audit, Optional<RejudgeRequest> rejudge);

    /** The configuration with the greatest {@code effectiveFrom} not after {@code at}. */
    Optional<BusinessHours> inForceAt(Instant at);

    /** Every configuration, newest {@code effectiveFrom} first. */
    Page<BusinessHours> history(PageRequest page);
}
