package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.dynamodb.LiveTotalsItems;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.DailyFiles;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.stack.QueueEventSources;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.OwnStack;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Issue 11, "a backdated business-hours version re-judges days not yet final but not final ones": the API contract
 * lets effective_from lie in the past ("those days are re-evaluated"), so after the next nightly run every final day
 * from effective_from on that is not locked is judged with the version in force on it — its session, the year items
 * the reports read, the live totals, the {@code DAILY} aggregate and {@code exports/daily/<date>.csv} — and a locked
 * date keeps its judgement.
 */
@ExtendWith(LocalAwsExtension.class)
@OwnStack // moves the pay-period lock, which the deployment has once
class BackdatedBusinessHoursTest {
    private static final String ADA = "emp-rejudged";
    private static final String BEN = "emp-on-time";
    private static final long HOUR = 3600;
    private static final String FUNCTION = "DailyAggregationFunction";
    private static final String QUEUE = "NightlyClockPagesQueue";

    private TestStack stack;
    private Dataset data;
    private Api admin;
    /** The nights run a day after the test's real time, on a fixed clock: every date below is final everywhere. */
    private Instant night;

    private LocalDate locked;
    private LocalDate open;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.data = Dataset.fresh(stack)
                .standardHours()
                .employee(ADA, "Ada", "Late", "31", "Ops", "UTC", true)
                .employee(BEN, "Ben", "Early", "32", "Ops", "UTC", true);
        this.admin = Callers.admin(stack);
        this.night = Instant.now().plus(Duration.ofDays(1));
        // Two working days at least 5 days back (the reports read a DAILY aggregate there, not the live totals).
        this.open = weekdayOnOrBefore(LocalDate.now(ZoneOffset.UTC).minusDays(5));
        this.locked = weekdayOnOrBefore(open.minusDays(1));
    }

    private static LocalDate weekdayOnOrBefore(LocalDate date) {
        LocalDate day = date;
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.minusDays(1);
        }
        return day;
    }

    /**
     * Ada started at 10:00 on both days (an hour late under the 09:00 start), Ben at 08:00; the nightly job made the
     * days final and wrote their files. Then a version starting at 10:00 is saved effective from the first of them,
     * and that first day is locked.
     */
    private void finalDaysThenABackdatedVersion() {
        data.journal(
                ADA,
                List.of(
                        in(locked + "T10:00:00Z"),
                        out(locked + "T14:00:00Z"),
                        in(open + "T10:00:00Z"),
                        out(open + "T14:00:00Z")));
        data.journal(BEN, List.of(in(open + "T08:00:00Z"), out(open + "T12:00:00Z")));
        stack.awaitIndexes();
        for (LocalDate date : List.of(locked, open)) {
            JsonNode run = nightly().handle(Json.object().put("date", date.toString()), () -> Long.MAX_VALUE);
            assertEquals("done", run.get("status").asText(), run::toString);
        }
        assertEquals(HOUR, lateSeconds(session(ADA, open)), "late under the 09:00 start");
        assertEquals("3600", fileColumn(open, "late_seconds").get(ADA));

        Response created = admin.via(data.employees()).post("/api/employees/business-hours/", tenOClock(locked));
        assertEquals(201, created.status(), created::toString);
        Response lock = admin.via(data.periods())
                .post("/api/timetracking/locks/", Map.of("through", locked.toString(), "reason", "Paid out"));
        assertTrue(lock.status() == 200 || lock.status() == 201, lock::toString);
    }

    /** A scheduled nightly run at an instant, run to its end. */
    private interface Night {
        void run(Instant at);
    }

    @Test
    void theNextNightlyRunJudgesTheFinalDaysAgainAndEverythingDerivedFollows() {
        finalDaysThenABackdatedVersion();
        judgedAgainByTheNextNight(at -> {
            JsonNode run = nightly().handle(Week.scheduledEvent(at), () -> Long.MAX_VALUE);
            assertEquals("done", run.get("status").asText(), run::toString);
        });
    }

    /** The same when the run fans out (one clock a queue message): every page judges its own employees. */
    @Test
    void aFannedOutNightJudgesTheFinalDaysAgainPageByPage() {
        stack.aws().queues().purge(QUEUE);
        finalDaysThenABackdatedVersion();
        judgedAgainByTheNextNight(at -> {
            DailyAggregationHandler handler = data.aggregationFanningOut(
                    data.deployment(FUNCTION).db(), Clock.fixed(night, ZoneOffset.UTC), 0, 1);
            JsonNode coordinator = handler.handle(Week.scheduledEvent(at), () -> Long.MAX_VALUE);
            assertEquals("fanned_out", coordinator.get("status").asText(), coordinator::toString);
            QueueEventSources.Drained drained = stack.queues(FUNCTION, handler).drain();
            assertEquals(0, drained.failedInvocations(), drained::toString);
            Map<String, AttributeValue> run = data.item(data.timeTable, "AGGREGATION", "scheduled-" + at);
            assertEquals("DONE", run.get("phase").s(), run::toString);
        });
    }

    /**
     * A correction of the day commits between the re-judge's reads and its write: the write's condition on the
     * clock's version refuses it, the day is read and judged again, and the corrected session stands (judged with the
     * version in force), with the live totals equal to the sessions.
     */
    @Test
    void aCorrectionCommittedMeanwhileIsNeitherOverwrittenNorCountedTwice() {
        finalDaysThenABackdatedVersion();
        AtomicBoolean corrected = new AtomicBoolean();
        ExecutionInterceptor correctBeforeTheRejudgeWrites = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if (context.request() instanceof TransactWriteItemsRequest transaction
                        && transaction.transactItems().stream()
                                .anyMatch(item -> item.update() != null
                                        && item.update().updateExpression().equals("SET version = version + :one"))
                        && corrected.compareAndSet(false, true)) {
                    Response correction = admin.via(data.periods())
                            .post(
                                    "/api/timetracking/corrections/",
                                    Map.of(
                                            "employee_id",
                                            ADA,
                                            "work_date",
                                            open.toString(),
                                            "reason",
                                            "Left at four",
                                            "changes",
                                            List.of(Map.of(
                                                    "op",
                                                    "move",
                                                    "entry_id",
                                                    ADA + "-e04",
                                                    "timestamp",
                                                    open + "T16:00:00Z"))));
                    assertEquals(201, correction.status(), correction::toString);
                }
            }
        };
        DynamoDbClient gated = AwsClients.dynamoDbBuilder(
                        stack.deployment(FUNCTION).environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(correctBeforeTheRejudgeWrites)
                                .build())
                .build();

        JsonNode run = data.aggregation(gated, stack.s3(), Clock.fixed(night, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(night), () -> Long.MAX_VALUE);
        assertEquals("done", run.get("status").asText(), run::toString);

        assertTrue(corrected.get(), "the correction came between the reads and the write");
        Map<String, AttributeValue> session = session(ADA, open);
        assertEquals(6 * HOUR, Long.parseLong(session.get("worked_seconds").n()), "the correction stands");
        assertEquals(0, lateSeconds(session), "judged with the version in force");
        var totals = LiveTotalsItems.read(data.db, data.timeTable, List.of(open), false)
                .figures(open);
        assertEquals(0, totals.late());
        assertEquals(2, totals.present());
        assertEquals((6 + 4) * HOUR, totals.closedWorked(), "Ada's corrected day and Ben's, once each");
        assertEquals(Map.of(ADA, "21600", BEN, "14400"), fileColumn(open, "worked_seconds"));
        assertEquals(Map.of(ADA, "0", BEN, "0"), fileColumn(open, "late_seconds"));
    }

    private void judgedAgainByTheNextNight(Night next) {
        next.run(night);
        stack.awaitIndexes();

        // The open day: on time under the version in force on it.
        assertEquals(0, lateSeconds(session(ADA, open)), "the session is judged again");
        assertEquals(Map.of(ADA, "0", BEN, "0"), fileColumn(open, "late_seconds"), "exports/daily/<date>.csv");
        Map<String, AttributeValue> aggregate = data.item(data.timeTable, "DAILY", open.toString());
        assertEquals("0", aggregate.get("late_count").n(), aggregate::toString);
        assertTrue(!aggregate.containsKey("stale"), aggregate::toString);
        assertEquals(
                0,
                LiveTotalsItems.read(data.db, data.timeTable, List.of(open), false)
                        .figures(open)
                        .late());

        Api reports = admin.via(data.reports());
        Response daily = reports.get("/api/reports/daily/?from=" + open + "&to=" + open);
        assertEquals(200, daily.status(), daily::toString);
        assertEquals(0, daily.json().at("/items/0/late_count").asLong(), daily::toString);
        assertEquals(2, daily.json().at("/items/0/employees_present").asLong(), daily::toString);
        JsonNode ada = employeeRow(reports.get("/api/reports/employees/?from=" + open + "&to=" + open));
        assertEquals(0, ada.get("late_days").asLong(), ada::toString);
        assertEquals(0, ada.get("late_seconds").asLong(), ada::toString);

        // The locked day keeps the judgement it was paid with.
        assertEquals(HOUR, lateSeconds(session(ADA, locked)), "a locked date is not judged again");
        assertEquals(
                1,
                LiveTotalsItems.read(data.db, data.timeTable, List.of(locked), false)
                        .figures(locked)
                        .late());
        JsonNode lockedDay = reports.get("/api/reports/daily/?from=" + locked + "&to=" + locked)
                .json();
        assertEquals(1, lockedDay.at("/items/0/late_count").asLong(), lockedDay::toString);
        assertEquals("3600", fileColumn(locked, "late_seconds").get(ADA));

        // The request is done: another night changes nothing.
        data.items(data.timeTable).entrySet().stream()
                .filter(item -> item.getKey().startsWith("REJUDGE|"))
                .forEach(request -> assertTrue(request.getValue().containsKey("done_by"), request::toString));
        Map<String, Map<String, AttributeValue>> before = withoutCheckpoints();
        byte[] file = data.object(DailyFiles.key(open));
        next.run(night.plusSeconds(1));
        assertEquals(before, withoutCheckpoints(), "a second run writes nothing");
        assertArrayEquals(file, data.object(DailyFiles.key(open)));
    }

    private DailyAggregationHandler nightly() {
        return data.aggregation(Clock.fixed(night, ZoneOffset.UTC));
    }

    /** The standard hours, but starting at 10:00, effective from the start of {@code date} (UTC). */
    private static Map<String, Object> tenOClock(LocalDate date) {
        return Map.of(
                "timezone",
                "Europe/Berlin",
                "work_days",
                List.of(1, 2, 3, 4, 5),
                "start_time",
                "10:00",
                "end_time",
                "17:00",
                "late_grace_minutes",
                5,
                "early_leave_grace_minutes",
                5,
                "max_shift_hours",
                10,
                "daily_overtime_after_minutes",
                480,
                "effective_from",
                date + "T00:00:00Z");
    }

    private Map<String, AttributeValue> session(String employeeId, LocalDate date) {
        return data.item(data.timeTable, "EMPLOYEE#" + employeeId, "SESSION#" + date);
    }

    private static long lateSeconds(Map<String, AttributeValue> session) {
        return Long.parseLong(session.get("late_seconds").n());
    }

    private static JsonNode employeeRow(Response report) {
        assertEquals(200, report.status(), report::toString);
        for (JsonNode row : report.json().get("items")) {
            if (row.get("employee_id").asText().equals(ADA)) {
                return row;
            }
        }
        throw new AssertionError("no row of " + ADA + ": " + report);
    }

    /** Every item but the runs' checkpoints (each run has its own). */
    private Map<String, Map<String, AttributeValue>> withoutCheckpoints() {
        return data.items(data.timeTable).entrySet().stream()
                .filter(item -> !item.getKey().startsWith("AGGREGATION|"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** employee_id → the column's value, from the date's CSV file in S3. */
    private Map<String, String> fileColumn(LocalDate date, String column) {
        List<String> lines =
                Arrays.asList(new String(data.object(DailyFiles.key(date)), StandardCharsets.UTF_8).split("\r\n"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int id = header.indexOf("employee_id");
        int value = header.indexOf(column);
        Map<String, String> rows = new TreeMap<>();
        lines.stream()
                .skip(1)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split(","))
                .forEach(cells -> rows.put(cells[id], cells[value]));
        return rows;
    }
}
