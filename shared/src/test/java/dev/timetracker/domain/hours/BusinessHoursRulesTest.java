package dev.timetracker.domain.hours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timetracker.domain.FieldError;
import dev.timetracker.domain.ValidationException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessHoursRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    private static BusinessHoursInput input(
            String zone,
            List<Integer> days,
            String start,
            String end,
            Integer lateGrace,
            Integer earlyGrace,
            Integer maxShift,
            Integer overtime,
            String effective) {
        return new BusinessHoursInput(
                zone, days, start, end, lateGrace, earlyGrace, maxShift, overtime, effective, null);
    }

    @Test
    void validConfigurationWithDefaults() {
        BusinessHours hours = BusinessHoursRules.newConfiguration(
                "h1",
                input("Europe/Berlin", List.of(1, 2, 3, 4, 5), "09:00", "17:30", null, null, null, null, null),
                "admin-1",
                NOW);
        assertEquals(
                Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                hours.workDays());
        assertEquals(LocalTime.of(17, 30), hours.endTime());
        assertEquals(0, hours.lateGraceMinutes());
        assertEquals(12, hours.maxShiftHours());
        assertEquals(480, hours.dailyOvertimeAfterMinutes());
        assertEquals(NOW, hours.effectiveFrom());
        assertEquals("admin-1", hours.createdBy());
    }

    @Test
    void effectiveFromKeepsTheInstantOfTheGivenOffset() {
        BusinessHours hours = BusinessHoursRules.newConfiguration(
                "h1",
                input("Europe/Berlin", List.of(1), "09:00", "17:00", 0, 0, 10, 0, "2026-03-29T00:00:00+02:00"),
                "a",
                NOW);
        assertEquals(Instant.parse("2026-03-28T22:00:00Z"), hours.effectiveFrom());
    }

    @Test
    void rejectsEveryBadField() {
        var failure = assertThrows(
                ValidationException.class,
                () -> BusinessHoursRules.newConfiguration(
                        "h1", input("Berlin", List.of(0, 8), "9:00", "25:00", -1, -5, 0, -1, "tomorrow"), "a", NOW));
        assertEquals(
                Set.of(
                        "timezone",
                        "work_days",
                        "start_time",
                        "end_time",
                        "late_grace_minutes",
                        "early_leave_grace_minutes",
                        "max_shift_hours",
                        "daily_overtime_after_minutes",
                        "effective_from"),
                Set.copyOf(failure.errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void endMustBeAfterStart() {
        var failure = assertThrows(
                ValidationException.class,
                () -> BusinessHoursRules.newConfiguration(
                        "h1", input("UTC", List.of(1), "17:00", "09:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("end_time", failure.errors().get(0).field());
        assertThrows(
                ValidationException.class,
                () -> BusinessHoursRules.newConfiguration(
                        "h1", input("UTC", List.of(1), "09:00", "09:00", 0, 0, 8, 0, null), "a", NOW));
    }

    @Test
    void workDaysMustNotRepeatAndAreRequired() {
        var repeated = assertThrows(
                ValidationException.class,
                () -> BusinessHoursRules.newConfiguration(
                        "h1", input("UTC", List.of(1, 1), "09:00", "17:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("work_days", repeated.errors().get(0).field());
        var missing = assertThrows(
                ValidationException.class,
                () -> BusinessHoursRules.newConfiguration(
                        "h1", input("UTC", null, "09:00", "17:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("work_days", missing.errors().get(0).field());
    }

    private static BusinessHours withPayRules(PayRulesInput payRules) {
        return BusinessHoursRules.newConfiguration(
                "h1",
                new BusinessHoursInput(
                        "Europe/Berlin",
                        List.of(1, 2, 3, 4, 5),
                        "09:00",
                        "17:00",
                        null,
                        null,
                        null,
                        null,
                        null,
                        payRules),
                "admin-1",
                NOW);
    }

    private static Set<String> payRuleErrors(PayRulesInput payRules) {
        var failure = assertThrows(ValidationException.class, () -> withPayRules(payRules));
        return Set.copyOf(failure.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void payRulesAreOptionalAndAbsentMeansNone() {
        assertEquals(PayRules.NONE, withPayRules(PayRulesInput.NONE).payRules());
    }

    @Test
    void validPayRulesAreKept() {
        BusinessHours hours = withPayRules(new PayRulesInput(
                2_400,
                List.of(new PayRulesInput.BreakRuleInput(360, 30), new PayRulesInput.BreakRuleInput(540, 45)),
                true,
                600,
                660,
                new PayRulesInput.RoundingInput(15, "nearest", "down")));
        assertEquals(
                new PayRules(
                        2_400,
                        List.of(new PayRules.BreakRule(360, 30), new PayRules.BreakRule(540, 45)),
                        true,
                        600,
                        660,
                        new PayRules.Rounding(15, PayRules.Direction.NEAREST, PayRules.Direction.DOWN)),
                hours.payRules());
    }

    @Test
    void roundingIncrementsOnlyFromTheListedSet() {
        for (int increment : List.of(1, 5, 6, 10, 15, 30)) {
            assertEquals(
                    increment,
                    withPayRules(new PayRulesInput(
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    new PayRulesInput.RoundingInput(increment, "up", "up")))
                            .payRules()
                            .rounding()
                            .incrementMinutes());
        }
        for (int increment : List.of(0, 2, 7, 20, 60, -15)) {
            assertEquals(
                    Set.of("rounding.increment_minutes"),
                    payRuleErrors(new PayRulesInput(
                            null, null, null, null, null, new PayRulesInput.RoundingInput(increment, "up", "up"))));
        }
        assertEquals(
                Set.of("rounding.increment_minutes", "rounding.punch_in", "rounding.punch_out"),
                payRuleErrors(new PayRulesInput(
                        null, null, null, null, null, new PayRulesInput.RoundingInput(null, "ceil", null))));
    }

    @Test
    void breakRulesMustBeSortedAndEachStricter() {
        assertEquals(
                Set.of("break_rules[1].after_minutes"),
                payRuleErrors(new PayRulesInput(
                        null,
                        List.of(new PayRulesInput.BreakRuleInput(540, 45), new PayRulesInput.BreakRuleInput(360, 30)),
                        null,
                        null,
                        null,
                        null)));
        assertEquals(
                Set.of("break_rules[1].min_break_minutes"),
                payRuleErrors(new PayRulesInput(
                        null,
                        List.of(new PayRulesInput.BreakRuleInput(360, 30), new PayRulesInput.BreakRuleInput(540, 30)),
                        null,
                        null,
                        null,
                        null)));
        assertEquals(
                Set.of("break_rules[0].min_break_minutes", "break_rules[1].after_minutes"),
                payRuleErrors(new PayRulesInput(
                        null,
                        List.of(new PayRulesInput.BreakRuleInput(30, 30), new PayRulesInput.BreakRuleInput(null, 10)),
                        null,
                        null,
                        null,
                        null)));
    }

    @Test
    void limitsMustBePositiveAndDeductionNeedsBreakRules() {
        assertEquals(
                Set.of("weekly_overtime_after_minutes", "max_daily_minutes", "min_rest_minutes", "auto_deduct_break"),
                payRuleErrors(new PayRulesInput(0, null, true, -1, 0, null)));
    }
}
