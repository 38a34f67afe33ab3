package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.breakEnd;
import static dev.timetracker.local.reports.Dataset.breakStart;
import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.report.DynamoReportStore;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.ReportService;
import dev.timetracker.domain.time.WeeklyOvertime;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random punches of a dozen employees over three days, the nightly run, then offline punches for a date whose
 * aggregate is already written and deactivations: the organisation's daily figures must equal, date by date, the
 * sums of the sessions every employee's own listing shows (issue 11, "randomized reference model").
 */
@ExtendWith(LocalAwsExtension.class)
class RandomReportFiguresTest {
    private static final int EMPLOYEES = 12;
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-23");
    private static final DateRange RANGE = new DateRange(MONDAY, MONDAY.plusDays(2));
    /** Every day of the range has ended everywhere: the run writes their aggregates. */
    private static final Instant RUN_AT = Instant.parse("2026-03-26T13:00:00Z");

    private static final Instant REPORT_AT = Instant.parse("2026-03-26T15:00:00Z");

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void dailyFiguresEqualTheSessionsTheySummarise(long seed, TestStack stack) {
        Random random = new Random(seed);
        Dataset data = Dataset.fresh(stack).standardHours();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EMPLOYEES; i++) {
            String id = String.format("emp-rnd-%02d", i);
            ids.add(id);
            data.employee(id, "Random", "R" + i, "R-" + i, "Ops", "Europe/Berlin", true);
            // Those who will punch offline for Tuesday punch on Monday only, so Tuesday comes after their last entry.
            int days = offline(i) ? 1 : 3;
            List<Dataset.Punch> punches = new ArrayList<>();
            for (int day = 0; day < days; day++) {
                // Offline punchers always worked on Monday: an offline punch is accepted after the clock's last one.
                if (random.nextInt(5) > 0 || offline(i)) {
                    punches.addAll(day(MONDAY.plusDays(day), random));
                }
            }
            if (!punches.isEmpty()) {
                data.journal(id, punches);
            }
        }
        stack.awaitIndexes();
        data.aggregation(Clock.fixed(RUN_AT, ZoneOffset.UTC)).handle(Week.scheduledEvent(RUN_AT), () -> Long.MAX_VALUE);
        for (int i = 0; i < EMPLOYEES; i++) {
            if (offline(i)) {
                data.appendOffline(ids.get(i), day(MONDAY.plusDays(1), random), RUN_AT.plusSeconds(600));
            }
            if (i % 2 == 0) {
                data.deactivate(ids.get(i));
            }
        }
        stack.awaitIndexes();

        Clock reportClock = Clock.fixed(REPORT_AT, ZoneOffset.UTC);
        var deployment = data.deployment("ReportsFunction");
        ReportService reports = new ReportService(
                new DynamoReportStore(data.db, data.timeTable),
                new CachedBusinessHours(
                        new DynamoBusinessHoursStore(
                                data.db, data.employeesTable, data.auditTable, deployment.cursors()),
                        reportClock),
                reportClock);
        Map<LocalDate, DayTotals> expected = fromSessions(stack, data, ids);

