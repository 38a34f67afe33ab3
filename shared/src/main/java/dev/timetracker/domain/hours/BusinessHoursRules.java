package dev.timetracker.domain.hours;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.TimeZones;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation and defaults for business hours. */
public final class BusinessHoursRules {
    private static final Pattern HH_MM = Pattern.compile("^([01]\\d|2[0-3]):[0-5]\\d$");
    private static final int MINUTES_PER_DAY = 24 * 60;
    private static final int MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;
    /** Labour law knows two or three thresholds; more than this is a mistake, not a rule. */
    private static final int MAX_BREAK_RULES = 10;
    /** Longer than two days is no shift but a forgotten punch-out that must still be caught. */
    private static final int MAX_SHIFT_HOURS_LIMIT = 48;

    static final int DEFAULT_MAX_SHIFT_HOURS = 12;
    static final int DEFAULT_OVERTIME_AFTER_MINUTES = 8 * 60;

    /** What applies before an admin has configured anything: a plain UTC office week. */
    public static final BusinessHours DEFAULT = new BusinessHours(
            "default",
            ZoneId.of("Etc/UTC"),
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            0,
            0,
            DEFAULT_MAX_SHIFT_HOURS,
            DEFAULT_OVERTIME_AFTER_MINUTES,
            Instant.EPOCH,
            Instant.EPOCH,
            "system",
            PayRules.NONE);

