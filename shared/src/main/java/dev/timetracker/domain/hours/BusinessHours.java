package dev.timetracker.domain.hours;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * One business-hours configuration. Configurations are never edited: a new one takes over from its
 * {@code effectiveFrom} instant, and the one in force at an instant is the newest that started at or before it.
 * {@code startTime} and {@code endTime} are wall-clock times in the employee's own time zone.
 */
public record BusinessHours(
        String id,
        ZoneId timezone,
        Set<DayOfWeek> workDays,
        LocalTime startTime,
        LocalTime endTime,
        int lateGraceMinutes,
        int earlyLeaveGraceMinutes,
        int maxShiftHours,
        int dailyOvertimeAfterMinutes,
        Instant effectiveFrom,
        Instant createdAt,
        String createdBy,
        PayRules payRules) {

    public BusinessHours {
        workDays = Set.copyOf(workDays);
        payRules = payRules == null ? PayRules.NONE : payRules;
    }

    public boolean isWorkDay(DayOfWeek day) {
        return workDays.contains(day);
    }

    public Duration lateGrace() {
        return Duration.ofMinutes(lateGraceMinutes);
    }

    public Duration earlyLeaveGrace() {
        return Duration.ofMinutes(earlyLeaveGraceMinutes);
    }

    public Duration maxShift() {
        return Duration.ofHours(maxShiftHours);
    }

    public Duration dailyOvertimeAfter() {
        return Duration.ofMinutes(dailyOvertimeAfterMinutes);
    }
}
