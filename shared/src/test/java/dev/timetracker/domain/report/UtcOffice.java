package dev.timetracker.domain.report;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.TimeEntry;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * An office in UTC, as the report tests build it: its business hours, and its employees' clocks (app punches only, no
 * receipts or tokens).
 */
final class UtcOffice {
    private UtcOffice() {}

    /** The clock holding {@code journal} (oldest first) in its journal. */
    static PunchClock clock(String employeeId, boolean active, TimeEntry... journal) {
        Instant last = journal.length == 0 ? null : journal[journal.length - 1].timestamp();
        return new PunchClock(
                employeeId, ZoneOffset.UTC, active, List.of(journal), Map.of(), 0, Map.of(), 1, 0, last, null);
    }

    /** An app punch at {@code at} (ISO-8601), not dated yet; its id names the employee and the instant. */
    static TimeEntry punch(String employeeId, PunchAction action, String at) {
        Instant instant = Instant.parse(at);
        return new TimeEntry(
                employeeId + "-" + at, employeeId, action, instant, instant, null, EntrySource.APP, null, null);
    }

    /** 09:00–17:00 Monday to Friday, no grace, a 12 h maximum shift, overtime after 8 h, no pay rules. */
    static BusinessHours hours(String id, String effectiveFrom) {
        return new BusinessHours(
                id,
                ZoneOffset.UTC,
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                0,
                0,
                12,
                480,
                Instant.parse(effectiveFrom),
                Instant.parse(effectiveFrom),
                "admin",
                null);
    }
}
