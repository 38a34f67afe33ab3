package dev.timetracker.domain.report;

import static dev.timetracker.domain.report.UtcOffice.clock;
import static dev.timetracker.domain.report.UtcOffice.hours;
import static dev.timetracker.domain.report.UtcOffice.punch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live totals' arithmetic (docs/storage.md, "Live day totals"): a clock's figures in linear form are its sessions
 * at every later instant, and adding each change's {@code after − before} keeps a sum equal to the sessions.
 */
class ClockFiguresTest {
    private static final BusinessHoursTimeline OFFICE = BusinessHoursTimeline.of(hours("bh-1", "2020-01-01T00:00:00Z"));
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");

    @Test
    void anOpenCycleGrowsLinearlyWhileWorkingAndOnABreak() {
        PunchClock working = clock(
                "a",
                true,
                punch("a", PunchAction.PUNCH_IN, "2026-03-02T09:10:00Z"),
                punch("a", PunchAction.BREAK_START, "2026-03-02T12:00:00Z"),
                punch("a", PunchAction.BREAK_END, "2026-03-02T12:30:00Z"));
        PunchClock onBreak = clock(
                "b",
                true,
                punch("b", PunchAction.PUNCH_IN, "2026-03-02T08:00:00Z"),
                punch("b", PunchAction.BREAK_START, "2026-03-02T12:00:00Z"));
        for (PunchClock clock : List.of(working, onBreak)) {
            LiveFigures figures = ClockFigures.of(clock, OFFICE).days().get(MONDAY);
            for (long later : new long[] {0, 1, 59, 3_600, 7_777}) {
                Instant at = clock.latestAt().orElseThrow().plusSeconds(later);
                WorkSession session = clock.ledger().sessions(OFFICE, at).get(0);
                assertEquals(session.workedSeconds(), figures.workedAt(at.getEpochSecond()), clock + " +" + later);
                assertEquals(session.breakSeconds(), figures.breakAt(at.getEpochSecond()), clock + " +" + later);
            }
            assertEquals(1, figures.present());
        }
        assertEquals(1, ClockFigures.of(working, OFFICE).days().get(MONDAY).late(), "in at 09:10: late");
        assertEquals(0, ClockFigures.of(onBreak, OFFICE).days().get(MONDAY).late());
        assertEquals(
                new StateCounts(1, 1, 0, 0), ClockFigures.of(working, OFFICE).states());
        assertEquals(
                new StateCounts(1, 0, 1, 0), ClockFigures.of(onBreak, OFFICE).states());
    }

    @Test
    void aPunchOutsDeltaTakesTheOpenCycleAwayAndAddsTheClosedOne() {
        PunchClock before = clock("a", true, punch("a", PunchAction.PUNCH_IN, "2026-03-02T09:00:00Z"));
        PunchClock after = clock(
                "a",
                true,
                punch("a", PunchAction.PUNCH_IN, "2026-03-02T09:00:00Z"),
                punch("a", PunchAction.PUNCH_OUT, "2026-03-02T17:00:00Z"));

        ClockFigures delta = ClockFigures.of(after, OFFICE).minus(ClockFigures.of(before, OFFICE));

        assertEquals(new StateCounts(0, -1, 0, 1), delta.states());
        LiveFigures change = delta.days().get(MONDAY);
        assertEquals(0, change.present(), "still one session");
        assertEquals(-1, change.working());
        assertEquals(Set.of("bh-1"), delta.judgedWith().get(MONDAY));
        assertEquals(
                ClockFigures.of(after, OFFICE),
                ClockFigures.of(before, OFFICE).plus(delta).withoutEmptyDays(),
                "before + (after − before) = after");
        assertEquals(
                28_800,
                ClockFigures.of(before, OFFICE).plus(delta).days().get(MONDAY).workedAt(0));
    }

    @Test
    void aDeactivationLeavesTheWorkAndTakesTheEmployeeOutOfTheStates() {
        TimeEntry in = punch("d", PunchAction.PUNCH_IN, "2026-03-02T09:00:00Z");
        ClockFigures delta =
                ClockFigures.of(clock("d", false, in), OFFICE).minus(ClockFigures.of(clock("d", true, in), OFFICE));

        assertEquals(new StateCounts(-1, -1, 0, 0), delta.states());
        assertTrue(delta.days().isEmpty(), "history does not depend on today's active flag");
    }

