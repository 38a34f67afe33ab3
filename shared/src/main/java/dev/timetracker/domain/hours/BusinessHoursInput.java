package dev.timetracker.domain.hours;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** A new business-hours configuration as the client sent it; null components were not sent. */
public record BusinessHoursInput(
        @Nullable String timezone,
        @Nullable List<Integer> workDays,
        @Nullable String startTime,
        @Nullable String endTime,
        @Nullable Integer lateGraceMinutes,
        @Nullable Integer earlyLeaveGraceMinutes,
        @Nullable Integer maxShiftHours,
        @Nullable Integer dailyOvertimeAfterMinutes,
        @Nullable String effectiveFrom,
        PayRulesInput payRules) {

    public BusinessHoursInput {
        payRules = payRules == null ? PayRulesInput.NONE : payRules;
    }
}
