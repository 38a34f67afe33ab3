package dev.timetracker.domain.hours;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pay rules as the client sent them, already of the right JSON types; values are checked by
 * {@link BusinessHoursRules}. Null components were not sent (or sent as null).
 */
public record PayRulesInput(
        @Nullable Integer weeklyOvertimeAfterMinutes,
        @Nullable List<BreakRuleInput> breakRules,
        @Nullable Boolean autoDeductBreak,
        @Nullable Integer maxDailyMinutes,
        @Nullable Integer minRestMinutes,
        @Nullable RoundingInput rounding) {

    public static final PayRulesInput NONE = new PayRulesInput(null, null, null, null, null, null);

    public record BreakRuleInput(
            @Nullable Integer afterMinutes, @Nullable Integer minBreakMinutes) {}

    public record RoundingInput(
            @Nullable Integer incrementMinutes,
            @Nullable String punchIn,
            @Nullable String punchOut) {}
}