        assertEquals(List.copyOf(expected.values()), reports.daily(RANGE).figures(), "seed " + seed);
    }

    /**
     * Every write path that changes sessions, on random data near the real now: backdated punches by an admin for the
     * employee (the same path as the employee's own and offline punches: one read, one transaction), the nightly
     * run (finished days become final, cycles past the 10 h maximum shift closed automatically), a correction, and
     * deactivations through the employees store. The overview and the daily report equal the sessions after each
     * step, the first time right after the nightly run while the indexes still hold the clocks as they were before it
     * (no wait: the live totals are table items, written in the closing's own transaction).
     */
    @ParameterizedTest
    @ValueSource(longs = {4, 5})
    void overviewAndDailyEqualTheSessionsAfterEveryKindOfWrite(long seed, TestStack stack) {
        Random random = new Random(seed);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Dataset data = Dataset.fresh(stack).standardHours();
        Api admin = Callers.admin(stack);
        Api punches = admin.via(new PunchHandler(data.deployment("PunchFunction")));
        Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
        Api status =
                admin.via(new StatusHandler(data.deployment("StatusFunction").withClock(fixed)));
        Api reports = admin.via(new ReportsHandler(
                ReportsHandler.Config.of(data.deployment("ReportsFunction").withClock(fixed))
                        .withS3(stack.s3())
                        .withLinks(stack.links("ReportsFunction"))));
        LocalDate today = LocalDate.ofInstant(now, BERLIN);
        DateRange range = new DateRange(
                today.minusDays(3).isBefore(WeeklyOvertime.weekOf(today))
                        ? today.minusDays(3)
                        : WeeklyOvertime.weekOf(today),
                today);
        List<String> ids = new ArrayList<>();
        Set<String> inactive = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            String id = String.format("emp-live-%d-%02d", seed, i);
            ids.add(id);
            data.employee(
                    id, "Live", "L" + i, "L-" + i, "Ops", i % 4 == 3 ? "America/New_York" : "Europe/Berlin", true);
            Instant at = now.minus(Duration.ofHours(60 + random.nextInt(10)));
            while (at.isBefore(now.minus(Duration.ofHours(2)))) {
                punch(punches, id, "punch_in", at);
                Instant end = at.plus(Duration.ofMinutes(90 + random.nextInt(450)));
                if (random.nextInt(3) == 0) {
                    Instant pause = at.plus(Duration.ofMinutes(30));
                    punch(punches, id, "break_start", pause);
                    punch(punches, id, "break_end", pause.plus(Duration.ofMinutes(5 + random.nextInt(40))));
                }
                if (end.isAfter(now.minus(Duration.ofMinutes(30))) || random.nextInt(6) == 0) {
                    break; // left open: running now, or forgotten (the nightly run closes it past 10 h)
                }
                punch(punches, id, "punch_out", end);
                at = end.plus(Duration.ofMinutes(30 + random.nextInt(960)));
            }
        }
        assertFiguresEqualSessions(reports, status, ids, inactive, range, "seed " + seed + ", punched");

        stack.awaitIndexes(); // the nightly job walks the clocks index: every clock is in it
        var indexes = stack.aws().onMoto() ? null : stack.dynamoEmulator().indexes();
        if (indexes != null) {
            indexes.hold();
        }
        try {
            data.aggregation(fixed).handle(Week.scheduledEvent(now), () -> Long.MAX_VALUE);
            assertFiguresEqualSessions(
                    reports, status, ids, inactive, range, "seed " + seed + ", right after the nightly run");
        } finally {
            if (indexes != null) {
                indexes.release();
            }
        }

        Api periods = admin.via(new PeriodsHandler(data.deployment("PeriodsFunction")));
        String corrected = ids.get(random.nextInt(ids.size()));
        JsonNode entries = status.get("/api/timetracking/entries/?employee_id=" + corrected + "&from=" + range.from()
                        + "&to=" + range.to())
                .json()
                .get("items");
        JsonNode last = entries.get(entries.size() - 1);
        Response correction = CorrectionRequests.request(
                periods,
                corrected,
                last.get("work_date").asText(),
                "Random case " + seed,
                List.of(CorrectionRequests.move(
                        last.get("id").asText(),
                        Instant.parse(last.get("timestamp").asText()).minusSeconds(60L * (1 + random.nextInt(20))))));
        assertTrue(correction.status() == 201 || correction.status() == 422, correction::toString);
        assertFiguresEqualSessions(
                reports, status, ids, inactive, range, "seed " + seed + ", corrected: " + correction);

        for (int i = 0; i < ids.size(); i += 2) {
            data.deactivate(ids.get(i));
            inactive.add(ids.get(i));
        }
        assertFiguresEqualSessions(reports, status, ids, inactive, range, "seed " + seed + ", half deactivated");
    }

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static void punch(Api punches, String employeeId, String action, Instant at) {
        Response response = punches.post(
                "/api/timetracking/punch/",
                Map.of(
                        "employee_id",
                        employeeId,
                        "action",
                        action,
                        "timestamp",
                        at.toString(),
                        "notes",
                        "From the paper sheet"));
        assertEquals(201, response.status(), response::toString);
    }

    /** The overview (states, the day, its week) and the daily report against every employee's sessions and status. */
    private static void assertFiguresEqualSessions(
            Api reports, Api status, List<String> ids, Set<String> inactive, DateRange range, String scenario) {
        Map<LocalDate, DayTotals> expected = new LinkedHashMap<>();
        range.from().datesUntil(range.to().plusDays(1)).forEach(date -> expected.put(date, DayTotals.empty(date)));
        long active = 0;
        long working = 0;
        long onBreak = 0;
        for (String id : ids) {
            for (JsonNode session : sessions(status, id, range)) {
                DayTotals totals = dailyFigures(session);
                expected.merge(totals.date(), totals, DayTotals::plus);
            }
            JsonNode state = status.get("/api/timetracking/status/" + id + "/").json();
            if (!inactive.contains(id)) {
                active++;
                working += state.get("status").asText().equals("working") ? 1 : 0;
                onBreak += state.get("status").asText().equals("on_break") ? 1 : 0;
            }
        }
        JsonNode daily = reports.get("/api/reports/daily/?from=" + range.from() + "&to=" + range.to() + "&limit=31")
                .json();
        List<DayTotals> actual = new ArrayList<>();
        for (JsonNode day : daily.get("items")) {
            LocalDate date = LocalDate.parse(day.get("date").asText());
            actual.add(new DayTotals(
                    date,
                    day.get("employees_present").asLong(),
                    day.get("worked_seconds").asLong(),
                    day.get("break_seconds").asLong(),
                    day.get("late_count").asLong(),
                    0,
                    0));
        }
        assertEquals(List.copyOf(expected.values()), actual, scenario + ": daily");
        LocalDate today = range.to();
        JsonNode overview = reports.get("/api/reports/overview/?date=" + today).json();
        long week = expected.values().stream()
                .filter(day -> !day.date().isBefore(WeeklyOvertime.weekOf(today)))
                .mapToLong(DayTotals::workedSeconds)
                .sum();
        assertEquals(
                expected.get(today).workedSeconds(),
                overview.get("worked_seconds_today").asLong(),
                scenario);
        assertEquals(expected.get(today).lateCount(), overview.get("late_today").asLong(), scenario);
        assertEquals(week, overview.get("worked_seconds_week").asLong(), scenario + ": week");
        assertEquals(active, overview.get("employees_active").asLong(), scenario + ": " + overview);
        assertEquals(working, overview.get("working").asLong(), scenario + ": " + overview);
        assertEquals(onBreak, overview.get("on_break").asLong(), scenario + ": " + overview);
    }

    private static boolean offline(int employee) {
        return employee % 3 == 0;
    }

    /** One cycle on the date (Berlin is UTC+1 then): in 06:00–09:59 UTC, maybe a break, out 14:00–16:59 UTC. */
    private static List<Dataset.Punch> day(LocalDate date, Random random) {
        Instant start = date.atTime(6 + random.nextInt(4), random.nextInt(60)).toInstant(ZoneOffset.UTC);
        Instant end = date.atTime(14 + random.nextInt(3), random.nextInt(60)).toInstant(ZoneOffset.UTC);
        List<Dataset.Punch> punches = new ArrayList<>();
        punches.add(in(start.toString()));
        if (random.nextBoolean()) {
            Instant pause = date.atTime(11, random.nextInt(30)).toInstant(ZoneOffset.UTC);
            punches.add(breakStart(pause.toString()));
            punches.add(
                    breakEnd(pause.plusSeconds(60L * (5 + random.nextInt(50))).toString()));
        }
        punches.add(out(end.toString()));
        return punches;
    }

    /** Each date's totals summed from every employee's own sessions listing (final and still in the journal). */
    private static Map<LocalDate, DayTotals> fromSessions(TestStack stack, Dataset data, List<String> ids) {
        Map<LocalDate, DayTotals> totals = new LinkedHashMap<>();
        RANGE.from().datesUntil(RANGE.to().plusDays(1)).forEach(date -> totals.put(date, DayTotals.empty(date)));
        Api status = Callers.admin(stack).via(data.status());
        for (String id : ids) {
            for (JsonNode session : sessions(status, id, RANGE)) {
                DayTotals figures = dailyFigures(session);
                totals.merge(figures.date(), figures, DayTotals::plus);
            }
        }
        return totals;
    }

    /** The employee's sessions in the range, as the status function lists them (one page: at most 200). */
    private static JsonNode sessions(Api status, String employeeId, DateRange range) {
        Response sessions = status.get("/api/timetracking/sessions/?employee_id=" + employeeId + "&from=" + range.from()
                + "&to=" + range.to() + "&limit=200");
        assertEquals(200, sessions.status(), sessions::toString);
        return sessions.json().get("items");
    }

    /**
     * One session's share of its date in the daily report: one employee present, their worked and break seconds, late
     * or not. Late and overtime seconds are not among the report's figures.
     */
    private static DayTotals dailyFigures(JsonNode session) {
        LocalDate date = LocalDate.parse(session.get("work_date").asText());
        return new DayTotals(
                date,
                1,
                session.get("worked_seconds").asLong(),
                session.get("break_seconds").asLong(),
                session.get("late_seconds").asLong() > 0 ? 1 : 0,
                0,
                0);
    }
}
