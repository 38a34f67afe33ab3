package dev.timetracker.domain.hours;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Instant;
import java.util.Optional;

public interface BusinessHoursStore {

    /** Adds a configuration together with its audit record. */
    void add(BusinessHours configuration, AuditStamp audit);

    /** The configuration with the greatest {@code effectiveFrom} not after {@code at}. */
    Optional<BusinessHours> inForceAt(Instant at);

    /** Every configuration, newest {@code effectiveFrom} first. */
    Page<BusinessHours> history(PageRequest page);
}
