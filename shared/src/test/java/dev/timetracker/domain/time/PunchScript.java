package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Writes an employee's punches in local wall-clock time, the way the scenarios in the contract are told. */
final class PunchScript {

    static final String EMPLOYEE = "emp-1";
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final EnumSet<DayOfWeek> MONDAY_TO_FRIDAY = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private final ZoneId zone;
    private final List<TimeEntry> entries = new ArrayList<>();

    private PunchScript(ZoneId zone) {
        this.zone = zone;
    }

    static PunchScript in(ZoneId zone) {
        return new PunchScript(zone);
    }

    PunchScript at(String localDateTime, PunchAction action) {
        return at(instant(localDateTime), action, EntrySource.APP);
    }

    PunchScript at(Instant timestamp, PunchAction action, EntrySource source) {
        entries.add(entry("e" + (entries.size() + 1), action, timestamp, source));
        return this;
    }

    Instant instant(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone).toInstant();
    }

    List<TimeEntry> entries() {
        return List.copyOf(entries);
    }

    PunchLedger ledger() {
        return PunchLedger.of(EMPLOYEE, zone, entries);
    }

    static TimeEntry entry(String id, PunchAction action, Instant timestamp, EntrySource source) {
        return new TimeEntry(id, EMPLOYEE, action, timestamp, timestamp, null, source, null, null);
    }

    /** Office hours with the given start/end, graces in minutes, max shift in hours, overtime after minutes. */
    static BusinessHours hours(
            String id,
            String start,
            String end,
            int lateGrace,
            int earlyGrace,
            int maxShift,
            int overtimeAfter,
            Instant effectiveFrom) {
        return hours(id, MONDAY_TO_FRIDAY, start, end, lateGrace, earlyGrace, maxShift, overtimeAfter, effectiveFrom);
    }

    static BusinessHours hours(
            String id,
            java.util.Set<DayOfWeek> workDays,
            String start,
            String end,
            int lateGrace,
            int earlyGrace,
            int maxShift,
            int overtimeAfter,
            Instant effectiveFrom) {
        return new BusinessHours(
                id,
                BERLIN,
                workDays,
                LocalTime.parse(start),
                LocalTime.parse(end),
                lateGrace,
                earlyGrace,
                maxShift,
                overtimeAfter,
                effectiveFrom,
                effectiveFrom,
                "admin-1",
                null);
    }

    /** 09:00–17:00 Monday to Friday, 10 min late grace, 5 min early-leave grace, 12 h max shift, overtime after 8 h. */
    static BusinessHoursTimeline office() {
        return BusinessHoursTimeline.of(
                hours("bh-office", "09:00", "17:00", 10, 5, 12, 480, Instant.parse("2020-01-01T00:00:00Z")));
    }
}