    @Test
    void aZoneChangeMovesTheWorkToTheDateOfTheNewZone() {
        TimeEntry in = punch("z", PunchAction.PUNCH_IN, "2026-03-02T23:30:00Z");
        PunchClock utc = clock("z", true, in);
        PunchClock tokyo = new PunchClock(
                "z", ZoneId.of("Asia/Tokyo"), true, List.of(in), Map.of(), 0, Map.of(), 1, 0, in.timestamp(), null);

        ClockFigures delta = ClockFigures.of(tokyo, OFFICE).minus(ClockFigures.of(utc, OFFICE));

        assertEquals(-1, delta.days().get(MONDAY).present());
        assertEquals(1, delta.days().get(MONDAY.plusDays(1)).present());
    }

    @Test
    void aNightlyClosingChangesNothingForAFinishedDayAndEndsAnOverlongCycleAtItsAutoPunchOut() {
        PunchClock finished = clock(
                "f",
                true,
                punch("f", PunchAction.PUNCH_IN, "2026-03-02T09:00:00Z"),
                punch("f", PunchAction.PUNCH_OUT, "2026-03-02T17:00:00Z"));
        List<WorkSession> finals = finished.ledger().sessions(OFFICE, Instant.parse("2026-03-04T00:00:00Z"));

        ClockFigures closing = ClockFigures.ofJournal("f", ZoneOffset.UTC, true, List.of(), OFFICE)
                .plus(ClockFigures.ofFinal(finals, OFFICE))
                .minus(ClockFigures.of(finished, OFFICE));

        assertTrue(closing.isNone(), closing.toString());
    }

    /** Random punches of several employees; after every one the kept sum equals the sessions at later instants. */
    @Test
    void addingEveryDeltaKeepsTheSumEqualToTheSessions() {
        Random random = new Random(11);
        Map<String, PunchClock> clocks = new HashMap<>();
        ClockFigures total = ClockFigures.NONE;
        Instant now = Instant.parse("2026-03-02T06:00:00Z");
        for (int step = 0; step < 300; step++) {
            String id = "e" + random.nextInt(5);
            PunchClock before = clocks.getOrDefault(id, clock(id, true));
            if (step == 0 || !clocks.containsKey(id)) {
                total = total.plus(ClockFigures.of(before, OFFICE));
            }
            now = now.plusSeconds(60 + random.nextInt(3_000));
            PunchClock after;
            if (random.nextInt(10) == 0) {
                after = withActive(before, !before.active());
            } else {
                List<PunchAction> allowed = new ArrayList<>();
                for (PunchAction action : PunchAction.values()) {
                    if (PunchStateMachine.allowedFrom(action).contains(before.state())) {
                        allowed.add(action);
                    }
                }
                PunchAction action = allowed.get(random.nextInt(allowed.size()));
                List<TimeEntry> journal = new ArrayList<>(before.journal());
                journal.add(punch(id, action, now.toString()));
                after = new PunchClock(
                        id, ZoneOffset.UTC, before.active(), journal, Map.of(), 0, Map.of(), 1, 0, now, null);
            }
            total = total.plus(ClockFigures.of(after, OFFICE).minus(ClockFigures.of(before, OFFICE)));
            clocks.put(id, after);
            Instant later = now.plusSeconds(random.nextInt(5_000));
            assertEquals(expectedStates(clocks), total.states(), "step " + step);
            for (LocalDate date : total.days().keySet()) {
                DayTotals expected = DayTotals.empty(date);
                for (PunchClock clock : clocks.values()) {
                    for (WorkSession session : clock.ledger().sessions(OFFICE, later)) {
                        if (session.workDate().equals(date)) {
                            expected = expected.add(session);
                        }
                    }
                }
                assertEquals(expected.shown(), total.days().get(date).at(date, later.getEpochSecond()), "step " + step);
            }
        }
    }

