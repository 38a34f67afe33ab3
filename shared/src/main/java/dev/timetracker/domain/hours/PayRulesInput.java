package dev.timetracker.domain.hours;

import java.util.List;

/**
 * The pay rules as the client sent them, already of the right JSON types; values are checked by
 * {@link BusinessHoursRules}. Null components were not sent (or sent as null).
 */
public record PayRulesInput(
        Integer weeklyOvertimeAfterMinutes,
        List<BreakRuleInput> breakRules,
        Boolean autoDeductBreak,
        Integer maxDailyMinutes,
        Integer minRestMinutes,
        RoundingInput rounding) {

    public static final PayRulesInput NONE = new PayRulesInput(null, null, null, null, null, null);

    public record BreakRuleInput(Integer afterMinutes, Integer minBreakMinutes) {}

    public record RoundingInput(Integer incrementMinutes, String punchIn, String punchOut) {}
}
