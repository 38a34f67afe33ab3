package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything an employee did on one work date. Built by {@link SessionTally#toSession}; while a cycle is open the
 * figures are a live view up to the instant they were computed for and {@code lastOut} is null.
 */
public record WorkSession(
        String employeeId,
        LocalDate workDate,
        Instant firstIn,
        @Nullable Instant lastOut,
        long workedSeconds,
        long breakSeconds,
        List<PunchCycle> cycles,
        long lateSeconds,
        long earlyLeaveSeconds,
        long overtimeSeconds,
        long payableSeconds,
        long breakShortfallSeconds,
        SessionStatus status,
        List<String> flags) {

    /** The session holds a cycle that the employee never closed; it was closed by an auto punch_out. */
    public static final String MISSING_PUNCH_OUT = "missing_punch_out";
    /** The breaks are shorter than the strictest break rule that applies asks for. */
    public static final String BREAK_SHORT = "break_short";
    /** More worked than the pay rules' max_daily_minutes. */
    public static final String OVER_MAX_DAILY = "over_max_daily";
    /** Less rest since the previous work day's last_out than min_rest_minutes. */
    public static final String SHORT_REST = "short_rest";

    public WorkSession {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(workDate, "workDate");
        Objects.requireNonNull(firstIn, "firstIn");
        Objects.requireNonNull(status, "status");
        cycles = List.copyOf(cycles);
        flags = List.copyOf(flags);
    }

    public boolean isOpen() {
        return status == SessionStatus.OPEN;
    }
}
