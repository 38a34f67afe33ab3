package dev.timetracker.domain.hours;

import java.util.List;

/** A new business-hours configuration as the client sent it; null components were not sent. */
public record BusinessHoursInput(
        String timezone,
        List<Integer> workDays,
        String startTime,
        String endTime,
        Integer lateGraceMinutes,
        Integer earlyLeaveGraceMinutes,
        Integer maxShiftHours,
        Integer dailyOvertimeAfterMinutes,
        String effectiveFrom,
        PayRulesInput payRules) {

    public BusinessHoursInput {
        payRules = payRules == null ? PayRulesInput.NONE : payRules;
    }
}
