package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.Timesheet;
import dev.timetracker.domain.period.TimesheetTotals;
import dev.timetracker.domain.time.WorkSession;
import java.util.List;

/** Timesheets and the pay-period lock as the contract's "Corrections, timesheet approval and locked periods" spells them. */
public final class PeriodJson {
    private PeriodJson() {}

    /** The whole timesheet: its state with the week's days (each saying whether it is closed) and totals. */
    public static ObjectNode timesheet(
            Timesheet sheet, List<WorkSession> days, TimesheetTotals totals, ClosedDates closed) {
        ObjectNode json = Json.object();
        json.put("employee_id", sheet.employeeId());
        json.put("week", sheet.week().toString());
        ArrayNode list = json.putArray("days");
        days.forEach(day -> list.add(TimeJson.session(day, closed.isClosed(day.workDate()))));
        ObjectNode sums = json.putObject("totals");
        sums.put("worked_seconds", totals.workedSeconds());
        sums.put("payable_seconds", totals.payableSeconds());
        sums.put("break_seconds", totals.breakSeconds());
        sums.put("overtime_seconds", totals.overtimeSeconds());
        sums.put("weekly_overtime_seconds", totals.weeklyOvertimeSeconds());
        putState(json, sheet);
        return json;
    }

    /** The approval state alone: what the audit trail keeps before and after a transition. */
    public static ObjectNode timesheetState(Timesheet sheet) {
        ObjectNode json = Json.object();
        json.put("employee_id", sheet.employeeId());
        json.put("week", sheet.week().toString());
        putState(json, sheet);
        return json;
    }

    private static void putState(ObjectNode json, Timesheet sheet) {
        json.put("status", sheet.status().wire());
        json.put("submitted_at", Json.instant(sheet.submittedAt()));
        json.put("approved_by", sheet.approvedBy());
        json.put("approved_at", Json.instant(sheet.approvedAt()));
    }

    public static ObjectNode lock(PayPeriodLock lock) {
        ObjectNode json = Json.object();
        json.put("through", lock.through() == null ? null : lock.through().toString());
        json.put("reason", lock.reason());
        json.put("moved_by", lock.movedBy());
        json.put("moved_at", Json.instant(lock.movedAt()));
        json.put("effective_at", Json.instant(lock.effectiveAt()));
        return json;
    }
}
