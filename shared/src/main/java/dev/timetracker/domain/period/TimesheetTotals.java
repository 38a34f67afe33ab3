package dev.timetracker.domain.period;

import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.WeeklyOvertime;
import dev.timetracker.domain.time.WorkSession;
import java.util.List;

/**
 * The figures of one employee's week: sums of its days, and weekly overtime as {@link WeeklyOvertime} shares it
 * out (the same figure the employees report gives for those days), so the totals always equal the sum of the days.
 */
public record TimesheetTotals(
        long workedSeconds, long payableSeconds, long breakSeconds, long overtimeSeconds, long weeklyOvertimeSeconds) {

    /** @param days the week's sessions, all of them: weekly overtime of a day depends on the days before it */
    public static TimesheetTotals of(List<WorkSession> days, BusinessHoursTimeline timeline) {
        return new TimesheetTotals(
                days.stream().mapToLong(WorkSession::workedSeconds).sum(),
                days.stream().mapToLong(WorkSession::payableSeconds).sum(),
                days.stream().mapToLong(WorkSession::breakSeconds).sum(),
                days.stream().mapToLong(WorkSession::overtimeSeconds).sum(),
                WeeklyOvertime.total(days, timeline));
    }
}
