package dev.timetracker.domain.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The synthetic punch_out that closes a cycle the employee left open past the maximum shift. It carries no id so
 * that finding it stays a pure function; the caller names the entry when it writes it.
 */
public record AutoPunchOut(
        String employeeId, LocalDate workDate, Instant punchIn, Instant timestamp, Duration maxShift) {

    public AutoPunchOut {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(workDate, "workDate");
        Objects.requireNonNull(punchIn, "punchIn");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(maxShift, "maxShift");
    }

    /**
     * @param chronological the employee's entries, oldest first, including every entry of the open cycle's work date
     */
    public static Optional<AutoPunchOut> due(
            String employeeId,
            List<TimeEntry> chronological,
            ZoneId zone,
            BusinessHoursTimeline timeline,
            Instant now) {
        return PunchLedger.of(employeeId, zone, chronological).autoPunchOutDue(timeline, now);
    }

    public TimeEntry toEntry(String id, Instant recordedAt) {
        return new TimeEntry(
                id,
                employeeId,
                PunchAction.PUNCH_OUT,
                timestamp,
                recordedAt,
                workDate,
                EntrySource.AUTO,
                "closed automatically after the maximum shift of " + maxShift.toHours() + " h",
                null);
    }
}
