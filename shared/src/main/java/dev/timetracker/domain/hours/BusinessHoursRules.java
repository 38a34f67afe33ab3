package dev.timetracker.domain.hours;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.TimeZones;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation and defaults for business hours. */
public final class BusinessHoursRules {
    private static final Pattern HH_MM = Pattern.compile("^([01]\\d|2[0-3]):[0-5]\\d$");
    private static final int MINUTES_PER_DAY = 24 * 60;
    /** Longer than two days is no shift but a forgotten punch-out that must still be caught. */
    private static final int MAX_SHIFT_HOURS_LIMIT = 48;

    static final int DEFAULT_MAX_SHIFT_HOURS = 12;
    static final int DEFAULT_OVERTIME_AFTER_MINUTES = 8 * 60;

    /** What applies before an admin has configured anything: a plain UTC office week. */
    public static final BusinessHours DEFAULT = new BusinessHours("default", ZoneId.of("Etc/UTC"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(9, 0), LocalTime.of(17, 0),
            0, 0, DEFAULT_MAX_SHIFT_HOURS, DEFAULT_OVERTIME_AFTER_MINUTES, Instant.EPOCH, Instant.EPOCH, "system");

    private BusinessHoursRules() {
    }

    public static BusinessHours newConfiguration(String id, BusinessHoursInput input, String createdBy, Instant now) {
        FieldErrors errors = new FieldErrors();
        if (input.timezone() == null) {
            errors.add("timezone", "is required");
        } else if (TimeZones.parseIana(input.timezone()).isEmpty()) {
            errors.add("timezone", TimeZones.RULE);
        }
        Set<DayOfWeek> workDays = workDays(errors, input.workDays());
        LocalTime start = time(errors, "start_time", input.startTime());
        LocalTime end = time(errors, "end_time", input.endTime());
        if (start != null && end != null && !end.isAfter(start)) {
            errors.add("end_time", "must be after start_time");
        }
        int lateGrace = minutes(errors, "late_grace_minutes", input.lateGraceMinutes(), 0, 0, MINUTES_PER_DAY);
        int earlyGrace = minutes(errors, "early_leave_grace_minutes", input.earlyLeaveGraceMinutes(), 0, 0,
                MINUTES_PER_DAY);
        int maxShift = minutes(errors, "max_shift_hours", input.maxShiftHours(), DEFAULT_MAX_SHIFT_HOURS, 1,
                MAX_SHIFT_HOURS_LIMIT);
        int overtimeAfter = minutes(errors, "daily_overtime_after_minutes", input.dailyOvertimeAfterMinutes(),
                DEFAULT_OVERTIME_AFTER_MINUTES, 0, MINUTES_PER_DAY);
        Instant effectiveFrom = input.effectiveFrom() == null ? now
                : TimeBounds.instant(errors, "effective_from", input.effectiveFrom());
        errors.throwIfAny();
        return new BusinessHours(id, TimeZones.parseIana(input.timezone()).orElseThrow(), workDays, start, end,
                lateGrace, earlyGrace, maxShift, overtimeAfter, effectiveFrom, now, createdBy);
    }

    private static Set<DayOfWeek> workDays(FieldErrors errors, List<Integer> days) {
        if (days == null) {
            errors.add("work_days", "is required");
            return Set.of();
        }
        Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
        for (Integer day : days) {
            if (day == null || day < 1 || day > 7) {
                errors.add("work_days", "must contain ISO day numbers from 1 (Monday) to 7 (Sunday)");
                return Set.of();
            }
            if (!result.add(DayOfWeek.of(day))) {
                errors.add("work_days", "must not repeat a day");
                return Set.of();
            }
        }
        return result;
    }

    private static LocalTime time(FieldErrors errors, String field, String value) {
        if (value == null) {
            errors.add(field, "is required");
            return null;
        }
        if (!HH_MM.matcher(value).matches()) {
            errors.add(field, "must be a time of day as HH:MM, such as 09:00");
            return null;
        }
        return LocalTime.parse(value);
    }

    private static int minutes(FieldErrors errors, String field, Integer value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < min || value > max) {
            errors.add(field, "must be between " + min + " and " + max);
        }
        return value;
    }
}
