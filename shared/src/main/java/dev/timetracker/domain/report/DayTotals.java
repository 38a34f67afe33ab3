package dev.timetracker.domain.report;

import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;

/**
 * One work date across employees: the daily report's row, the overview's sums and the nightly job's {@code DAILY}
 * aggregate ({@code lateSeconds} and {@code overtimeSeconds} are stored there, not shown by the daily report).
 */
public record DayTotals(
        LocalDate date,
        long employeesPresent,
        long workedSeconds,
        long breakSeconds,
        long lateCount,
        long lateSeconds,
        long overtimeSeconds) {

    public static DayTotals empty(LocalDate date) {
        return new DayTotals(date, 0, 0, 0, 0, 0, 0);
    }

    /** What the daily report shows of the date: late and overtime seconds are the aggregate's alone. */
    public DayTotals shown() {
        return new DayTotals(date, employeesPresent, workedSeconds, breakSeconds, lateCount, 0, 0);
    }

    public DayTotals plus(DayTotals other) {
        if (!other.date.equals(date)) {
            throw new IllegalArgumentException("totals of " + other.date + " added to " + date);
        }
        return new DayTotals(
                date,
                employeesPresent + other.employeesPresent,
                workedSeconds + other.workedSeconds,
                breakSeconds + other.breakSeconds,
                lateCount + other.lateCount,
                lateSeconds + other.lateSeconds,
                overtimeSeconds + other.overtimeSeconds);
    }

    /** Every session counts its employee as present, a zero-length one too; a late one counts once. */
    public DayTotals add(WorkSession session) {
        if (!session.workDate().equals(date)) {
            throw new IllegalArgumentException("session of " + session.workDate() + " added to " + date);
        }
        return new DayTotals(
                date,
                employeesPresent + 1,
                workedSeconds + session.workedSeconds(),
                breakSeconds + session.breakSeconds(),
                lateCount + (session.lateSeconds() > 0 ? 1 : 0),
                lateSeconds + session.lateSeconds(),
                overtimeSeconds + session.overtimeSeconds());
    }

    /** A mutable sum of one date's sessions, for code that folds them in a callback (the daily CSV's upload). */
    public static final class Sum {
        private DayTotals totals;

        public Sum(LocalDate date) {
            this.totals = empty(date);
        }

        public void add(WorkSession session) {
            totals = totals.add(session);
        }

        public DayTotals totals() {
            return totals;
        }
    }
}
