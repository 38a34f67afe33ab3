package dev.timetracker.domain.correction;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.TimeBounds;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a client asks to change, already parsed. {@link #validate} reports every malformed field at once (400);
 * whether the changes make a valid day is {@link DayCorrection}'s question (422).
 */
public record CorrectionInput(
        @Nullable String employeeId,
        @Nullable LocalDate workDate,
        @Nullable String reason,
        @Nullable List<CorrectionChange> changes) {
    /**
     * A correction is applied in one transaction (at most 100 items): two per change (the voided original and its
     * replacement) plus the clock, the session, the date's aggregate, the correction and its audit record.
     */
    public static final int MAX_CHANGES = 40;

    public CorrectionInput {
        changes = changes == null ? null : List.copyOf(changes);
    }

    /** A correction request with every field present and checked. */
    public record Checked(String employeeId, LocalDate workDate, String reason, List<CorrectionChange> changes) {}

    /**
     * The request, checked.
     *
     * @throws dev.timetracker.domain.ValidationException listing every malformed field
     */
    public Checked validate() {
        FieldErrors errors = new FieldErrors();
        if (employeeId == null) {
            errors.add("employee_id", "is required");
        }
        Identifiers.check(errors, "employee_id", employeeId);
        if (workDate == null) {
            errors.add("work_date", "is required");
        } else if (!TimeBounds.contains(workDate)) {
            errors.add("work_date", "must lie between " + TimeBounds.EARLIEST_DATE + " and " + TimeBounds.LATEST_DATE);
        }
        TextLimits.checkReason(errors, "reason", reason);
        if (changes == null || changes.isEmpty()) {
            errors.add("changes", "must name at least one change");
        } else if (changes.size() > MAX_CHANGES) {
            errors.add("changes", "must have at most " + MAX_CHANGES + " changes; split the correction");
        } else {
            for (int i = 0; i < changes.size(); i++) {
                String field = "changes[" + i + "]";
                CorrectionChange change = changes.get(i);
                change.voidedEntryId().ifPresent(id -> Identifiers.check(errors, field + ".entry_id", id));
                change.addedAt()
                        .filter(at -> !TimeBounds.contains(at))
                        .ifPresent(at -> errors.add(field + ".timestamp", "is out of range"));
            }
        }
        errors.throwIfAny();
        // Each is present, or the errors above named it.
        return new Checked(
                Objects.requireNonNull(employeeId),
                Objects.requireNonNull(workDate),
                Objects.requireNonNull(reason),
                Objects.requireNonNull(changes));
    }
}
