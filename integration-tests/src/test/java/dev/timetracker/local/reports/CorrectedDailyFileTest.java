package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.TimeItems;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.DailyFiles;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Issue 12, "everything derived follows a correction at once": a correction of a date whose daily file the nightly
 * job wrote leaves, as soon as its answer is in, the file in S3, the stored {@code DAILY} aggregate and
 * {@code /api/reports/daily/} all showing the corrected figures, for yesterday as for a date 60 days back (no
 * look-back limit). And a file being written while a change of the date commits is written again
 * ({@link DailyFiles}' generation), so the last file written holds the sessions as they are.
 */
@ExtendWith(LocalAwsExtension.class)
class CorrectedDailyFileTest {
    private static final String ADA = "emp-corrected";
    private static final String BEN = "emp-untouched";
    private static final String CORRECTIONS = "/api/timetracking/corrections/";

    private TestStack stack;
    private Dataset data;
    private Api admin;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.data = Dataset.fresh(stack)
                .standardHours()
                .employee(ADA, "Ada", "Fix", "21", "Ops", "UTC", true)
                .employee(BEN, "Ben", "Same", "22", "Ops", "UTC", true);
        this.admin = Callers.admin(stack);
    }

    /**
     * Both worked 08:00–12:00 UTC on the date; the nightly job (a backfill of that date, run a day later so that even
     * yesterday has ended in every zone and is final everywhere) wrote its file.
     */
    private LocalDate finalDateWithFile(int daysBack) {
        LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(daysBack);
        data.journal(ADA, List.of(in(date + "T08:00:00Z"), out(date + "T12:00:00Z")));
        data.journal(BEN, List.of(in(date + "T08:00:00Z"), out(date + "T12:00:00Z")));
        stack.awaitIndexes();
        var run = data.aggregation(Clock.offset(Clock.systemUTC(), Duration.ofDays(1)))
                .handle(Json.object().put("date", date.toString()), () -> Long.MAX_VALUE);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertEquals(List.of(DailyFiles.key(date)), data.objectKeys(DailyFiles.key(date)), run::toString);
        assertEquals(8 * 3600, workedSeconds(dailyAggregate(date)), "4 h each before the correction");
        // A correction comes long after the night that finalised the date: by then the clocks index, which the
        // reports read for what is not final, no longer holds the clocks as they were before that night.
        stack.awaitIndexes();
        return date;
    }

    @ParameterizedTest(name = "{0} day(s) back")
    @ValueSource(ints = {1, 60})
    void aCorrectedFinalDatesFileAggregateAndDailyReportShowTheCorrectionRightAfterTheAnswer(int daysBack) {
        LocalDate date = finalDateWithFile(daysBack);
        Response corrected = admin.via(new PeriodsHandler(data.deployment("PeriodsFunction")))
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                ADA,
                                "work_date",
                                date.toString(),
                                "reason",
                                "Left at four, not at noon",
                                "changes",
                                List.of(Map.of(
                                        "op", "move", "entry_id", ADA + "-e02", "timestamp", date + "T16:00:00Z"))));
        assertEquals(201, corrected.status(), corrected::toString);
        assertEquals("applied", corrected.json().get("status").asText());

        Map<String, AttributeValue> aggregate = dailyAggregate(date);
        assertFalse(aggregate.containsKey("stale"), "written again, no longer stale: " + aggregate);
        assertEquals(12 * 3600, workedSeconds(aggregate), "8 h + 4 h");
        assertEquals(Map.of(ADA, "28800", BEN, "14400"), workedSecondsInFile(date));

        Response daily = admin.via(data.reports()).get("/api/reports/daily/?from=" + date + "&to=" + date);
        assertEquals(200, daily.status(), daily::toString);
        JsonNode day = daily.json().at("/items/0");
        assertEquals(12 * 3600, day.get("worked_seconds").asLong(), day::toString);
        assertEquals(2, day.get("employees_present").asLong(), day::toString);
    }

    /**
     * The file cannot be written (here: a bucket the function may not write to): the correction stands and is
     * answered 201, not 500; the aggregate stays stale, so the daily report adds up the corrected sessions instead.
     */
    @Test
    void aRewriteThatFailsLeavesTheCorrectionAppliedAndTheAggregateStaleWhichTheReportsDoNotTrust() {
        LocalDate date = finalDateWithFile(3);
        TableNames noBucket = data.tables();
        noBucket = new TableNames(
                noBucket.employees(),
                noBucket.auth(),
                noBucket.audit(),
                noBucket.time(),
                noBucket.exports(),
                "not-the-export-bucket");
        Response corrected = admin.via(
                        new PeriodsHandler(stack.deployment("PeriodsFunction").withTables(noBucket)))
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                ADA,
                                "work_date",
                                date.toString(),
                                "reason",
                                "Left at four",
                                "changes",
                                List.of(Map.of(
                                        "op", "move", "entry_id", ADA + "-e02", "timestamp", date + "T16:00:00Z"))));
        assertEquals(201, corrected.status(), corrected::toString);
        assertEquals("applied", corrected.json().get("status").asText());
        assertTrue(dailyAggregate(date).containsKey("stale"));
        assertEquals(Map.of(ADA, "14400", BEN, "14400"), workedSecondsInFile(date), "the old file is still there");
        stack.awaitIndexes();
        Response daily = admin.via(data.reports()).get("/api/reports/daily/?from=" + date + "&to=" + date);
        assertEquals(12 * 3600, daily.json().at("/items/0/worked_seconds").asLong(), daily::toString);
    }

    @Test
    void aCorrectionOfADateWithoutAFileLeavesItToTheNightlyJob() {
        LocalDate date = LocalDate.now(ZoneOffset.UTC).minusDays(30);
        data.journal(ADA, List.of(in(date + "T08:00:00Z"), out(date + "T12:00:00Z")));
        stack.awaitIndexes();
        // Closing the clock (a scheduled run) makes the date final without writing a file 30 days back.
        var run = data.aggregation(Clock.systemUTC())
                .handle(Week.scheduledEvent(java.time.Instant.now()), () -> Long.MAX_VALUE);
        assertEquals("done", run.get("status").asText(), run::toString);
        assertTrue(data.objectKeys(DailyFiles.key(date)).isEmpty());

        Response corrected = admin.via(new PeriodsHandler(data.deployment("PeriodsFunction")))
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                ADA,
                                "work_date",
                                date.toString(),
                                "reason",
                                "Left at four",
                                "changes",
                                List.of(Map.of(
                                        "op", "move", "entry_id", ADA + "-e02", "timestamp", date + "T16:00:00Z"))));
        assertEquals(201, corrected.status(), corrected::toString);
        assertTrue(data.objectKeys(DailyFiles.key(date)).isEmpty(), "no file appears for a date never written");
        assertTrue(dailyAggregate(date).containsKey("stale"), "the mark only: the reports add up the sessions");
        stack.awaitIndexes();
        Response daily = admin.via(data.reports()).get("/api/reports/daily/?from=" + date + "&to=" + date);
        assertEquals(8 * 3600, daily.json().at("/items/0/worked_seconds").asLong(), daily::toString);
    }

    /**
     * A change of the date commits while its file is being written (between reading the sessions and putting the
     * aggregate): the generation it advanced makes the writer write everything again, so the file and aggregate left
     * behind hold the changed session, not the one read first.
     */
    @Test
    void aFileWrittenWhileTheDatesSessionsChangeIsWrittenAgainWithTheChange() {
        LocalDate date = finalDateWithFile(2);
        // Every change of a written date's sessions marks the aggregate stale in its own transaction.
        data.db.updateItem(update -> {
            var change = DailyFiles.sessionsChanging(data.timeTable, date);
            update.tableName(data.timeTable)
                    .key(change.key())
                    .updateExpression(change.updateExpression())
                    .expressionAttributeNames(change.expressionAttributeNames())
                    .expressionAttributeValues(change.expressionAttributeValues());
        });
        DynamoEmployeeStore employees =
                new DynamoEmployeeStore(data.db, data.employeesTable, null, data.auditTable, data.timeTable, null);
        AtomicBoolean changedMidWrite = new AtomicBoolean();
        DailyFiles files = new DailyFiles(
                data.db,
                data.timeTable,
                ids -> {
                    // The file's rows are being written from the sessions as read: now another change of the date
                    // commits.
                    if (changedMidWrite.compareAndSet(false, true)) {
                        changeSessionWithItsMark(date, BEN, 6 * 3600);
                    }
                    return employees.findAll(ids);
                },
                stack::s3,
                () -> data.bucket);

        assertTrue(files.rewriteIfStale(date).isPresent());
        assertTrue(changedMidWrite.get());
        assertEquals(Map.of(ADA, "14400", BEN, "21600"), workedSecondsInFile(date), "the change is in the file");
        Map<String, AttributeValue> aggregate = dailyAggregate(date);
        assertEquals(10 * 3600, workedSeconds(aggregate));
        assertFalse(aggregate.containsKey("stale"), aggregate::toString);
        assertEquals("2", aggregate.get(DailyFiles.GENERATION).n(), "two changes since the nightly write");
    }

    /** What a correction's transaction does to another employee's session of the date, reduced to the two writes. */
    private void changeSessionWithItsMark(LocalDate date, String employeeId, long workedSeconds) {
        data.db.transactWriteItems(transaction -> transaction.transactItems(List.of(
                TransactWriteItem.builder()
                        .update(update -> update.tableName(data.timeTable)
                                .key(TimeItems.sessionKey(employeeId, date))
                                .updateExpression("SET worked_seconds = :worked")
                                .expressionAttributeValues(
                                        Map.of(":worked", AttributeValue.fromN(Long.toString(workedSeconds)))))
                        .build(),
                TransactWriteItem.builder()
                        .update(DailyFiles.sessionsChanging(data.timeTable, date))
                        .build())));
    }

    private Map<String, AttributeValue> dailyAggregate(LocalDate date) {
        return data.item(data.timeTable, "DAILY", date.toString());
    }

    private static long workedSeconds(Map<String, AttributeValue> aggregate) {
        return Long.parseLong(aggregate.get("worked_seconds").n());
    }

    /** employee_id → worked_seconds, from the CSV file in S3. */
    private Map<String, String> workedSecondsInFile(LocalDate date) {
        List<String> lines =
                Arrays.asList(new String(data.object(DailyFiles.key(date)), StandardCharsets.UTF_8).split("\r\n"));
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int id = header.indexOf("employee_id");
        int worked = header.indexOf("worked_seconds");
        Map<String, String> rows = new java.util.TreeMap<>();
        lines.stream()
                .skip(1)
                .filter(line -> !line.isEmpty())
                .map(line -> line.split(","))
                .forEach(cells -> rows.put(cells[id], cells[worked]));
        return rows;
    }
}
