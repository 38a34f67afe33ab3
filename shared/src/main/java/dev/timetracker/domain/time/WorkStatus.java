package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where an employee stands right now, and how today has gone so far. "Today" is the work date of the open cycle
 * if there is one (a night shift stays on the date it started), else the local date of now.
 *
 * @param since     when the employee last punched; null if they never did
 * @param firstIn   the first punch_in of today; null if they did not punch in today
 */
public record WorkStatus(
        WorkState state,
        @Nullable Instant since,
        LocalDate workDate,
        long workedSeconds,
        long breakSeconds,
        int cycles,
        @Nullable Instant firstIn,
        long lateSeconds) {

    public WorkStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(workDate, "workDate");
    }

    /**
     * The work date the status route reports on, from the employee's latest entry alone, so that storage can load
     * just that date's entries.
     *
     * @param latest the employee's latest entry with its work date, or null if they never punched
     */
    public static LocalDate today(@Nullable TimeEntry latest, ZoneId zone, Instant now) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(now, "now");
        if (latest != null && PunchStateMachine.stateAfter(latest.action()) != WorkState.OFF) {
            return Objects.requireNonNull(latest.workDate(), "work date of the latest entry");
        }
        return LocalDate.ofInstant(now, zone);
    }

    /**
     * The status from the latest entry and the entries of {@link #today}'s work date, which is what storage
     * can fetch cheaply.
     *
     * @param latest       the employee's latest entry with its work date, or null if they never punched
     * @param todaysEntries every entry of today's work date, oldest first (empty if none)
     */
    public static WorkStatus of(
            String employeeId,
            @Nullable TimeEntry latest,
            List<TimeEntry> todaysEntries,
            ZoneId zone,
            BusinessHoursTimeline timeline,
            Instant now) {
        LocalDate today = today(latest, zone, now);
        PunchLedger day = PunchLedger.of(employeeId, zone, todaysEntries);
        if (!day.workDates().isEmpty() && !day.workDates().equals(List.of(today))) {
            throw new IllegalArgumentException(
                    "expected only entries of work date " + today + ", got " + day.workDates());
        }
        WorkState state = latest == null ? WorkState.OFF : PunchStateMachine.stateAfter(latest.action());
        if (state != day.state()) {
            throw new IllegalArgumentException("the latest entry leaves the employee " + state.wire()
                    + " but today's entries leave them " + day.state().wire());
        }
        return of(state, latest == null ? null : latest.timestamp(), today, day.session(today, timeline, now));
    }

    static WorkStatus of(WorkState state, @Nullable Instant since, LocalDate today, Optional<WorkSession> session) {
        return session.map(s -> new WorkStatus(
                        state,
                        since,
                        today,
                        s.workedSeconds(),
                        s.breakSeconds(),
                        s.cycles().size(),
                        s.firstIn(),
                        s.lateSeconds()))
                .orElseGet(() -> new WorkStatus(state, since, today, 0, 0, 0, null, 0));
    }
}
