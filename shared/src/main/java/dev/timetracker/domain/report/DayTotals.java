package dev.timetracker.domain.report;

import dev.timetracker.domain.time.WorkSession;

import java.time.LocalDate;

/** One work date across employees: the daily report's row and the overview's sums. */
public record DayTotals(LocalDate date, long employeesPresent, long workedSeconds, long breakSeconds, long lateCount) {

    public static DayTotals empty(LocalDate date) {
        return new DayTotals(date, 0, 0, 0, 0);
    }

    public DayTotals plus(DayTotals other) {
        if (!other.date.equals(date)) {
            throw new IllegalArgumentException("totals of " + other.date + " added to " + date);
        }
        return new DayTotals(date, employeesPresent + other.employeesPresent, workedSeconds + other.workedSeconds,
                breakSeconds + other.breakSeconds, lateCount + other.lateCount);
    }

    public DayTotals add(WorkSession session) {
        if (!session.workDate().equals(date)) {
            throw new IllegalArgumentException("session of " + session.workDate() + " added to " + date);
        }
        return new DayTotals(date, employeesPresent + 1, workedSeconds + session.workedSeconds(),
                breakSeconds + session.breakSeconds(), lateCount + (session.lateSeconds() > 0 ? 1 : 0));
    }
}
