package dev.timetracker.domain.correction;

import static dev.timetracker.domain.time.PunchAction.BREAK_END;
import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.TimeEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Hand-made days in Berlin (UTC+1 in March before the 29th): what a correction does and which change it blames. */
class DayCorrectionTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-23");
    private static final Instant NOW = Instant.parse("2026-03-25T12:00:00Z");

    private static TimeEntry entry(String id, PunchAction action, String utc) {
        return new TimeEntry(
                id, "emp-1", action, Instant.parse(utc), Instant.parse(utc), MONDAY, EntrySource.APP, null, null);
    }

    private static final TimeEntry IN = entry("in", PUNCH_IN, "2026-03-23T07:00:00Z");
    private static final TimeEntry BREAK = entry("brk", BREAK_START, "2026-03-23T11:00:00Z");
    private static final TimeEntry BACK = entry("back", BREAK_END, "2026-03-23T11:30:00Z");
    private static final TimeEntry SUNDAY_OUT = new TimeEntry(
            "sun-out",
            "emp-1",
            PUNCH_OUT,
            Instant.parse("2026-03-22T16:00:00Z"),
            Instant.parse("2026-03-22T16:00:00Z"),
            MONDAY.minusDays(1),
            EntrySource.APP,
            null,
            null);
    private static final TimeEntry TUESDAY_IN = new TimeEntry(
            "tue-in",
            "emp-1",
            PUNCH_IN,
            Instant.parse("2026-03-24T07:00:00Z"),
            Instant.parse("2026-03-24T07:00:00Z"),
            MONDAY.plusDays(1),
            EntrySource.APP,
            null,
            null);

    /** Monday with a forgotten punch_out: in, break, back — and Tuesday already punched in. */
    private static DayEntries forgottenPunchOut() {
        return new DayEntries("emp-1", MONDAY, BERLIN, SUNDAY_OUT, List.of(IN, BREAK, BACK), TUESDAY_IN, false);
    }

    @Test
    void aForgottenPunchOutIsAddedAsACorrectionEntryAndNothingRecordedChanges() {
        CorrectedDay day = DayCorrection.apply(
                forgottenPunchOut(),
                List.of(new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z"))),
                "c-1",
                NOW);

        assertEquals(
                List.of("in", "brk", "back", "c-1.0"),
                day.entries().stream().map(TimeEntry::id).toList());
        TimeEntry added = day.added().get(0);
        assertEquals(EntrySource.CORRECTION, added.source());
        assertEquals(MONDAY, added.workDate());
        assertEquals(NOW, added.recordedAt());
        assertEquals(Set.of(), day.voided());
    }

    @Test
    void aMoveVoidsTheOriginalAndAddsItsReplacementWithTheSameAction() {
        DayEntries monday = new DayEntries(
                "emp-1",
                MONDAY,
                BERLIN,
                SUNDAY_OUT,
                List.of(IN, entry("out", PUNCH_OUT, "2026-03-23T16:00:00Z")),
                TUESDAY_IN,
                false);
        CorrectedDay day = DayCorrection.apply(
                monday,
                List.of(new CorrectionChange.MoveEntry("in", Instant.parse("2026-03-23T06:30:00.700Z"))),
                "c-2",
                NOW);

        assertEquals(Set.of("in"), day.voided());
        assertEquals(
                List.of("c-2.0", "out"),
                day.entries().stream().map(TimeEntry::id).toList());
        assertEquals(PUNCH_IN, day.entries().get(0).action());
        assertEquals(Instant.parse("2026-03-23T06:30:00Z"), day.entries().get(0).timestamp(), "to the second");
    }

    @Test
    void voidingAWholeCycleLeavesAnEmptyDay() {
        DayEntries monday = new DayEntries(
                "emp-1",
                MONDAY,
                BERLIN,
                SUNDAY_OUT,
                List.of(IN, entry("out", PUNCH_OUT, "2026-03-23T16:00:00Z")),
                TUESDAY_IN,
                false);
        CorrectedDay day = DayCorrection.apply(
                monday,
                List.of(new CorrectionChange.VoidEntry("out"), new CorrectionChange.VoidEntry("in")),
                "c-3",
                NOW);
        assertEquals(List.of(), day.entries());
        assertEquals(Set.of("in", "out"), day.voided());
    }

    @Test
    void eachRuleNamesTheChangeThatBreaksIt() {
        record Case(String rule, List<CorrectionChange> changes, int blamed, String says) {}
        List<Case> cases = List.of(
                new Case(
                        "an entry of another day",
                        List.of(
                                new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")),
                                new CorrectionChange.VoidEntry("tue-in")),
                        1,
                        "not an effective entry of 2026-03-23"),
                new Case(
                        "the same entry twice",
                        List.of(
                                new CorrectionChange.VoidEntry("brk"),
                                new CorrectionChange.VoidEntry("back"),
                                new CorrectionChange.MoveEntry("brk", Instant.parse("2026-03-23T10:00:00Z"))),
                        2,
                        "already changed by changes[0]"),
                new Case(
                        "in the future",
                        List.of(new CorrectionChange.AddEntry(PUNCH_OUT, NOW.plusSeconds(1))),
                        0,
                        "in the future"),
                new Case(
                        "the state machine",
                        List.of(
                                new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")),
                                new CorrectionChange.AddEntry(BREAK_END, Instant.parse("2026-03-23T15:00:00Z"))),
                        1,
                        "break_end at 2026-03-23T15:00:00Z is not allowed while working"),
                new Case(
                        "overlapping the next work date",
                        List.of(new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-24T08:00:00Z"))),
                        0,
                        "after the first entry of 2026-03-24"),
                new Case(
                        "overlapping the previous work date",
                        List.of(
                                new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")),
                                new CorrectionChange.MoveEntry("in", Instant.parse("2026-03-22T15:00:00Z"))),
                        1,
                        "before the last entry of 2026-03-22"),
                new Case(
                        "a punch_in on another local date",
                        List.of(
                                new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")),
                                new CorrectionChange.MoveEntry("in", Instant.parse("2026-03-22T22:30:00Z"))),
                        1,
                        "starts a cycle on 2026-03-22, not on 2026-03-23"),
                new Case(
                        "an open cycle before later work",
                        List.of(new CorrectionChange.AddEntry(BREAK_START, Instant.parse("2026-03-23T15:00:00Z"))),
                        0,
                        "would stay open although the employee punched again"),
                new Case(
                        "a recorded entry left without its predecessor",
                        List.of(
                                new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")),
                                new CorrectionChange.VoidEntry("brk")),
                        1,
                        "break_end at 2026-03-23T11:30:00Z is not allowed"),
                new Case(
                        "still open at the end",
                        List.of(new CorrectionChange.VoidEntry("back")),
                        0,
                        "would stay open although the employee punched again"));
        for (Case c : cases) {
            CorrectionRejectedException refused = assertThrows(
                    CorrectionRejectedException.class,
                    () -> DayCorrection.apply(forgottenPunchOut(), c.changes(), "c-x", NOW),
                    c.rule());
            assertEquals(c.blamed(), refused.changeIndex(), c.rule() + ": " + refused.getMessage());
            assertEquals("changes[" + c.blamed() + "]", refused.field());
            assertTrue(refused.getMessage().contains(c.says()), c.rule() + ": " + refused.getMessage());
            assertEquals("invalid-correction", refused.slug());
        }
    }

    @Test
    void onlyTheCurrentDayMayEndWithAnOpenCycle() {
        List<CorrectionChange> voidOut = List.of(new CorrectionChange.VoidEntry("out"));
        DayEntries current = new DayEntries(
                "emp-1",
                MONDAY,
                BERLIN,
                SUNDAY_OUT,
                List.of(IN, entry("out", PUNCH_OUT, "2026-03-23T16:00:00Z")),
                null,
                false);
        assertEquals(
                List.of("in"),
                DayCorrection.apply(current, voidOut, "c-4", NOW).entries().stream()
                        .map(TimeEntry::id)
                        .toList(),
                "the employee is working again");

        DayEntries closedByTheNight = new DayEntries(
                "emp-1",
                MONDAY,
                BERLIN,
                SUNDAY_OUT,
                List.of(IN, entry("out", PUNCH_OUT, "2026-03-23T16:00:00Z")),
                null,
                true);
        CorrectionRejectedException refused = assertThrows(
                CorrectionRejectedException.class, () -> DayCorrection.apply(closedByTheNight, voidOut, "c-4", NOW));
        assertTrue(refused.getMessage().contains("the date is final"), refused.getMessage());
    }

    @Test
    void theDayAfterAnOpenCycleCannotGetEntriesUntilThatCycleIsCorrected() {
        DayEntries tuesday = new DayEntries("emp-1", MONDAY.plusDays(1), BERLIN, BACK, List.of(), null, false);
        CorrectionRejectedException refused = assertThrows(
                CorrectionRejectedException.class,
                () -> DayCorrection.apply(
                        tuesday,
                        List.of(new CorrectionChange.AddEntry(PUNCH_IN, Instant.parse("2026-03-24T07:00:00Z"))),
                        "c-y",
                        NOW));
        assertTrue(refused.getMessage().contains("the cycle of 2026-03-23 is still open"), refused.getMessage());
    }

    @Test
    void theSameDayAndChangesGiveTheSameEntriesWhenValidatedAgain() {
        List<CorrectionChange> changes =
                List.of(new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z")));
        assertEquals(
                DayCorrection.apply(forgottenPunchOut(), changes, "c-1", NOW),
                DayCorrection.apply(forgottenPunchOut(), changes, "c-1", NOW));
    }
}
