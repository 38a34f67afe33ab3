package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.http.Problems;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.EmployeeTotals;
import dev.timetracker.domain.report.Overview;
import dev.timetracker.domain.report.Report;
import java.util.List;

/** The report responses of the API contract ({@code /api/reports/overview/}, {@code daily/}, {@code employees/}). */
public final class ReportJson {
    private ReportJson() {}

    public static ObjectNode overview(Report<Overview> report) {
        Overview overview = report.figures();
        ObjectNode body = Json.object();
        body.put("date", overview.date().toString());
        body.put("employees_active", overview.states().active());
        body.put("working", overview.states().working());
        body.put("on_break", overview.states().onBreak());
        body.put("off", overview.states().off());
        body.put("late_today", overview.lateToday());
        body.put("worked_seconds_today", overview.workedSecondsToday());
        body.put("worked_seconds_week", overview.workedSecondsWeek());
        return dataErrors(body, report);
    }

    public static ObjectNode daily(List<DayTotals> days, String nextCursor, Report<?> report) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        days.forEach(day -> items.addObject()
                .put("date", day.date().toString())
                .put("employees_present", day.employeesPresent())
                .put("worked_seconds", day.workedSeconds())
                .put("break_seconds", day.breakSeconds())
                .put("late_count", day.lateCount()));
        body.put("next_cursor", nextCursor);
        return dataErrors(body, report);
    }

    public static ObjectNode employees(Report<List<EmployeeTotals>> report, String nextCursor) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("items");
        report.figures()
                .forEach(totals -> items.addObject()
                        .put("employee_id", totals.employeeId())
                        .put("name", totals.name())
                        .put("days_worked", totals.daysWorked())
                        .put("worked_seconds", totals.workedSeconds())
                        .put("break_seconds", totals.breakSeconds())
                        .put("late_days", totals.lateDays())
                        .put("late_seconds", totals.lateSeconds())
                        .put("early_leave_days", totals.earlyLeaveDays())
                        .put("overtime_seconds", totals.overtimeSeconds())
                        .put("weekly_overtime_seconds", totals.weeklyOvertimeSeconds())
                        .put("payable_seconds", totals.payableSeconds()));
        body.put("next_cursor", nextCursor);
        return dataErrors(body, report);
    }

    /**
     * {@code data_errors}: the employees whose time records cannot be interpreted. Their figures that are not
     * final yet are left out of this report (final ones still count); everyone else's are complete.
     */
    private static ObjectNode dataErrors(ObjectNode body, Report<?> report) {
        if (report.unreadable().isEmpty()) {
            return body;
        }
        ArrayNode errors = body.putArray("data_errors");
        report.unreadable()
                .forEach(failure -> errors.addObject()
                        .put("employee_id", failure.employeeId())
                        .put("type", Problems.TYPE_PREFIX + failure.slug())
                        .put(
                                "detail",
                                "This employee's time records cannot be interpreted: their figures that "
                                        + "are not final yet are missing here until an admin repairs the records."));
        return body;
    }
}
