package dev.timetracker.domain.report;

import static dev.timetracker.domain.report.UtcOffice.clock;
import static dev.timetracker.domain.report.UtcOffice.punch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The reports' rules over an in-memory store: which figures come from stored aggregates, final sessions and open
 * journals, who counts in the head count, and how a broken clock is reported.
 */
class ReportServiceTest {
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);
    private static final LocalDate WEDNESDAY = MONDAY.plusDays(2);
    /** Wednesday 15:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-03-04T15:00:00Z");
    /** 09:00–17:00 UTC Monday to Friday, no grace, overtime after 8 h. */
    private static final BusinessHoursTimeline OFFICE =
            BusinessHoursTimeline.of(UtcOffice.hours("bh", "2020-01-01T00:00:00Z"));

    private final InMemoryReportStore store = new InMemoryReportStore()
            // Working since 09:30 today (late): 5.5 h by now.
            .clock(clock("a", true, punch("a", PunchAction.PUNCH_IN, "2026-03-04T09:30:00Z")))
            // In 08:55, on a break since 12:00: 3 h 5 min.
            .clock(clock(
                    "b",
                    true,
                    punch("b", PunchAction.PUNCH_IN, "2026-03-04T08:55:00Z"),
                    punch("b", PunchAction.BREAK_START, "2026-03-04T12:00:00Z")))
            .clock(clock("c", true))
            // Worked 09:00–10:00 today and was deactivated since.
            .clock(clock(
                    "d",
                    false,
                    punch("d", PunchAction.PUNCH_IN, "2026-03-04T09:00:00Z"),
                    punch("d", PunchAction.PUNCH_OUT, "2026-03-04T10:00:00Z")))
            .finalSession(session("a", TUESDAY, 28_800, 0, 0))
            .finalSession(session("b", TUESDAY, 25_000, 600, 120));
    private final ReportService reports = new ReportService(store, () -> OFFICE, Clock.fixed(NOW, ZoneOffset.UTC));

    {
        store.aggregates.put(MONDAY, new DayTotals(MONDAY, 2, 1_000, 100, 1, 60, 0));
    }

    @Test
    void theOverviewCountsActiveEmployeesByStateAndEveryonesWork() {
        Overview overview = reports.overview(WEDNESDAY).figures();

        assertEquals(new StateCounts(3, 1, 1, 1), overview.states(), "a working, b on break, c off; d inactive");
        assertEquals(1, overview.lateToday(), "a came at 09:30");
        assertEquals(
                19_800 + 11_100 + 3_600,
                overview.workedSecondsToday(),
                "the deactivated employee's work of the day still counts: history does not depend on today's flag");
        assertEquals(
                1_000 + 28_800 + 25_000 + 34_500,
                overview.workedSecondsWeek(),
                "Monday's aggregate, Tuesday's final sessions, today's open ones");
    }

    @Test
    void theDailyReportTakesAStoredAggregateElseFinalPlusOpenSessions() {
        List<DayTotals> days = reports.daily(new DateRange(MONDAY, WEDNESDAY)).figures();

        assertEquals(
                List.of(
                        store.aggregates.get(MONDAY).shown(),
                        new DayTotals(TUESDAY, 2, 53_800, 600, 1, 0, 0),
                        new DayTotals(WEDNESDAY, 3, 34_500, 10_800, 1, 0, 0)),
                days,
                "b has been on a break since 12:00");
    }

    @Test
    void offlinePunchesForADateWithAStoredAggregateCountAtOnce() {
        // An offline punch_in/punch_out for Monday, accepted after Monday's aggregate was written.
        store.clock(clock(
                "e",
                true,
                punch("e", PunchAction.PUNCH_IN, "2026-03-02T10:00:00Z"),
                punch("e", PunchAction.PUNCH_OUT, "2026-03-02T11:00:00Z")));

        DayTotals monday =
                reports.daily(new DateRange(MONDAY, MONDAY)).figures().get(0);

        assertEquals(
                store.aggregates
                        .get(MONDAY)
                        .plus(new DayTotals(MONDAY, 1, 3_600, 0, 1, 3_600, 0))
                        .shown(),
                monday,
                "the aggregate plus the session still in the journal (late: 10:00 against 09:00)");
    }

    @Test
    void anOldRangeReadsNoClock() {
        reports.daily(new DateRange(MONDAY.minusDays(30), MONDAY.minusDays(20)));

        assertEquals(0, store.clockWalks, "no journal holds a date that old");
    }

    @Test
    void oneEmployeesDailyFiguresAreTheirFinalAndOpenSessions() {
        List<DayTotals> days =
                reports.daily(new DateRange(MONDAY, WEDNESDAY), "a").figures();

        assertEquals(
                List.of(
                        DayTotals.empty(MONDAY),
                        new DayTotals(TUESDAY, 1, 28_800, 0, 0, 0, 0),
                        new DayTotals(WEDNESDAY, 1, 19_800, 0, 1, 1_800, 0)),
                days);
        assertThrows(NotFoundException.class, () -> reports.daily(new DateRange(MONDAY, WEDNESDAY), "nobody"));
    }

    @Test
    void theEmployeesReportHasOneRowPerEmployeeOfThePageInItsOrder() {
        List<EmployeeTotals> rows = reports.employees(
                        List.of(employee("b"), employee("a"), employee("c")), new DateRange(MONDAY, WEDNESDAY))
                .figures();

        assertEquals(
                List.of("b", "a", "c"),
                rows.stream().map(EmployeeTotals::employeeId).toList());
        EmployeeTotals a = rows.get(1);
        assertEquals(2, a.daysWorked());
        assertEquals(28_800 + 19_800, a.workedSeconds());
        assertEquals(1, a.lateDays());
        assertEquals(EmployeeTotals.empty("c", "First c"), rows.get(2));
    }

    @Test
    void unreadableClocksAreListedInEmployeeIdOrderAndLeftOutOfTheOpenFigures() {
        store.unreadable.put("z", new UnreadableClockException("z", "broken", 0L, Set.of()));
        store.unreadable.put("y", new UnreadableClockException("y", "broken", 0L, Set.of()));

        Report<Overview> overview = reports.overview(WEDNESDAY);

        assertEquals(
                List.of("y", "z"),
                overview.unreadable().stream()
                        .map(UnreadableClockException::employeeId)
                        .toList());
        assertEquals(3, overview.figures().states().active());
        Report<List<DayTotals>> own = reports.daily(new DateRange(MONDAY, WEDNESDAY), "z");
        assertEquals(
                List.of("z"),
                own.unreadable().stream()
                        .map(UnreadableClockException::employeeId)
                        .toList(),
                "a broken clock is not a missing employee");
    }

    @Test
    void stateCountsAddUpByState() {
        StateCounts counts =
                StateCounts.none().count(WorkState.WORKING).count(WorkState.OFF).count(WorkState.WORKING);

        assertEquals(new StateCounts(3, 2, 0, 1), counts);
        assertEquals(new StateCounts(6, 4, 0, 2), counts.plus(counts));
    }

    @Test
    void aDailyPageEndsAtTheRangesLastDate() {
        List<DayTotals> days =
                MONDAY.datesUntil(MONDAY.plusDays(5)).map(DayTotals::empty).toList();

        assertEquals(new DailyPage(days.subList(0, 2), WEDNESDAY), DailyPage.of(days, MONDAY, 2));
        assertEquals(new DailyPage(days.subList(3, 5), null), DailyPage.of(days, MONDAY.plusDays(3), 2));
        assertEquals(new DailyPage(days.subList(4, 5), null), DailyPage.of(days, MONDAY.plusDays(4), 9));
    }

    private static WorkSession session(String employeeId, LocalDate date, long worked, long breaks, long late) {
        Instant in = date.atTime(9, 0).toInstant(ZoneOffset.UTC);
        return new WorkSession(
                employeeId,
                date,
                in,
                in.plusSeconds(worked + breaks),
                worked,
                breaks,
                new ArrayList<>(),
                late,
                0,
                0,
                worked,
                0,
                SessionStatus.COMPLETE,
                List.of());
    }

    private static Employee employee(String id) {
        return new Employee(id, id + "@example.com", "First", id, null, null, null, ZoneOffset.UTC, true, NOW, NOW, 1);
    }
}
