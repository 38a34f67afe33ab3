package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchAction.BREAK_END;
import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static dev.timetracker.domain.time.PunchScript.BERLIN;
import static dev.timetracker.domain.time.PunchScript.hours;
import static dev.timetracker.domain.time.PunchScript.office;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkSessionTest {

    private static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    private static WorkSession onlySession(PunchScript script, BusinessHoursTimeline timeline, Instant now) {
        List<WorkSession> sessions = script.ledger().sessions(timeline, now);
        assertEquals(1, sessions.size(), "sessions: " + sessions);
        return sessions.get(0);
    }

    // --- daylight saving time -------------------------------------------------------------------------------

    @Test
    void springForwardDayAfterTheSwitchIsTenHours() {
        // 2026-03-29 Berlin jumps from 02:00 CET to 03:00 CEST; 08:00 and 18:00 are both CEST.
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-29T08:00", PUNCH_IN).at("2026-03-29T18:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(LocalDate.of(2026, 3, 29), session.workDate());
        assertEquals(36_000, session.workedSeconds());
        assertEquals(SessionStatus.COMPLETE, session.status());
    }

    @Test
    void springForwardCycleAcrossTheMissingHourIsNineHours() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-29T01:00", PUNCH_IN).at("2026-03-29T11:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(Instant.parse("2026-03-29T00:00:00Z"), session.firstIn());
        assertEquals(Instant.parse("2026-03-29T09:00:00Z"), session.lastOut());
        assertEquals(32_400, session.workedSeconds());
        assertEquals(0, session.breakSeconds());
        // Sunday is no work day, and overtime is counted on any day: 32 400 − 28 800.
        assertEquals(0, session.lateSeconds());
        assertEquals(3_600, session.overtimeSeconds());
    }

    @Test
    void fallBackCycleAcrossTheRepeatedHourIsSixHours() {
        // 2026-10-25 Berlin falls back from 03:00 CEST to 02:00 CET; 00:30 is CEST, 05:30 is CET.
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-10-25T00:30", PUNCH_IN).at("2026-10-25T05:30", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(LocalDate.of(2026, 10, 25), session.workDate());
        assertEquals(Instant.parse("2026-10-24T22:30:00Z"), session.firstIn());
        assertEquals(21_600, session.workedSeconds());
        assertEquals(0, session.overtimeSeconds());
    }

    @Test
    void aStartTimeInsideTheSpringForwardGapMovesLikeZonedDateTimeOf() {
        BusinessHoursTimeline everyDay = BusinessHoursTimeline.of(
                hours("bh-early", EnumSet.allOf(DayOfWeek.class), "02:30", "12:00", 0, 0, 12, 480, LONG_AGO));
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-29T03:45", PUNCH_IN).at("2026-03-29T12:00", PUNCH_OUT);

        WorkSession session = onlySession(script, everyDay, LATER);

        // 02:30 does not exist that night and resolves to 03:30 CEST, so 03:45 is 15 minutes late.
        assertEquals(900, session.lateSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
    }

    // --- overnight ------------------------------------------------------------------------------------------

    @Test
    void overnightCycleWithBreakAcrossMidnightCountsOnItsStartDate() {
        BusinessHoursTimeline nightShift =
                BusinessHoursTimeline.of(hours("bh-night", "22:00", "06:00", 10, 5, 12, 480, LONG_AGO));
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T22:00", PUNCH_IN)
                .at("2026-03-02T23:45", BREAK_START)
                .at("2026-03-03T00:15", BREAK_END)
                .at("2026-03-03T06:00", PUNCH_OUT);

        WorkSession session = onlySession(script, nightShift, LATER);

        assertEquals(MONDAY, session.workDate());
        assertEquals(
                List.of(new PunchCycle(
                        Instant.parse("2026-03-02T21:00:00Z"), Instant.parse("2026-03-03T05:00:00Z"), 27_000, 1_800)),
                session.cycles());
        assertEquals(27_000, session.workedSeconds());
        assertEquals(1_800, session.breakSeconds());
        // The end time 06:00 is before the start 22:00, so it is read on the next morning.
        assertEquals(0, session.lateSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
        assertEquals(0, session.overtimeSeconds());
    }

    @Test
    void leavingANightShiftAnHourEarlyIsEarlyLeave() {
        BusinessHoursTimeline nightShift =
                BusinessHoursTimeline.of(hours("bh-night", "22:00", "06:00", 10, 5, 12, 480, LONG_AGO));
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T22:00", PUNCH_IN).at("2026-03-03T05:00", PUNCH_OUT);

        assertEquals(3_600, onlySession(script, nightShift, LATER).earlyLeaveSeconds());
    }

    // --- late -----------------------------------------------------------------------------------------------

    private static long lateSecondsWhenPunchingInAt(String time) {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T" + time, PUNCH_IN).at("2026-03-02T17:00", PUNCH_OUT);
        return onlySession(script, office(), LATER).lateSeconds();
    }

    @Test
    void punchingInBeforeOrAtStartIsNotLate() {
        assertEquals(0, lateSecondsWhenPunchingInAt("08:50"));
        assertEquals(0, lateSecondsWhenPunchingInAt("09:00"));
    }

    @Test
    void punchingInWithinTheGraceIsNotLate() {
        assertEquals(0, lateSecondsWhenPunchingInAt("09:05"));
        assertEquals(0, lateSecondsWhenPunchingInAt("09:10:00"));
    }

    @Test
    void punchingInBeyondTheGraceIsLateFromTheStartTime() {
        assertEquals(601, lateSecondsWhenPunchingInAt("09:10:01"));
        assertEquals(1_800, lateSecondsWhenPunchingInAt("09:30"));
    }

    @Test
    void startAndEndAreReadInTheEmployeesZoneNotTheConfigurationsOwn() {
        var utcConfigured = new dev.timetracker.domain.hours.BusinessHours(
                "bh-utc",
                ZoneOffset.UTC,
                PunchScript.MONDAY_TO_FRIDAY,
                java.time.LocalTime.of(9, 0),
                java.time.LocalTime.of(17, 0),
                10,
                5,
                12,
                480,
                LONG_AGO,
                LONG_AGO,
                "admin-1",
                null);
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:30", PUNCH_IN).at("2026-03-02T17:00", PUNCH_OUT);

        // 09:30 Berlin is 08:30 UTC: on time for 09:00 UTC, but 30 minutes late for 09:00 Berlin.
        assertEquals(
                1_800,
                onlySession(script, BusinessHoursTimeline.of(utcConfigured), LATER)
                        .lateSeconds());
    }

    // --- early leave ----------------------------------------------------------------------------------------

    private static long earlyLeaveSecondsWhenPunchingOutAt(String time) {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:00", PUNCH_IN).at("2026-03-02T" + time, PUNCH_OUT);
        return onlySession(script, office(), LATER).earlyLeaveSeconds();
    }

    @Test
    void leavingWithinTheGraceIsNotEarly() {
        assertEquals(0, earlyLeaveSecondsWhenPunchingOutAt("17:30"));
        assertEquals(0, earlyLeaveSecondsWhenPunchingOutAt("17:00"));
        assertEquals(0, earlyLeaveSecondsWhenPunchingOutAt("16:55:00"));
    }

    @Test
    void leavingBeyondTheGraceIsEarlyUpToTheEndTime() {
        assertEquals(301, earlyLeaveSecondsWhenPunchingOutAt("16:54:59"));
        assertEquals(7_200, earlyLeaveSecondsWhenPunchingOutAt("15:00"));
    }

    @Test
    void aNonWorkDayIsNeverLateNorEarly() {
        // 2026-03-07 is a Saturday.
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-07T11:00", PUNCH_IN).at("2026-03-07T14:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(0, session.lateSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
        assertEquals(10_800, session.workedSeconds());
    }

    // --- several cycles, overtime ---------------------------------------------------------------------------

    @Test
    void severalCyclesTakeLatenessFromTheFirstAndEarlyLeaveFromTheLast() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T09:20", PUNCH_IN)
                .at("2026-03-02T12:00", PUNCH_OUT)
                .at("2026-03-02T13:00", PUNCH_IN)
                .at("2026-03-02T14:00", BREAK_START)
                .at("2026-03-02T14:15", BREAK_END)
                .at("2026-03-02T16:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(
                List.of(
                        new PunchCycle(
                                script.instant("2026-03-02T09:20"), script.instant("2026-03-02T12:00"), 9_600, 0),
                        new PunchCycle(
                                script.instant("2026-03-02T13:00"), script.instant("2026-03-02T16:00"), 9_900, 900)),
                session.cycles());
        assertEquals(script.instant("2026-03-02T09:20"), session.firstIn());
        assertEquals(script.instant("2026-03-02T16:00"), session.lastOut());
        assertEquals(19_500, session.workedSeconds());
        assertEquals(900, session.breakSeconds());
        assertEquals(1_200, session.lateSeconds());
        assertEquals(3_600, session.earlyLeaveSeconds());
        assertEquals(0, session.overtimeSeconds());
        assertEquals(SessionStatus.COMPLETE, session.status());
        assertEquals(List.of(), session.flags());
    }

    @Test
    void overtimeIsWorkBeyondTheDailyThreshold() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T08:00", PUNCH_IN)
                .at("2026-03-02T12:00", BREAK_START)
                .at("2026-03-02T12:30", BREAK_END)
                .at("2026-03-02T18:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(34_200, session.workedSeconds());
        assertEquals(1_800, session.breakSeconds());
        assertEquals(5_400, session.overtimeSeconds());
        assertEquals(0, session.lateSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
    }

    @Test
    void workingExactlyTheThresholdIsNoOvertime() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T09:00", PUNCH_IN).at("2026-03-02T17:00", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        assertEquals(28_800, session.workedSeconds());
        assertEquals(0, session.overtimeSeconds());
    }

    // --- business hours over time ---------------------------------------------------------------------------

    @Test
    void eachWorkDateUsesTheConfigurationInForceAtItsFirstPunchIn() {
        PunchScript script = PunchScript.in(BERLIN);
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(
                hours("bh-old", "09:00", "17:00", 10, 5, 12, 480, LONG_AGO),
                hours("bh-new", "08:00", "16:00", 10, 5, 12, 480, script.instant("2026-03-02T12:00")));
        script.at("2026-03-02T08:30", PUNCH_IN)
                .at("2026-03-02T12:00", PUNCH_OUT)
                .at("2026-03-02T13:00", PUNCH_IN)
                .at("2026-03-02T16:30", PUNCH_OUT)
                .at("2026-03-03T08:30", PUNCH_IN)
                .at("2026-03-03T16:30", PUNCH_OUT);

        List<WorkSession> sessions = script.ledger().sessions(timeline, LATER);

        // Monday started under the old hours, even though the new ones took over at noon.
        WorkSession monday = sessions.get(0);
        assertEquals(MONDAY, monday.workDate());
        assertEquals(0, monday.lateSeconds());
        assertEquals(1_800, monday.earlyLeaveSeconds());
        WorkSession tuesday = sessions.get(1);
        assertEquals(LocalDate.of(2026, 3, 3), tuesday.workDate());
        assertEquals(1_800, tuesday.lateSeconds());
        assertEquals(0, tuesday.earlyLeaveSeconds());
    }

    @Test
    void withoutBusinessHoursThereIsNoLateEarlyOrOvertime() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T11:00", PUNCH_IN).at("2026-03-02T23:00", PUNCH_OUT);

        WorkSession session = onlySession(script, BusinessHoursTimeline.empty(), LATER);

        assertEquals(43_200, session.workedSeconds());
        assertEquals(0, session.lateSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
        assertEquals(0, session.overtimeSeconds());
    }

    // --- live view and status -------------------------------------------------------------------------------

    @Test
    void anOpenSessionCountsUpToNow() {
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T08:00", PUNCH_IN).at("2026-03-02T12:00", BREAK_START);

        WorkSession session = onlySession(script, office(), script.instant("2026-03-02T12:20"));

        assertEquals(SessionStatus.OPEN, session.status());
        assertNull(session.lastOut());
        assertEquals(
                List.of(new PunchCycle(script.instant("2026-03-02T08:00"), null, 14_400, 1_200)), session.cycles());
        assertEquals(14_400, session.workedSeconds());
        assertEquals(1_200, session.breakSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
    }

    @Test
    void anOpenSessionNeverCountsBackBeforeItsLastPunch() {
        // The device's clock ran 90 s ahead of the server's.
        PunchScript script =
                PunchScript.in(BERLIN).at("2026-03-02T08:00:00", PUNCH_IN).at("2026-03-02T08:01:30", BREAK_START);

        WorkSession session = onlySession(script, office(), script.instant("2026-03-02T08:00:00"));

        assertEquals(90, session.workedSeconds());
        assertEquals(0, session.breakSeconds());
    }

    @Test
    void anOpenCycleEarlyLeavesNothingYetAndLastOutStaysNullAfterEarlierCycles() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T09:00", PUNCH_IN)
                .at("2026-03-02T12:00", PUNCH_OUT)
                .at("2026-03-02T13:00", PUNCH_IN);

        WorkSession session = onlySession(script, office(), script.instant("2026-03-02T14:00"));

        assertEquals(SessionStatus.OPEN, session.status());
        assertNull(session.lastOut());
        assertEquals(14_400, session.workedSeconds());
        assertEquals(0, session.earlyLeaveSeconds());
    }

    @Test
    void durationsAreWholeSecondsBetweenInstantsTruncatedToTheSecond() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T09:00:00.900", PUNCH_IN)
                .at("2026-03-02T09:00:01.100", BREAK_START)
                .at("2026-03-02T09:00:02.200", BREAK_END)
                .at("2026-03-02T09:00:02.950", PUNCH_OUT);

        WorkSession session = onlySession(script, office(), LATER);

        // Read at 09:00:00, :01, :02 and :02, the cycle spans 2 s of which 1 s is break.
        assertEquals(1, session.workedSeconds());
        assertEquals(1, session.breakSeconds());
    }

    // --- incremental and recomputed -------------------------------------------------------------------------

    @Test
    void applyingOneEntryAtATimeEqualsRecomputingTheDay() {
        List<TimeEntry> day = WorkDateAssignment.assign(
                PunchScript.in(BERLIN)
                        .at("2026-03-02T09:20", PUNCH_IN)
                        .at("2026-03-02T12:00", BREAK_START)
                        .at("2026-03-02T12:30", BREAK_END)
                        .at("2026-03-02T15:00", PUNCH_OUT)
                        .at("2026-03-02T15:30", PUNCH_IN)
                        .at("2026-03-02T17:00", PUNCH_OUT)
                        .entries(),
                BERLIN);
        Instant now = Instant.parse("2026-03-02T18:00:00Z");

        SessionTally incremental = SessionTally.start(day.get(0));
        for (int i = 1; i < day.size(); i++) {
            incremental = incremental.apply(day.get(i));
            SessionTally recomputed = SessionTally.of(day.subList(0, i + 1));
            assertEquals(recomputed, incremental);
            assertEquals(recomputed.toSession(BERLIN, office(), now), incremental.toSession(BERLIN, office(), now));
        }
        WorkSession session = incremental.toSession(BERLIN, office(), now);
        // 09:20–15:00 less a 30 min break, then 15:30–17:00.
        assertEquals(18_600 + 5_400, session.workedSeconds());
        assertEquals(1_800, session.breakSeconds());
    }

    @Test
    void aTallyRefusesEntriesOfAnotherDateOrEmployee() {
        List<TimeEntry> entries = WorkDateAssignment.assign(
                PunchScript.in(BERLIN)
                        .at("2026-03-02T09:00", PUNCH_IN)
                        .at("2026-03-02T17:00", PUNCH_OUT)
                        .entries(),
                BERLIN);
        SessionTally monday = SessionTally.start(entries.get(0));
        TimeEntry out = entries.get(1);

        assertThrows(IllegalArgumentException.class, () -> monday.apply(out.withWorkDate(LocalDate.of(2026, 3, 3))));
        assertThrows(
                IllegalArgumentException.class,
                () -> monday.apply(new TimeEntry(
                        out.id(),
                        "emp-2",
                        out.action(),
                        out.timestamp(),
                        out.recordedAt(),
                        out.workDate(),
                        out.source(),
                        null,
                        null)));
        assertThrows(IllegalArgumentException.class, () -> SessionTally.of(List.of()));
        assertThrows(InvalidTransitionException.class, () -> SessionTally.start(out));
    }

    @Test
    void aHistoryOverSeveralDatesGivesOneSessionPerDateInOrder() {
        PunchScript script = PunchScript.in(BERLIN)
                .at("2026-03-02T22:00", PUNCH_IN)
                .at("2026-03-03T02:00", PUNCH_OUT)
                .at("2026-03-03T09:00", PUNCH_IN)
                .at("2026-03-03T17:00", PUNCH_OUT)
                .at("2026-03-05T09:00", PUNCH_IN);

        List<WorkSession> sessions = script.ledger().sessions(office(), script.instant("2026-03-05T10:00"));

        assertEquals(
                List.of(MONDAY, LocalDate.of(2026, 3, 3), LocalDate.of(2026, 3, 5)),
                sessions.stream().map(WorkSession::workDate).toList());
        assertEquals(
                List.of(14_400L, 28_800L, 3_600L),
                sessions.stream().map(WorkSession::workedSeconds).toList());
        assertEquals(
                List.of(SessionStatus.COMPLETE, SessionStatus.COMPLETE, SessionStatus.OPEN),
                sessions.stream().map(WorkSession::status).toList());
    }
}
