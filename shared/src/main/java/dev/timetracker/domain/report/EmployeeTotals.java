package dev.timetracker.domain.report;

import dev.timetracker.domain.time.WeeklyOvertime;
import dev.timetracker.domain.time.WorkSession;

/** One employee over a range of work dates: a row of the employees report. */
public record EmployeeTotals(
        String employeeId,
        String name,
        long daysWorked,
        long workedSeconds,
        long breakSeconds,
        long lateDays,
        long lateSeconds,
        long earlyLeaveDays,
        long overtimeSeconds,
        long weeklyOvertimeSeconds,
        long payableSeconds) {

    public static EmployeeTotals empty(String employeeId, String name) {
        return new EmployeeTotals(employeeId, name, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * A day counts as worked when it has any worked time.
     *
     * @param weeklyOvertimeShare the day's share of its week's overtime ({@link WeeklyOvertime#perDay})
     */
    public EmployeeTotals add(WorkSession session, long weeklyOvertimeShare) {
        return new EmployeeTotals(
                employeeId,
                name,
                daysWorked + (session.workedSeconds() > 0 ? 1 : 0),
                workedSeconds + session.workedSeconds(),
                breakSeconds + session.breakSeconds(),
                lateDays + (session.lateSeconds() > 0 ? 1 : 0),
                lateSeconds + session.lateSeconds(),
                earlyLeaveDays + (session.earlyLeaveSeconds() > 0 ? 1 : 0),
                overtimeSeconds + session.overtimeSeconds(),
                weeklyOvertimeSeconds + weeklyOvertimeShare,
                payableSeconds + session.payableSeconds());
    }
}
