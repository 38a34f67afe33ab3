package dev.timetracker.domain.correction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A correction of one employee's work date, as the contract shows it. Its changes are kept as requested, so an
 * approval later applies exactly what was asked for (validated again against the day as it is then).
 */
public record Correction(
        String id,
        String employeeId,
        LocalDate workDate,
        List<CorrectionChange> changes,
        String reason,
        CorrectionStatus status,
        String requestedBy,
        Instant requestedAt,
        @Nullable String decidedBy,
        @Nullable Instant decidedAt,
        @Nullable String note) {

    public Correction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(workDate, "workDate");
        changes = List.copyOf(changes);
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** The same correction, decided. */
    public Correction decided(CorrectionStatus outcome, String by, Instant at, @Nullable String decisionNote) {
        return new Correction(
                id, employeeId, workDate, changes, reason, outcome, requestedBy, requestedAt, by, at, decisionNote);
    }
}
