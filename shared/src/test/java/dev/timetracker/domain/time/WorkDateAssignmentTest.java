package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchAction.BREAK_END;
import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static dev.timetracker.domain.time.PunchScript.BERLIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkDateAssignmentTest {

    private static List<LocalDate> datesOf(List<TimeEntry> entries) {
        return entries.stream().map(TimeEntry::workDate).toList();
    }

    @Test
    void overnightCycleWithBreakAcrossMidnightBelongsToTheDateItStarted() {
        List<TimeEntry> dated = WorkDateAssignment.assign(
                PunchScript.in(BERLIN)
                        .at("2026-03-02T22:00", PUNCH_IN)
                        .at("2026-03-02T23:45", BREAK_START)
                        .at("2026-03-03T00:15", BREAK_END)
                        .at("2026-03-03T06:00", PUNCH_OUT)
                        .entries(),
                BERLIN);

        LocalDate monday = LocalDate.of(2026, 3, 2);
        assertEquals(List.of(monday, monday, monday, monday), datesOf(dated));
    }

    @Test
    void aPunchInAfterMidnightStartsTheNextDate() {
        List<TimeEntry> dated = WorkDateAssignment.assign(
                PunchScript.in(BERLIN)
                        .at("2026-03-02T22:00", PUNCH_IN)
                        .at("2026-03-03T00:10", PUNCH_OUT)
                        .at("2026-03-03T00:20", PUNCH_IN)
                        .at("2026-03-03T02:00", PUNCH_OUT)
                        .entries(),
                BERLIN);

        LocalDate monday = LocalDate.of(2026, 3, 2);
        LocalDate tuesday = LocalDate.of(2026, 3, 3);
        assertEquals(List.of(monday, monday, tuesday, tuesday), datesOf(dated));
    }

    @Test
    void entriesThatCannotBeFoldedAreDatedAsRecordedForRepair() {
        List<TimeEntry> recorded = PunchScript.in(BERLIN)
                .at("2026-03-02T22:00:05", PUNCH_IN)
                .at("2026-03-02T22:00", BREAK_START)
                .at("2026-03-03T00:30", PUNCH_OUT)
                .at("2026-03-03T00:40", PUNCH_OUT)
                .entries();
        assertThrows(RuntimeException.class, () -> WorkDateAssignment.assign(recorded, BERLIN));

        LocalDate monday = LocalDate.of(2026, 3, 2);
        assertEquals(
                List.of(monday, monday, monday, monday),
                datesOf(WorkDateAssignment.assignAsRecorded(recorded, BERLIN)));
        assertEquals(
                List.of(LocalDate.of(2026, 3, 3)),
                datesOf(WorkDateAssignment.assignAsRecorded(recorded.subList(3, 4), BERLIN)),
                "a first entry that is not a punch_in takes its own date");
    }

    @Test
    void theEmployeesZoneDecidesTheDate() {
        Instant instant = Instant.parse("2026-03-02T23:30:00Z");
        assertEquals(LocalDate.of(2026, 3, 3), WorkDateAssignment.workDateFor(null, PUNCH_IN, instant, BERLIN));
        assertEquals(
                LocalDate.of(2026, 3, 2),
                WorkDateAssignment.workDateFor(null, PUNCH_IN, instant, ZoneId.of("America/New_York")));
    }

    @Test
    void aFollowingPunchTakesTheDateOfTheLatestEntry() {
        TimeEntry breakStart = PunchScript.entry(
                        "e2", BREAK_START, Instant.parse("2026-03-02T23:00:00Z"), EntrySource.APP)
                .withWorkDate(LocalDate.of(2026, 3, 2));

        assertEquals(
                LocalDate.of(2026, 3, 2),
                WorkDateAssignment.workDateFor(breakStart, PUNCH_OUT, Instant.parse("2026-03-03T05:00:00Z"), BERLIN));
    }

    @Test
    void datesAlreadyOnTheEntriesAreRecomputed() {
        TimeEntry wronglyDated = PunchScript.entry(
                        "e1", PUNCH_IN, Instant.parse("2026-03-02T21:00:00Z"), EntrySource.APP)
                .withWorkDate(LocalDate.of(1999, 1, 1));

        assertEquals(
                LocalDate.of(2026, 3, 2),
                WorkDateAssignment.assign(List.of(wronglyDated), BERLIN).get(0).workDate());
    }

    @Test
    void aSequenceThatBreaksTheStateMachineIsRejected() {
        List<TimeEntry> entries = PunchScript.in(BERLIN)
                .at("2026-03-02T08:00", PUNCH_IN)
                .at("2026-03-02T12:00", BREAK_END)
                .entries();

        InvalidTransitionException rejected =
                assertThrows(InvalidTransitionException.class, () -> WorkDateAssignment.assign(entries, BERLIN));
        assertSame(WorkState.WORKING, rejected.currentState());
        assertSame(BREAK_END, rejected.action());
    }

    @Test
    void aHistoryMustStartWithAPunchIn() {
        List<TimeEntry> entries =
                PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_OUT).entries();

        InvalidTransitionException rejected =
                assertThrows(InvalidTransitionException.class, () -> WorkDateAssignment.assign(entries, BERLIN));
        assertSame(WorkState.OFF, rejected.currentState());
    }

    @Test
    void entriesOutOfChronologicalOrderAreRejected() {
        List<TimeEntry> entries = PunchScript.in(BERLIN)
                .at("2026-03-02T08:00", PUNCH_IN)
                .at("2026-03-02T07:59:59", PUNCH_OUT)
                .entries();

        assertThrows(IllegalArgumentException.class, () -> WorkDateAssignment.assign(entries, BERLIN));
    }

    @Test
    void punchesAtTheSameInstantAreInOrder() {
        List<TimeEntry> dated = WorkDateAssignment.assign(
                PunchScript.in(BERLIN)
                        .at("2026-03-02T08:00", PUNCH_IN)
                        .at("2026-03-02T08:00", PUNCH_OUT)
                        .entries(),
                BERLIN);

        assertEquals(List.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 2)), datesOf(dated));
    }
}
