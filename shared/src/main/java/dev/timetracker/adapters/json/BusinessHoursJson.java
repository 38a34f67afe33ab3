package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.BusinessHoursInput;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.hours.PayRulesInput;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The business-hours resource of the API contract. */
public final class BusinessHoursJson {
    private static final Set<String> FIELDS = Set.of(
            "timezone",
            "work_days",
            "start_time",
            "end_time",
            "late_grace_minutes",
            "early_leave_grace_minutes",
            "max_shift_hours",
            "daily_overtime_after_minutes",
            "effective_from",
            "weekly_overtime_after_minutes",
            "break_rules",
            "auto_deduct_break",
            "max_daily_minutes",
            "min_rest_minutes",
            "rounding");
    private static final Set<String> BREAK_RULE_FIELDS = Set.of("after_minutes", "min_break_minutes");
    private static final Set<String> ROUNDING_FIELDS = Set.of("increment_minutes", "punch_in", "punch_out");

    private BusinessHoursJson() {}

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
                fields.text("effective_from"),
                payRules(fields));
        fields.done();
        return input;
    }

    /** The optional pay rules; JSON null and absent mean the same: not configured. */
    private static PayRulesInput payRules(JsonFields fields) {
        List<JsonFields> breakRules = fields.objects("break_rules", BREAK_RULE_FIELDS);
        JsonFields rounding = fields.object("rounding", ROUNDING_FIELDS);
        return new PayRulesInput(
                fields.isNull("weekly_overtime_after_minutes") ? null : fields.integer("weekly_overtime_after_minutes"),
                breakRules == null
                        ? null
                        : breakRules.stream()
                                .map(rule -> new PayRulesInput.BreakRuleInput(
                                        rule.integer("after_minutes"), rule.integer("min_break_minutes")))
                                .toList(),
                fields.isNull("auto_deduct_break") ? null : fields.bool("auto_deduct_break"),
                fields.isNull("max_daily_minutes") ? null : fields.integer("max_daily_minutes"),
                fields.isNull("min_rest_minutes") ? null : fields.integer("min_rest_minutes"),
                rounding == null
                        ? null
                        : new PayRulesInput.RoundingInput(
                                rounding.integer("increment_minutes"),
                                rounding.text("punch_in"),
                                rounding.text("punch_out")));
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
        writePayRules(json, hours.payRules());
        return json;
    }

    /** Always written, null or empty when not configured, so clients see every rule's state. */
    private static void writePayRules(ObjectNode json, PayRules rules) {
        putNullable(json, "weekly_overtime_after_minutes", rules.weeklyOvertimeAfterMinutes());
        ArrayNode breaks = json.putArray("break_rules");
        rules.breakRules()
                .forEach(rule -> breaks.addObject()
                        .put("after_minutes", rule.afterMinutes())
                        .put("min_break_minutes", rule.minBreakMinutes()));
        json.put("auto_deduct_break", rules.autoDeductBreak());
        putNullable(json, "max_daily_minutes", rules.maxDailyMinutes());
        putNullable(json, "min_rest_minutes", rules.minRestMinutes());
        PayRules.Rounding rounding = rules.rounding();
        if (rounding == null) {
            json.putNull("rounding");
        } else {
            json.putObject("rounding")
                    .put("increment_minutes", rounding.incrementMinutes())
                    .put("punch_in", rounding.punchIn().wire())
                    .put("punch_out", rounding.punchOut().wire());
        }
    }

    private static void putNullable(ObjectNode json, String field, @Nullable Integer value) {
        if (value == null) {
            json.putNull(field);
        } else {
            json.put(field, value.intValue());
        }
    }
}
