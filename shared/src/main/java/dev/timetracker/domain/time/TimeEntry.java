package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One punch as stored. {@code timestamp} is when the employee punched (for offline punches, the device's clock);
 * {@code recordedAt} is when the server received it; both are kept at {@link TimePrecision} whatever they were
 * given with, so that an entry compares, sorts and prints as what is stored (entries an older version stored
 * with fractions of a second read back the same way). {@code workDate} is null until the entry has been placed
 * in its cycle by {@link WorkDateAssignment}; {@code notes} and {@code clientPunchId} are optional.
 */
public record TimeEntry(
        String id,
        String employeeId,
        PunchAction action,
        Instant timestamp,
        Instant recordedAt,
        @Nullable LocalDate workDate,
        EntrySource source,
        @Nullable String notes,
        @Nullable String clientPunchId) {

    public TimeEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(recordedAt, "recordedAt");
        Objects.requireNonNull(source, "source");
        timestamp = TimePrecision.of(timestamp);
        recordedAt = TimePrecision.of(recordedAt);
    }

    public TimeEntry withWorkDate(LocalDate date) {
        return new TimeEntry(id, employeeId, action, timestamp, recordedAt, date, source, notes, clientPunchId);
    }

    /** The synthetic punch_out written when a cycle ran past the maximum shift. */
    public boolean isAutoPunchOut() {
        return action == PunchAction.PUNCH_OUT && source == EntrySource.AUTO;
    }
}
