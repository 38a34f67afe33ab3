package dev.timetracker.domain.hours;

import dev.timetracker.domain.FieldError;
import dev.timetracker.domain.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BusinessHoursRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    private static BusinessHoursInput input(String zone, List<Integer> days, String start, String end, Integer lateGrace,
                                            Integer earlyGrace, Integer maxShift, Integer overtime, String effective) {
        return new BusinessHoursInput(zone, days, start, end, lateGrace, earlyGrace, maxShift, overtime, effective);
    }

    @Test
    void validConfigurationWithDefaults() {
        BusinessHours hours = BusinessHoursRules.newConfiguration("h1",
                input("Europe/Berlin", List.of(1, 2, 3, 4, 5), "09:00", "17:30", null, null, null, null, null), "admin-1", NOW);
        assertEquals(Set.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
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
        BusinessHours hours = BusinessHoursRules.newConfiguration("h1",
                input("Europe/Berlin", List.of(1), "09:00", "17:00", 0, 0, 10, 0, "2026-03-29T00:00:00+02:00"), "a", NOW);
        assertEquals(Instant.parse("2026-03-28T22:00:00Z"), hours.effectiveFrom());
    }

    @Test
    void rejectsEveryBadField() {
        var failure = assertThrows(ValidationException.class, () -> BusinessHoursRules.newConfiguration("h1",
                input("Berlin", List.of(0, 8), "9:00", "25:00", -1, -5, 0, -1, "tomorrow"), "a", NOW));
        assertEquals(Set.of("timezone", "work_days", "start_time", "end_time", "late_grace_minutes",
                        "early_leave_grace_minutes", "max_shift_hours", "daily_overtime_after_minutes", "effective_from"),
                Set.copyOf(failure.errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void endMustBeAfterStart() {
        var failure = assertThrows(ValidationException.class, () -> BusinessHoursRules.newConfiguration("h1",
                input("UTC", List.of(1), "17:00", "09:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("end_time", failure.errors().get(0).field());
        assertThrows(ValidationException.class, () -> BusinessHoursRules.newConfiguration("h1",
                input("UTC", List.of(1), "09:00", "09:00", 0, 0, 8, 0, null), "a", NOW));
    }

    @Test
    void workDaysMustNotRepeatAndAreRequired() {
        var repeated = assertThrows(ValidationException.class, () -> BusinessHoursRules.newConfiguration("h1",
                input("UTC", List.of(1, 1), "09:00", "17:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("work_days", repeated.errors().get(0).field());
        var missing = assertThrows(ValidationException.class, () -> BusinessHoursRules.newConfiguration("h1",
                input("UTC", null, "09:00", "17:00", 0, 0, 8, 0, null), "a", NOW));
        assertEquals("work_days", missing.errors().get(0).field());
    }
}
