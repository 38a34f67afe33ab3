package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClockClosingTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final BusinessHoursTimeline HOURS = BusinessHoursTimeline.of(new BusinessHours(
            "h",
            BERLIN,
            EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
            LocalTime.of(9, 0),
            LocalTime.of(17, 0),
            0,
            0,
            10,
            480,
            Instant.EPOCH,
            Instant.EPOCH,
            "admin",
            null));
    private final AtomicInteger ids = new AtomicInteger();

    private TimeEntry entry(PunchAction action, String instant) {
        return new TimeEntry(
                "e" + ids.incrementAndGet(),
                "emp",
                action,
                Instant.parse(instant),
                Instant.parse(instant),
                null,
                EntrySource.APP,
                null,
                null);
    }

    private static PunchClock clock(List<TimeEntry> journal) {
        return new PunchClock("emp", BERLIN, true, journal, Map.of(), 0, Map.of(), 1, 0, null, null);
    }

    @Test
    void finalisesEndedDaysAndKeepsTodayInTheJournal() {
        List<TimeEntry> journal = new ArrayList<>(List.of(
                entry(PunchAction.PUNCH_IN, "2026-11-23T08:00:00Z"),
                entry(PunchAction.PUNCH_OUT, "2026-11-23T16:00:00Z"),
                entry(PunchAction.PUNCH_IN, "2026-11-24T08:00:00Z"),
                entry(PunchAction.PUNCH_OUT, "2026-11-24T12:00:00Z"),
                entry(PunchAction.PUNCH_IN, "2026-11-25T08:00:00Z")));
        ClockClosing closing =
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-25T10:00:00Z"), () -> "x");
        assertTrue(closing.autoPunchOut().isEmpty());
        assertEquals(
                List.of(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-24")),
                closing.finalDays().stream()
                        .map(ClockClosing.FinalDay::workDate)
                        .toList());
        assertEquals(8 * 3600, closing.finalDays().get(0).session().workedSeconds());
        assertEquals(2, closing.finalDays().get(1).entries().size());
        assertEquals(
                SessionStatus.COMPLETE, closing.finalDays().get(1).session().status());
        assertEquals(1, closing.remaining().size());
        assertEquals(LocalDate.parse("2026-11-25"), closing.remaining().get(0).workDate());
    }

    @Test
    void aDayEndsAtMidnightInTheEmployeesZoneNotInUtc() {
        // 23:30 UTC on the 24th is already the 25th in Berlin.
        List<TimeEntry> journal = List.of(
                entry(PunchAction.PUNCH_IN, "2026-11-24T08:00:00Z"),
                entry(PunchAction.PUNCH_OUT, "2026-11-24T16:00:00Z"));
        assertEquals(
                0,
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-24T22:30:00Z"), () -> "x")
                        .finalDays()
                        .size());
        assertEquals(
                1,
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-24T23:30:00Z"), () -> "x")
                        .finalDays()
                        .size());
    }

    @Test
    void anOpenNightShiftKeepsItsDateOpenAndEverythingAfterIt() {
        List<TimeEntry> journal = List.of(entry(PunchAction.PUNCH_IN, "2026-11-24T21:00:00Z"));
        ClockClosing closing =
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-25T02:00:00Z"), () -> "x");
        assertTrue(closing.changesNothing(), "5 h into a 10 h maximum shift: nothing to do yet");
    }

    @Test
    void aForgottenPunchOutIsClosedAtTheMaximumShiftAndTheDayFinalised() {
        List<TimeEntry> journal = List.of(entry(PunchAction.PUNCH_IN, "2026-11-24T08:00:00Z"));
        ClockClosing closing =
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-25T03:00:00Z"), () -> "auto-1");
        TimeEntry auto = closing.autoPunchOut().orElseThrow();
        assertEquals("auto-1", auto.id());
        assertEquals(Instant.parse("2026-11-24T18:00:00Z"), auto.timestamp());
        assertEquals(EntrySource.AUTO, auto.source());
        WorkSession session = closing.finalDays().get(0).session();
        assertEquals(SessionStatus.AUTO_CLOSED, session.status());
        assertEquals(List.of(WorkSession.MISSING_PUNCH_OUT), session.flags());
        assertEquals(10 * 3600, session.workedSeconds());
        assertEquals(2, closing.finalDays().get(0).entries().size());
        assertTrue(closing.remaining().isEmpty());
    }

    @Test
    void aForgottenPunchOutOfTodayIsClosedButStaysInTheJournal() {
        List<TimeEntry> journal = List.of(entry(PunchAction.PUNCH_IN, "2026-11-25T05:00:00Z"));
        ClockClosing closing =
                ClockClosing.plan(clock(journal), HOURS, Instant.parse("2026-11-25T16:00:00Z"), () -> "a");
        assertTrue(closing.autoPunchOut().isPresent());
        assertTrue(closing.finalDays().isEmpty());
        assertEquals(2, closing.remaining().size());
    }

    /** Closing the cycle would change a locked date: it stays open, the date stays in the journal, and it is reported. */
    @Test
    void aForgottenPunchOutOnAClosedDateIsLeftOpenAndReported() {
        List<TimeEntry> journal = List.of(
                entry(PunchAction.PUNCH_IN, "2026-11-23T08:00:00Z"),
                entry(PunchAction.PUNCH_OUT, "2026-11-23T16:00:00Z"),
                entry(PunchAction.PUNCH_IN, "2026-11-24T08:00:00Z"));
        List<LocalDate> asked = new ArrayList<>();
        ClockClosing closing = ClockClosing.plan(
                clock(journal), HOURS, Instant.parse("2026-11-25T03:00:00Z"), () -> "auto-1", date -> {
                    asked.add(date);
                    return false;
                });
        assertTrue(closing.autoPunchOut().isEmpty());
        assertEquals(java.util.Optional.of(LocalDate.parse("2026-11-24")), closing.autoCloseRefused());
        assertEquals(List.of(LocalDate.parse("2026-11-24")), asked, "asked about the open cycle's work date only");
        assertEquals(
                List.of(LocalDate.parse("2026-11-23")),
                closing.finalDays().stream()
                        .map(ClockClosing.FinalDay::workDate)
                        .toList(),
                "dates before it still finalise");
        assertEquals(1, closing.remaining().size());

        ClockClosing open = ClockClosing.plan(
                clock(journal), HOURS, Instant.parse("2026-11-25T03:00:00Z"), () -> "auto-1", date -> true);
        assertTrue(open.autoPunchOut().isPresent());
        assertTrue(open.autoCloseRefused().isEmpty());
    }
}
