package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkStatus;

/** TimeEntry, WorkStatus and WorkSession as the contract's time-tracking section spells them. */
public final class TimeJson {
    private TimeJson() {}

    public static ObjectNode entry(TimeEntry entry) {
        ObjectNode json = Json.object();
        json.put("id", entry.id());
        json.put("employee_id", entry.employeeId());
        json.put("action", entry.action().wire());
        json.put("timestamp", Json.instant(entry.timestamp()));
        json.put("recorded_at", Json.instant(entry.recordedAt()));
        json.put("work_date", entry.workDate() == null ? null : entry.workDate().toString());
        json.put("source", entry.source().wire());
        json.put("notes", entry.notes());
        return json;
    }

    /** An entry as lists show it: one a correction voided carries {@code voided_by}, the correction's id. */
    public static ObjectNode entry(TimeEntry entry, String voidedBy) {
        ObjectNode json = entry(entry);
        if (voidedBy != null) {
            json.put("voided_by", voidedBy);
        }
        return json;
    }

    public static ObjectNode status(String employeeId, WorkStatus status) {
        ObjectNode json = Json.object();
        json.put("employee_id", employeeId);
        json.put("status", status.state().wire());
        json.put("since", Json.instant(status.since()));
        json.put("work_date", status.workDate().toString());
        ObjectNode today = json.putObject("today");
        today.put("worked_seconds", status.workedSeconds());
        today.put("break_seconds", status.breakSeconds());
        today.put("cycles", status.cycles());
        today.put("first_in", Json.instant(status.firstIn()));
        today.put("late_seconds", status.lateSeconds());
        return json;
    }

    /** @param locked whether the session's work date is closed for its employee (lock or approved week) */
    public static ObjectNode session(WorkSession session, boolean locked) {
        ObjectNode json = Json.object();
        json.put("employee_id", session.employeeId());
        json.put("work_date", session.workDate().toString());
        json.put("first_in", Json.instant(session.firstIn()));
        json.put("last_out", Json.instant(session.lastOut()));
        json.put("worked_seconds", session.workedSeconds());
        json.put("break_seconds", session.breakSeconds());
        ArrayNode cycles = json.putArray("cycles");
        for (PunchCycle cycle : session.cycles()) {
            ObjectNode item = cycles.addObject();
            item.put("punch_in", Json.instant(cycle.punchIn()));
            item.put("punch_out", Json.instant(cycle.punchOut()));
            item.put("worked_seconds", cycle.workedSeconds());
            item.put("break_seconds", cycle.breakSeconds());
        }
        json.put("late_seconds", session.lateSeconds());
        json.put("early_leave_seconds", session.earlyLeaveSeconds());
        json.put("overtime_seconds", session.overtimeSeconds());
        json.put("payable_seconds", session.payableSeconds());
        json.put("break_shortfall_seconds", session.breakShortfallSeconds());
        json.put("status", session.status().wire());
        ArrayNode flags = json.putArray("flags");
        session.flags().forEach(flags::add);
        json.put("locked", locked);
        return json;
    }
}
