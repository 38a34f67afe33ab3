package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static dev.timetracker.domain.time.PunchScript.BERLIN;
import static dev.timetracker.domain.time.PunchScript.EMPLOYEE;
import static dev.timetracker.domain.time.PunchScript.office;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkStatusTest {

    @Test
    void someoneWhoNeverPunchedIsOffToday() {
        Instant now = Instant.parse("2026-03-02T23:30:00Z");

        WorkStatus status = PunchLedger.empty(EMPLOYEE, BERLIN).status(office(), now);

        // 23:30 UTC is already Tuesday in Berlin.
        assertEquals(new WorkStatus(WorkState.OFF, null, LocalDate.of(2026, 3, 3), 0, 0, 0, null, 0), status);
        assertEquals(status, WorkStatus.of(EMPLOYEE, null, List.of(), BERLIN, office(), now));
    }

    @Test
    void aLateEmployeeOnABreakSeesTodaySoFar() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:30", PUNCH_IN).at("2026-03-02T12:00", BREAK_START);
        Instant now = script.instant("2026-03-02T12:15");

        WorkStatus status = script.ledger().status(office(), now);

        assertEquals(
                new WorkStatus(
                        WorkState.ON_BREAK,
                        script.instant("2026-03-02T12:00"),
                        LocalDate.of(2026, 3, 2),
                        9_000,
                        900,
                        1,
                        script.instant("2026-03-02T09:30"),
                        1_800),
                status);
    }

    @Test
    void aNightShiftStaysOnItsStartDateAfterMidnight() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T22:00", PUNCH_IN);
        Instant now = script.instant("2026-03-03T01:00");

        WorkStatus status = script.ledger().status(office(), now);

        assertEquals(WorkState.WORKING, status.state());
        assertEquals(LocalDate.of(2026, 3, 2), status.workDate());
        assertEquals(10_800, status.workedSeconds());
    }

    @Test
    void afterPunchingOutYesterdayTodayStartsEmpty() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:00", PUNCH_IN).at("2026-03-02T17:00", PUNCH_OUT);
        Instant now = script.instant("2026-03-03T07:00");

        WorkStatus status = script.ledger().status(office(), now);

        assertEquals(
                new WorkStatus(
                        WorkState.OFF, script.instant("2026-03-02T17:00"), LocalDate.of(2026, 3, 3), 0, 0, 0, null, 0),
                status);
    }

    @Test
    void theLatestEntryAndTodaysEntriesGiveTheSameStatusAsTheWholeHistory() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T22:00", PUNCH_IN)
                .at("2026-03-03T02:00", PUNCH_OUT)
                .at("2026-03-03T09:15", PUNCH_IN)
                .at("2026-03-03T12:00", PUNCH_OUT)
                .at("2026-03-03T12:45", PUNCH_IN);
        Instant now = script.instant("2026-03-03T14:00");
        PunchLedger ledger = script.ledger();
        TimeEntry latest = ledger.latest().orElseThrow();
        LocalDate today = WorkStatus.today(latest, BERLIN, now);
        List<TimeEntry> todaysEntries = WorkDateAssignment.assign(script.entries(), BERLIN).stream()
                .filter(entry -> entry.workDate().equals(today))
                .toList();

        WorkStatus status = WorkStatus.of(EMPLOYEE, latest, todaysEntries, BERLIN, office(), now);

        assertEquals(ledger.status(office(), now), status);
        assertEquals(
                new WorkStatus(
                        WorkState.WORKING,
                        script.instant("2026-03-03T12:45"),
                        LocalDate.of(2026, 3, 3),
                        9_900 + 4_500,
                        0,
                        2,
                        script.instant("2026-03-03T09:15"),
                        900),
                status);
    }

    @Test
    void entriesThatDoNotMatchTheLatestEntryAreRejected() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:00", PUNCH_IN).at("2026-03-02T17:00", PUNCH_OUT);
        TimeEntry stillWorking =
                WorkDateAssignment.assign(script.entries(), BERLIN).get(0);
        Instant now = script.instant("2026-03-02T18:00");

        assertThrows(
                IllegalArgumentException.class,
                () -> WorkStatus.of(EMPLOYEE, stillWorking, script.entries(), BERLIN, office(), now));
    }
}
