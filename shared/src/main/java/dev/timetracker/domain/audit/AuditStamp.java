package dev.timetracker.domain.audit;

import dev.timetracker.domain.access.Actor;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The who, when and why of one change. Stores write it, with the value before and after, in the same
 * transaction as the change, so there is never a change without its record nor a record without its change.
 */
public record AuditStamp(
        String id,
        Instant at,
        Actor actor,
        String action,
        @Nullable String reason) {}
