package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.BusinessHoursInput;

import java.util.Set;

/** The business-hours resource of the API contract. */
public final class BusinessHoursJson {
    private static final Set<String> FIELDS = Set.of("timezone", "work_days", "start_time", "end_time",
            "late_grace_minutes", "early_leave_grace_minutes", "max_shift_hours", "daily_overtime_after_minutes",
            "effective_from");

    private BusinessHoursJson() {
    }

    public static BusinessHoursInput read(String body) {
        JsonFields fields = JsonFields.parse(body, FIELDS);
        BusinessHoursInput input = new BusinessHoursInput(
                fields.text("timezone"),
                fields.integers("work_days"),
                fields.text("start_time"),
                fields.text("end_time"),
                fields.integer("late_grace_minutes"),
                fields.integer("early_leave_grace_minutes"),
                fields.integer("max_shift_hours"),
                fields.integer("daily_overtime_after_minutes"),
                fields.text("effective_from"));
        fields.done();
        return input;
    }

    public static ObjectNode write(BusinessHours hours) {
        ObjectNode json = Json.object();
        json.put("id", hours.id());
        json.put("timezone", hours.timezone().getId());
        ArrayNode days = json.putArray("work_days");
        hours.workDays().stream().sorted().forEach(day -> days.add(day.getValue()));
        json.put("start_time", hours.startTime().toString());
        json.put("end_time", hours.endTime().toString());
        json.put("late_grace_minutes", hours.lateGraceMinutes());
        json.put("early_leave_grace_minutes", hours.earlyLeaveGraceMinutes());
        json.put("max_shift_hours", hours.maxShiftHours());
        json.put("daily_overtime_after_minutes", hours.dailyOvertimeAfterMinutes());
        json.put("effective_from", Json.instant(hours.effectiveFrom()));
        json.put("created_at", Json.instant(hours.createdAt()));
        json.put("created_by", hours.createdBy());
        return json;
    }
}
