package dev.timetracker.domain.audit;

import dev.timetracker.domain.access.Actor;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change as the audit trail keeps it: who, when, what, the value before and after (JSON documents, null
 * for a create) and the reason where one was given. Records are only ever added.
 */
public record AuditRecord(
        String id,
        Instant at,
        Actor actor,
        String action,
        String entityType,
        String entityId,
        @Nullable String beforeJson,
        @Nullable String afterJson,
        @Nullable String reason) {}
