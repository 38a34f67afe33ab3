package dev.timetracker.domain.audit;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;

/** Reading the trail; records are written by each store in the same transaction as the change they record. */
public interface AuditStore {
    Page<AuditRecord> list(AuditFilter filter, PageRequest page);
}