    @Test
    void aDateIsServedOnlyWhenOneVersionJudgesAllOfIt() {
        BusinessHoursTimeline changed =
                BusinessHoursTimeline.of(hours("bh-1", "2020-01-01T00:00:00Z"), hours("bh-2", "2026-03-10T00:00:00Z"));
        LiveTotals totals = new LiveTotals(
                LocalDate.MIN,
                StateCounts.none(),
                Map.of(),
                Map.of(
                        MONDAY,
                        Set.of("bh-1"),
                        MONDAY.plusDays(8),
                        Set.of("bh-1"),
                        MONDAY.plusDays(14),
                        Set.of("bh-1")));

        assertTrue(totals.serves(MONDAY, changed, 0), "bh-1 judged it and still applies");
        assertFalse(totals.serves(MONDAY.plusDays(8), changed, 0), "bh-2 begins within the date's reach");
        assertFalse(totals.serves(MONDAY.plusDays(14), changed, 0), "judged by bh-1, now bh-2's");
        assertTrue(totals.serves(MONDAY.plusDays(15), changed, 0), "nothing judged yet");
        assertFalse(
                new LiveTotals(MONDAY.plusDays(1), StateCounts.none(), Map.of(), Map.of()).serves(MONDAY, changed, 0));
        assertFalse(LiveTotals.NONE.serves(MONDAY, changed, 0));
        LiveTotals impossible = new LiveTotals(
                LocalDate.MIN,
                StateCounts.none(),
                Map.of(MONDAY, new LiveFigures(1, 0, 100, 0, -1, -1_000, 0, 0)),
                Map.of());
        assertFalse(impossible.serves(MONDAY, changed, 2_000), "a negative count is no sum of sessions");
    }

    /** The reports from live totals equal the reports from the clocks and sessions, the path they replace. */
    @Test
    void theReportsFromLiveTotalsEqualTheReportsFromTheSessions() {
        Instant now = Instant.parse("2026-03-04T15:00:00Z");
        InMemoryReportStore store = new InMemoryReportStore()
                .clock(clock("a", true, punch("a", PunchAction.PUNCH_IN, "2026-03-04T09:30:00Z")))
                .clock(clock(
                        "b",
                        true,
                        punch("b", PunchAction.PUNCH_IN, "2026-03-03T08:55:00Z"),
                        punch("b", PunchAction.PUNCH_OUT, "2026-03-03T16:55:00Z"),
                        punch("b", PunchAction.PUNCH_IN, "2026-03-04T08:55:00Z"),
                        punch("b", PunchAction.BREAK_START, "2026-03-04T12:00:00Z")))
                .clock(clock(
                        "d",
                        false,
                        punch("d", PunchAction.PUNCH_IN, "2026-03-02T09:00:00Z"),
                        punch("d", PunchAction.PUNCH_OUT, "2026-03-02T10:00:00Z")));
        ReportService reports = new ReportService(store, () -> OFFICE, Clock.fixed(now, ZoneOffset.UTC));
        DateRange week = new DateRange(MONDAY, MONDAY.plusDays(2));
        Overview fromSessions = reports.overview(MONDAY.plusDays(2)).figures();
        List<DayTotals> dailyFromSessions = reports.daily(week).figures();
        int walks = store.clockWalks;

        ClockFigures sum = ClockFigures.NONE;
        for (PunchClock clock : store.clocks.values()) {
            sum = sum.plus(ClockFigures.of(clock, OFFICE));
        }
        store.live = new LiveTotals(LocalDate.MIN, sum.states(), sum.days(), sum.judgedWith());

        assertEquals(fromSessions, reports.overview(MONDAY.plusDays(2)).figures());
        assertEquals(dailyFromSessions, reports.daily(week).figures());
        assertEquals(walks, store.clockWalks, "no clock read once the totals serve every date");
    }

    private static StateCounts expectedStates(Map<String, PunchClock> clocks) {
        StateCounts states = StateCounts.none();
        for (PunchClock clock : clocks.values()) {
            if (clock.active()) {
                states = states.count(clock.state());
            }
        }
        return states;
    }

    private static PunchClock withActive(PunchClock clock, boolean active) {
        return new PunchClock(
                clock.employeeId(),
                clock.zone(),
                active,
                clock.journal(),
                Map.of(),
                0,
                Map.of(),
                1,
                0,
                clock.latestAt().orElse(null),
                null);
    }
}
