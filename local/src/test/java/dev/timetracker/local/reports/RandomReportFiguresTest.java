package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.breakEnd;
import static dev.timetracker.local.reports.Dataset.breakStart;
import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.report.DynamoReportStore;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.ReportService;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
            Response sessions = status.get("/api/timetracking/sessions/?employee_id=" + id + "&from=" + RANGE.from()
                    + "&to=" + RANGE.to() + "&limit=200");
            assertEquals(200, sessions.status(), sessions::toString);
            for (JsonNode session : sessions.json().get("items")) {
                LocalDate date = LocalDate.parse(session.get("work_date").asText());
                long late = session.get("late_seconds").asLong();
                // What the daily report shows: late and overtime seconds are not among its figures.
                totals.merge(
                        date,
                        new DayTotals(
                                date,
                                1,
                                session.get("worked_seconds").asLong(),
                                session.get("break_seconds").asLong(),
                                late > 0 ? 1 : 0,
                                0,
                                0),
                        DayTotals::plus);
            }
        }
        return totals;
    }
}