    private BusinessHoursRules() {}

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
        int earlyGrace =
                minutes(errors, "early_leave_grace_minutes", input.earlyLeaveGraceMinutes(), 0, 0, MINUTES_PER_DAY);
        int maxShift = minutes(
                errors, "max_shift_hours", input.maxShiftHours(), DEFAULT_MAX_SHIFT_HOURS, 1, MAX_SHIFT_HOURS_LIMIT);
        int overtimeAfter = minutes(
                errors,
                "daily_overtime_after_minutes",
                input.dailyOvertimeAfterMinutes(),
                DEFAULT_OVERTIME_AFTER_MINUTES,
                0,
                MINUTES_PER_DAY);
        Instant effectiveFrom = input.effectiveFrom() == null
                ? now
                : TimeBounds.instant(errors, "effective_from", input.effectiveFrom());
        PayRules payRules = payRules(errors, input.payRules());
        errors.throwIfAny();
        return new BusinessHours(
                id,
                TimeZones.parseIana(input.timezone()).orElseThrow(),
                workDays,
                Objects.requireNonNull(start),
                Objects.requireNonNull(end),
                lateGrace,
                earlyGrace,
                maxShift,
                overtimeAfter,
                Objects.requireNonNull(effectiveFrom),
                now,
                createdBy,
                Objects.requireNonNull(payRules));
    }

    /** Null when any of it is invalid (the errors say why). */
    private static @Nullable PayRules payRules(FieldErrors errors, PayRulesInput input) {
        int before = errors.size();
        Integer weekly = positiveMinutes(
                errors, "weekly_overtime_after_minutes", input.weeklyOvertimeAfterMinutes(), MINUTES_PER_WEEK);
        Integer maxDaily =
                positiveMinutes(errors, "max_daily_minutes", input.maxDailyMinutes(), MAX_SHIFT_HOURS_LIMIT * 60);
        Integer minRest = positiveMinutes(errors, "min_rest_minutes", input.minRestMinutes(), MINUTES_PER_DAY);
        List<PayRules.BreakRule> breakRules = breakRules(errors, input.breakRules());
        boolean autoDeduct = Boolean.TRUE.equals(input.autoDeductBreak());
        if (autoDeduct && (input.breakRules() == null || input.breakRules().isEmpty())) {
            errors.add("auto_deduct_break", "needs break_rules: without them there is no shortfall to deduct");
        }
        PayRules.Rounding rounding = rounding(errors, input.rounding());
        if (errors.size() > before) {
            return null;
        }
        return new PayRules(weekly, breakRules, autoDeduct, maxDaily, minRest, rounding);
    }

    private static @Nullable Integer positiveMinutes(
            FieldErrors errors, String field, @Nullable Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            errors.add(field, "must be null or between 1 and " + max);
        }
        return value;
    }

    /** Sorted by after_minutes, each rule asking for more break than the one before and less than it follows. */
    private static List<PayRules.BreakRule> breakRules(
            FieldErrors errors, @Nullable List<PayRulesInput.BreakRuleInput> rules) {
        if (rules == null) {
            return List.of();
        }
        if (rules.size() > MAX_BREAK_RULES) {
            errors.add("break_rules", "may hold at most " + MAX_BREAK_RULES + " rules");
            return List.of();
        }
        List<PayRules.BreakRule> result = new ArrayList<>();
        PayRules.BreakRule previous = null;
        for (int i = 0; i < rules.size(); i++) {
            PayRulesInput.BreakRuleInput rule = rules.get(i);
            String field = "break_rules[" + i + "]";
            Integer after = rule.afterMinutes();
            Integer minBreak = rule.minBreakMinutes();
            if (after == null) {
                errors.add(field + ".after_minutes", "is required");
            } else if (after < 1 || after > MINUTES_PER_DAY) {
                errors.add(field + ".after_minutes", "must be between 1 and " + MINUTES_PER_DAY);
            }
            if (minBreak == null) {
                errors.add(field + ".min_break_minutes", "is required");
            } else if (minBreak < 1 || (after != null && minBreak >= after)) {
                errors.add(field + ".min_break_minutes", "must be at least 1 and less than after_minutes");
            }
            if (after == null || minBreak == null) {
                continue;
            }
            PayRules.BreakRule current = new PayRules.BreakRule(after, minBreak);
            if (previous != null && after <= previous.afterMinutes()) {
                errors.add(
                        field + ".after_minutes",
                        "must be greater than the rule before: sort break_rules by "
                                + "after_minutes, ascending, without repeating one");
            } else if (previous != null && minBreak <= previous.minBreakMinutes()) {
                errors.add(
                        field + ".min_break_minutes",
                        "must be greater than the rule before: a rule for a longer day asks for a longer break");
            }
            previous = current;
            result.add(current);
        }
        return result;
    }

    private static PayRules.@Nullable Rounding rounding(
            FieldErrors errors, PayRulesInput.@Nullable RoundingInput rounding) {
        if (rounding == null) {
            return null;
        }
        Integer increment = rounding.incrementMinutes();
        if (increment == null) {
            errors.add("rounding.increment_minutes", "is required");
        } else if (!PayRules.Rounding.INCREMENTS.contains(increment)) {
            errors.add("rounding.increment_minutes", "must be one of " + PayRules.Rounding.INCREMENTS);
        }
        PayRules.Direction in = direction(errors, "rounding.punch_in", rounding.punchIn());
        PayRules.Direction out = direction(errors, "rounding.punch_out", rounding.punchOut());
        if (in == null || out == null || increment == null || !PayRules.Rounding.INCREMENTS.contains(increment)) {
            return null;
        }
        return new PayRules.Rounding(increment, in, out);
    }

    private static PayRules.@Nullable Direction direction(FieldErrors errors, String field, @Nullable String value) {
        if (value == null) {
            errors.add(field, "is required");
            return null;
        }
        return PayRules.Direction.fromWire(value).orElseGet(() -> {
            errors.add(field, "must be up, down or nearest");
            return null;
        });
    }

    private static Set<DayOfWeek> workDays(FieldErrors errors, @Nullable List<Integer> days) {
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

    private static @Nullable LocalTime time(FieldErrors errors, String field, @Nullable String value) {
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

    private static int minutes(
            FieldErrors errors, String field, @Nullable Integer value, int defaultValue, int min, int max) {
        if (value == null) {
            return defaultValue;
        }
        if (value < min || value > max) {
            errors.add(field, "must be between " + min + " and " + max);
        }
        return value;
    }
}
