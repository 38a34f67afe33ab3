package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static dev.timetracker.domain.time.PunchScript.BERLIN;
import static dev.timetracker.domain.time.PunchScript.EMPLOYEE;
import static dev.timetracker.domain.time.PunchScript.hours;
import static dev.timetracker.domain.time.PunchScript.office;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoPunchOutTest {

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    /** Adds the auto punch_out the way the scheduled job would. */
    private static PunchLedger close(PunchLedger ledger, BusinessHoursTimeline timeline, Instant now) {
        AutoPunchOut due = ledger.autoPunchOutDue(timeline, now).orElseThrow();
        return ledger.record(due.toEntry("auto-1", now));
    }

    @Test
    void aCycleIsNotClosedWhileItIsExactlyAtTheMaximumShift() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);

        assertEquals(
                Optional.empty(), script.ledger().autoPunchOutDue(office(), script.instant("2026-03-02T20:00:00")));
    }

    @Test
    void aCycleOpenLongerThanTheMaximumShiftIsClosedAtPunchInPlusMaxShift() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);
        Instant now = script.instant("2026-03-02T20:00:01");

        AutoPunchOut due = script.ledger().autoPunchOutDue(office(), now).orElseThrow();

        assertEquals(
                new AutoPunchOut(
                        EMPLOYEE,
                        MONDAY,
                        script.instant("2026-03-02T08:00"),
                        script.instant("2026-03-02T20:00"),
                        Duration.ofHours(12)),
                due);
        TimeEntry entry = due.toEntry("auto-1", now);
        assertEquals(
                new TimeEntry(
                        "auto-1",
                        EMPLOYEE,
                        PUNCH_OUT,
                        Instant.parse("2026-03-02T19:00:00Z"),
                        now,
                        MONDAY,
                        EntrySource.AUTO,
                        "closed automatically after the maximum shift of 12 h",
                        null),
                entry);
        assertEquals(
                due,
                AutoPunchOut.due(EMPLOYEE, script.entries(), BERLIN, office(), now)
                        .orElseThrow());
    }

    @Test
    void anAutoClosedSessionIsFlaggedAsMissingItsPunchOut() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);
        Instant now = script.instant("2026-03-03T07:00");

        WorkSession session =
                close(script.ledger(), office(), now).sessions(office(), now).get(0);

        assertEquals(SessionStatus.AUTO_CLOSED, session.status());
        assertEquals(List.of(WorkSession.MISSING_PUNCH_OUT), session.flags());
        assertEquals(script.instant("2026-03-02T20:00"), session.lastOut());
        assertEquals(43_200, session.workedSeconds());
        assertEquals(14_400, session.overtimeSeconds());
    }

    @Test
    void anAutoClosedSessionGetsNoEarlyLeave() {
        BusinessHoursTimeline longDay =
                BusinessHoursTimeline.of(hours("bh-long", "07:00", "23:00", 10, 5, 8, 480, LONG_AGO));
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);
        Instant now = script.instant("2026-03-02T23:30");

        WorkSession session =
                close(script.ledger(), longDay, now).sessions(longDay, now).get(0);

        // Closed at 16:00, seven hours before the end time, yet that was not the employee's choice.
        assertEquals(script.instant("2026-03-02T16:00"), session.lastOut());
        assertEquals(0, session.earlyLeaveSeconds());
        assertEquals(28_800, session.workedSeconds());
    }

    @Test
    void closingDuringABreakEndsTheBreakAtTheAutoPunchOut() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN).at("2026-03-02T19:00", BREAK_START);
        Instant now = script.instant("2026-03-03T09:00");

        WorkSession session =
                close(script.ledger(), office(), now).sessions(office(), now).get(0);

        assertEquals(
                List.of(new PunchCycle(
                        script.instant("2026-03-02T08:00"), script.instant("2026-03-02T20:00"), 39_600, 3_600)),
                session.cycles());
    }

    @Test
    void anOvernightCycleIsClosedOnItsStartDate() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T22:00", PUNCH_IN);

        AutoPunchOut due = script.ledger()
                .autoPunchOutDue(office(), script.instant("2026-03-03T10:00:01"))
                .orElseThrow();

        assertEquals(script.instant("2026-03-03T10:00"), due.timestamp());
        assertEquals(MONDAY, due.workDate());
    }

    @Test
    void theMaximumShiftComesFromTheHoursInForceAtTheDatesFirstPunchIn() {
        PunchScript script = PunchScript.in(BERLIN);
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(
                hours("bh-old", "09:00", "17:00", 10, 5, 12, 480, LONG_AGO),
                hours("bh-short", "09:00", "17:00", 10, 5, 4, 480, script.instant("2026-03-02T10:00")));
        script.at("2026-03-02T08:00", PUNCH_IN)
                .at("2026-03-02T12:00", PUNCH_OUT)
                .at("2026-03-02T13:00", PUNCH_IN);
        PunchLedger ledger = script.ledger();

        // Five hours into the second cycle: past the new 4 h limit, but Monday runs on the old 12 h one.
        assertEquals(Optional.empty(), ledger.autoPunchOutDue(timeline, script.instant("2026-03-02T18:00")));
        assertEquals(
                script.instant("2026-03-03T01:00"),
                ledger.autoPunchOutDue(timeline, script.instant("2026-03-03T01:00:01"))
                        .orElseThrow()
                        .timestamp());
    }

    @Test
    void aPunchRecordedPastTheLimitPushesTheAutoPunchOutToIt() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN).at("2026-03-02T21:00", BREAK_START);

        AutoPunchOut due = script.ledger()
                .autoPunchOutDue(office(), script.instant("2026-03-02T22:00"))
                .orElseThrow();

        assertEquals(script.instant("2026-03-02T21:00"), due.timestamp());
    }

    @Test
    void nothingIsDueWhenOffWithoutHoursOrWithoutALimit() {
        PunchScript closed =
                PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN).at("2026-03-02T09:00", PUNCH_OUT);
        PunchScript open = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);
        Instant muchLater = open.instant("2026-03-09T08:00");
        BusinessHoursTimeline noLimit =
                BusinessHoursTimeline.of(hours("bh-no-limit", "09:00", "17:00", 10, 5, 0, 480, LONG_AGO));

        assertEquals(Optional.empty(), closed.ledger().autoPunchOutDue(office(), muchLater));
        assertEquals(Optional.empty(), PunchLedger.empty(EMPLOYEE, BERLIN).autoPunchOutDue(office(), muchLater));
        assertEquals(Optional.empty(), open.ledger().autoPunchOutDue(BusinessHoursTimeline.empty(), muchLater));
        assertEquals(Optional.empty(), open.ledger().autoPunchOutDue(noLimit, muchLater));
    }

    @Test
    void aNewCycleAfterAnAutoCloseIsOpenButKeepsTheFlag() {
        PunchScript script = PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN);
        PunchLedger closed = close(script.ledger(), office(), script.instant("2026-03-02T21:00"));
        PunchLedger reopened =
                closed.record(PunchScript.entry("e2", PUNCH_IN, script.instant("2026-03-02T21:30"), EntrySource.APP));

        WorkSession open =
                reopened.sessions(office(), script.instant("2026-03-02T22:00")).get(0);
        assertEquals(SessionStatus.OPEN, open.status());
        assertEquals(List.of(WorkSession.MISSING_PUNCH_OUT), open.flags());
        assertEquals(43_200 + 1_800, open.workedSeconds());

        WorkSession done = reopened.record(
                        PunchScript.entry("e3", PUNCH_OUT, script.instant("2026-03-02T23:00"), EntrySource.APP))
                .sessions(office(), script.instant("2026-03-03T08:00"))
                .get(0);
        assertEquals(SessionStatus.AUTO_CLOSED, done.status());
        assertTrue(done.flags().contains(WorkSession.MISSING_PUNCH_OUT));
        assertEquals(0, done.earlyLeaveSeconds());
    }
}
