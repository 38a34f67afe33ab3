package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.Punch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Runs of the nightly job over 25 clocks (three pages of 10; the checkpoint logic does not depend on the page size,
 * and small pages keep the run short on moto, which serves one request at a time): a second run changes nothing and writes the same
 * bytes; a run killed half-way, or cut off by the Lambda deadline, resumes from its checkpoint when invoked again
 * with the same event and ends exactly like an uninterrupted run over an identical dataset: the same items in
 * the time and audit tables (ids included) and byte-identical files. Every clock has a forgotten punch-out, so
 * every clock gets an auto entry and an audit record, which must be neither lost nor doubled.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AggregationRunTest {
    private static final int CLOCKS = 25;
    private static final int PAGE = 10;
    private static final Instant AT = Instant.parse("2026-03-30T13:00:00Z");
    private static final List<LocalDate> WEEK = LocalDate.parse("2026-03-23")
            .datesUntil(LocalDate.parse("2026-03-30"))
            .toList();
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Tokyo"};
    /** Per clock: Monday 4 entries; Tuesday 3 and the auto punch_out. */
    private static final int ENTRIES_PER_CLOCK = 8;

    private TestStack stack;
    /** The reference: the same dataset, one uninterrupted run. */
    private Snapshot reference;

    @BeforeAll
    void uninterruptedReference(TestStack stack) {
        this.stack = stack;
        Dataset data = seeded();
        ObjectNode summary = run(data, stack.dynamoDb(), Long.MAX_VALUE);
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(CLOCKS, summary.get("clocks").asLong());
        assertEquals(7, summary.get("exports").size(), summary::toString);
        reference = Snapshot.of(data);
        reference.assertComplete();
    }

    // ------------------------------------------------------------------ (a) and (d): twice is once

    @Test
    void runningAgainChangesNoItemAndRewritesTheSameBytes() {
        Dataset data = seeded();
        run(data, stack.dynamoDb(), Long.MAX_VALUE);
        Snapshot first = Snapshot.of(data);
        first.assertSameAs(reference, "a second dataset, same run");

        // The same event again: the run is done, nothing happens.
        ObjectNode again = run(data, stack.dynamoDb(), Long.MAX_VALUE);
        assertEquals("done", again.get("status").asText());
        assertEquals(0, again.get("exports").size(), again::toString);
        // A later scheduled run walks every clock again (nothing left to close) and finds the files written.
        ObjectNode later = data.aggregation(Clock.fixed(AT.plusSeconds(3 * 3600), ZoneOffset.UTC))
                .handle(Week.scheduledEvent(AT.plusSeconds(3 * 3600)), () -> Long.MAX_VALUE);
        assertEquals("done", later.get("status").asText(), later::toString);
        assertEquals(CLOCKS, later.get("clocks").asLong());
        assertEquals(0, later.get("exports").size(), later::toString);
        // Backfills rewrite every file of the week, from the stored sessions.
        for (LocalDate date : WEEK) {
            ObjectNode backfill = data.aggregation(Clock.fixed(AT.plusSeconds(4 * 3600), ZoneOffset.UTC))
                    .handle(
                            Json.mapper().valueToTree(Map.of("date", date.toString(), "run", "again")),
                            () -> Long.MAX_VALUE);
            assertEquals(List.of("exports/daily/" + date + ".csv"), texts(backfill.get("exports")), backfill::toString);
        }

        Snapshot after = Snapshot.of(data);
        after.assertComplete();
        after.withoutCheckpoints().assertSameAs(first.withoutCheckpoints(), "after three more runs");
        // (d) the audit trail: every forgotten punch-out closed once, by "system".
        assertEquals(CLOCKS, after.autoEntries());
        assertEquals(CLOCKS, after.autoCloseRecords());
    }

    // ------------------------------------------------------------------ (b) killed half-way

    @Test
    void aRunKilledHalfWayResumesFromItsCheckpointAndEndsLikeAnUninterruptedRun() {
        Dataset data = seeded();
        // The process dies at the 16th transaction (in the second page): from then on every call fails.
        Calls dying = new Calls(PAGE + PAGE / 2);
        try (DynamoDbClient client = dying.client(stack)) {
            RuntimeException killed = assertThrows(RuntimeException.class, () -> run(data, client, Long.MAX_VALUE));
            assertTrue(dying.dead.get(), "died: " + killed);
        }

        Map<String, AttributeValue> checkpoint = data.item(data.timeTable, "AGGREGATION", "scheduled-" + AT);
        assertNotNull(checkpoint, "the checkpoint of the run");
        assertEquals("CLOCKS", checkpoint.get("phase").s());
        assertEquals(PAGE, Long.parseLong(checkpoint.get("processed").n()), "the first page is done");
        assertEquals(CLOCKS, Long.parseLong(checkpoint.get("total").n()));
        assertTrue(checkpoint.containsKey("cursor_pk"), checkpoint::toString);
        long closedBefore = closedClocks(data);
        assertTrue(closedBefore >= PAGE && closedBefore < CLOCKS, "closed before the retry: " + closedBefore);

        Calls resumed = new Calls(Integer.MAX_VALUE);
        try (DynamoDbClient client = resumed.client(stack)) {
            ObjectNode summary = run(data, client, Long.MAX_VALUE);
            assertEquals("done", summary.get("status").asText(), summary::toString);
            assertEquals(CLOCKS, summary.get("clocks").asLong());
        }
        assertTrue(resumed.firstClocksPageStartedAfter.get(), "the walk resumed after the checkpoint's cursor");
        assertEquals(2, resumed.clockPages.get(), "the page in flight again, then the last one");
        assertEquals(
                CLOCKS - closedBefore,
                resumed.transactions.get(),
                "only the clocks not closed yet are written (" + closedBefore + " were)");

        Snapshot.of(data).assertSameAs(reference, "killed and resumed");
    }

    // ------------------------------------------------------------------ (b) cut off, (c) progress logged

    @Test
    void aRunCutOffByTheDeadlineResumesWithTheLastPageOnlyAndLogsItsProgress() {
        Dataset data = seeded();
        AtomicInteger checks = new AtomicInteger();
        // Plenty of time for two pages, then less than the job's safety margin.
        LongSupplier remaining = () -> checks.incrementAndGet() <= 2 ? 900_000 : 30_000;
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        RuntimeException cutOff;
        System.setOut(new PrintStream(new Tee(console, captured), true, StandardCharsets.UTF_8));
        try {
            cutOff = assertThrows(RuntimeException.class, () -> run(data, stack.dynamoDb(), remaining));
        } finally {
            System.setOut(console);
        }
        assertEquals("RunCutOff", cutOff.getClass().getSimpleName(), cutOff::toString);
        assertTrue(cutOff.getMessage().contains(2 * PAGE + "/" + CLOCKS), cutOff.getMessage());
        List<String> progress = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("Aggregation progress")) {
                progress.add(line.strip());
            }
        }
        assertEquals(2, progress.size(), progress::toString);
        // Figures stay numbers in the JSON line (Log keeps values typed).
        assertTrue(
                progress.get(0).contains("\"clocks_done\":" + PAGE + ",")
                        && progress.get(0).contains("\"clocks_total\":" + CLOCKS)
                        && progress.get(0).contains("scheduled-" + AT),
                progress.get(0));
        assertTrue(progress.get(1).contains("\"clocks_done\":" + 2 * PAGE + ","), progress.get(1));

        Map<String, AttributeValue> checkpoint = data.item(data.timeTable, "AGGREGATION", "scheduled-" + AT);
        assertEquals("CLOCKS", checkpoint.get("phase").s());
        assertEquals(2 * PAGE, Long.parseLong(checkpoint.get("processed").n()));
        assertEquals(2 * PAGE, closedClocks(data));

        Calls resumed = new Calls(Integer.MAX_VALUE);
        try (DynamoDbClient client = resumed.client(stack)) {
            ObjectNode summary = run(data, client, Long.MAX_VALUE);
            assertEquals("done", summary.get("status").asText(), summary::toString);
        }
        assertEquals(1, resumed.clockPages.get(), "only the third page");
        assertEquals(CLOCKS - 2 * PAGE, resumed.transactions.get());
        Snapshot.of(data).assertSameAs(reference, "cut off and resumed");
    }

    // ------------------------------------------------------------------ S3 outage while writing the files

    /**
     * S3 fails after three of the week's seven files: the run fails (Lambda retries the event), the clocks are
     * all closed and the checkpoint says so; the retry writes the four missing files without walking the clocks
     * again, and the week ends as an uninterrupted run would have left it.
     */
    @Test
    void anS3OutageWhileWritingTheFilesIsResumedWithoutWalkingTheClocksAgain() {
        Dataset data = Dataset.fresh(stack);
        Week.seed(data, Instant.parse("2026-11-26T10:00:00Z"));
        AtomicInteger puts = new AtomicInteger();
        ExecutionInterceptor outage = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("PutObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                        && puts.incrementAndGet() > 3) {
                    throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
                }
            }
        };
        Clock clock = Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC);
        try (var failing = S3Clients.s3Builder(
                        stack.deployment("DailyAggregationFunction").environment())
                .overrideConfiguration(o -> o.addExecutionInterceptor(outage))
                .build()) {
            var handler = new dev.timetracker.functions.aggregation.DailyAggregationHandler(
                    dev.timetracker.functions.aggregation.DailyAggregationHandler.Config.of(
                                    data.deployment("DailyAggregationFunction").withClock(clock))
                            .withS3(failing));
            assertThrows(
                    SdkClientException.class,
                    () -> handler.handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE));
        }
        Map<String, AttributeValue> checkpoint =
                data.item(data.timeTable, "AGGREGATION", "scheduled-" + Week.AFTER_WEEK);
        assertEquals("EXPORTS", checkpoint.get("phase").s(), checkpoint::toString);
        assertEquals(6, Long.parseLong(checkpoint.get("processed").n()));
        assertEquals(
                List.of("exports/daily/2026-03-23.csv", "exports/daily/2026-03-24.csv", "exports/daily/2026-03-25.csv"),
                data.objectKeys("exports/daily/"));

        Calls resumed = new Calls(Integer.MAX_VALUE);
        ObjectNode summary;
        try (DynamoDbClient client = resumed.client(stack)) {
            summary = data.aggregation(client, stack.s3(), clock)
                    .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        }
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(
                List.of(
                        "exports/daily/2026-03-26.csv",
                        "exports/daily/2026-03-27.csv",
                        "exports/daily/2026-03-28.csv",
                        "exports/daily/2026-03-29.csv"),
                texts(summary.get("exports")));
        assertEquals(0, resumed.clockPages.get(), "the clocks are not walked again");
        assertEquals(0, resumed.transactions.get());

        Dataset reference = Dataset.fresh(stack);
        Week.seed(reference, Instant.parse("2026-11-26T10:00:00Z"));
        reference.aggregation(clock).handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        for (LocalDate date : WEEK) {
            assertArrayEquals(
                    reference.object("exports/daily/" + date + ".csv"),
                    data.object("exports/daily/" + date + ".csv"),
                    date.toString());
            assertEquals(
                    reference.item(reference.timeTable, "DAILY", date.toString()),
                    data.item(data.timeTable, "DAILY", date.toString()),
                    date.toString());
        }
    }

    // ------------------------------------------------------------------ late punches of a written date

    /**
     * Offline punches may arrive up to 72 h late, after their date's file was written: Sunday ended everywhere at
     * Monday 12:00Z and the 13:00Z run wrote its file. At 14:00Z two phones sync: Bob's Sunday shift (10:00-14:00
     * New York, his first that day) and Anna's Sunday evening (18:00-20:00 CEST; her 01:00-05:00 session is stored
     * already). The next run finalises both: Anna's session must become both cycles (not the evening alone), and
     * the date's aggregate and file must hold both employees; in between, the daily report must not serve the
     * stale aggregate.
     *
     * <pre>
     * Sunday 29 afterwards: Anna 10800 + 7200 = 18000 (2 cycles, 01:00-20:00), Bob 14400 (10:00-14:00)
     *                       present 2, worked 32400, nobody late (Sunday)
     * </pre>
     */
    @Test
    void punchesThatArriveAfterTheirDatesFileWasWrittenAreAddedToIt() {
        Dataset data = Dataset.fresh(stack);
        Week.seed(data, Instant.now());
        ObjectNode first = data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        assertEquals(7, first.get("exports").size(), first::toString);
        assertEquals(
                1,
                Rfc4180.parse(data.object("exports/daily/2026-03-29.csv"))
                        .rows()
                        .size(),
                "Anna only");
        byte[] monday = data.object("exports/daily/2026-03-23.csv");
        var reports = Callers.admin(stack).via(data.reports());

        Instant synced = Instant.parse("2026-03-30T14:00:00Z");
        data.appendOffline(
                Week.BOB,
                List.of(
                        new Punch("punch_in", Instant.parse("2026-03-29T14:00:00Z")),
                        new Punch("punch_out", Instant.parse("2026-03-29T18:00:00Z"))),
                synced);
        data.appendOffline(
                Week.ANNA,
                List.of(
                        new Punch("punch_in", Instant.parse("2026-03-29T16:00:00Z")),
                        new Punch("punch_out", Instant.parse("2026-03-29T18:00:00Z"))),
                synced);

        // A run that finalises them but writes another date's file only (a backfill of Monday).
        Instant backfillAt = Instant.parse("2026-03-30T14:30:00Z");
        ObjectNode backfill = data.aggregation(Clock.fixed(backfillAt, ZoneOffset.UTC))
                .handle(Json.mapper().valueToTree(Map.of("date", "2026-03-23", "run", "late")), () -> Long.MAX_VALUE);
        assertEquals(List.of("exports/daily/2026-03-23.csv"), texts(backfill.get("exports")), backfill::toString);
        assertNotNull(data.item(data.timeTable, "EMPLOYEE#" + Week.BOB, "SESSION#2026-03-29"), "Bob's Sunday is final");
        assertTrue(
                data.item(data.timeTable, "DAILY", "2026-03-29").containsKey("stale"),
                "Sunday's aggregate is out of date");
        // A stale date's figures come from its final sessions through the sessions-by-date index, which shows the
        // sessions the backfill just finalised only once it has caught up (issue 11: figures that agree at once).
        stack.awaitIndexes();
        assertSunday(reports.get("/api/reports/daily/?from=2026-03-29&to=2026-03-29"));

        Map<String, AttributeValue> anna = data.item(data.timeTable, "EMPLOYEE#" + Week.ANNA, "SESSION#2026-03-29");
        assertEquals("18000", anna.get("worked_seconds").n(), "both of Anna's Sunday cycles: " + anna);
        assertEquals(2, anna.get("cycles").l().size());
        assertEquals("2026-03-29T00:00:00Z", anna.get("first_in").s());
        assertEquals("2026-03-29T18:00:00Z", anna.get("last_out").s());
        long annaSundayEntries = data.items(data.timeTable).keySet().stream()
                .filter(key -> key.startsWith("EMPLOYEE#" + Week.ANNA + "|ENTRY#2026-03-29#"))
                .count();
        assertEquals(4, annaSundayEntries);

        // The next scheduled run writes Sunday again, and only Sunday.
        Instant next = Instant.parse("2026-03-30T15:15:00Z");
        ObjectNode second = data.aggregation(Clock.fixed(next, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(next), () -> Long.MAX_VALUE);
        assertEquals(List.of("exports/daily/2026-03-29.csv"), texts(second.get("exports")), second::toString);
        List<String> sunday = new ArrayList<>();
        Rfc4180.parse(data.object("exports/daily/2026-03-29.csv"))
                .rows()
                .forEach(row -> sunday.add(String.join("|", row)));
        assertEquals(
                List.of(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-29|01:00|20:00|5.00|18000|0|2|0|0|0|complete||18000|5.00",
                        "emp-b-newyork|N-002|Bob Carter|Support|2026-03-29|10:00|14:00|4.00|14400|0|1|0|0|0|complete||14400|4.00"),
                sunday,
                "the file of the date holds the late sessions");
        Map<String, AttributeValue> aggregate = data.item(data.timeTable, "DAILY", "2026-03-29");
        assertFalse(aggregate.containsKey("stale"), aggregate::toString);
        assertEquals("2", aggregate.get("employees_present").n());
        assertEquals("32400", aggregate.get("worked_seconds").n());
        assertArrayEquals(monday, data.object("exports/daily/2026-03-23.csv"));
        assertSunday(reports.get("/api/reports/daily/?from=2026-03-29&to=2026-03-29"));
    }

    private static void assertSunday(dev.timetracker.local.testing.Response report) {
        assertEquals(200, report.status(), report::toString);
        assertEquals(2, report.json().at("/items/0/employees_present").asLong(), report::toString);
        assertEquals(32400, report.json().at("/items/0/worked_seconds").asLong(), report::toString);
        assertEquals(0, report.json().at("/items/0/late_count").asLong(), report::toString);
    }

    // ------------------------------------------------------------------ the dataset

    /**
     * 25 employees in three zones. Monday (local): in 08:00+i%7', break 12:00-12:30+i%5', out 17:00+i%11'.
     * Tuesday: in 09:00+i%13', break 12:00-12:40, no punch_out: closed at punch_in + 10 h.
     */
    private Dataset seeded() {
        return seeded(stack);
    }

    /** 25 clocks in three zones, each with a closed Monday and a Tuesday whose punch_out was forgotten. */
    static Dataset seeded(TestStack stack) {
        return seeded(stack, CLOCKS);
    }

    static Dataset seeded(TestStack stack, int clocks) {
        Dataset data = Dataset.fresh(stack).clocksPerPage(PAGE);
        data.standardHours();
        for (int i = 0; i < clocks; i++) {
            String id = String.format("emp-%04d", i);
            ZoneId zone = ZoneId.of(ZONES[i % ZONES.length]);
            data.employee(id, "First" + i, "Last" + i, "C" + i, "Dept " + (i % 4), zone.getId(), true);
            data.journal(
                    id,
                    List.of(
                            at("punch_in", "2026-03-23", 8, i % 7, zone),
                            at("break_start", "2026-03-23", 12, 0, zone),
                            at("break_end", "2026-03-23", 12, 30 + i % 5, zone),
                            at("punch_out", "2026-03-23", 17, i % 11, zone),
                            at("punch_in", "2026-03-24", 9, i % 13, zone),
                            at("break_start", "2026-03-24", 12, 0, zone),
                            at("break_end", "2026-03-24", 12, 40, zone)));
        }
        stack.awaitIndexes(); // the clocks exist long before the night: the clocks index has them all
        return data;
    }

    private static Punch at(String action, String date, int hour, int minute, ZoneId zone) {
        return new Punch(
                action,
                ZonedDateTime.of(LocalDate.parse(date), LocalTime.of(hour, minute), zone)
                        .toInstant());
    }

    private ObjectNode run(Dataset data, DynamoDbClient client, long remaining) {
        return run(data, client, () -> remaining);
    }

    private ObjectNode run(Dataset data, DynamoDbClient client, LongSupplier remaining) {
        return data.aggregation(client, stack.s3(), Clock.fixed(AT, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(AT), remaining);
    }

    private long closedClocks(Dataset data) {
        return data.items(data.timeTable).values().stream()
                .filter(item -> "CLOCK".equals(item.get("sk").s())
                        && item.get("journal").l().isEmpty())
                .count();
    }

    private static List<String> texts(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The time table, the audit table and the week's files of one dataset. */
    private record Snapshot(
            Map<String, Map<String, AttributeValue>> time,
            Map<String, Map<String, AttributeValue>> audit,
            Map<LocalDate, byte[]> files) {
        static Snapshot of(Dataset data) {
            Map<LocalDate, byte[]> files = new TreeMap<>();
            for (LocalDate date : WEEK) {
                files.put(date, data.object("exports/daily/" + date + ".csv"));
            }
            return new Snapshot(data.items(data.timeTable), data.items(data.auditTable), files);
        }

        Snapshot withoutCheckpoints() {
            Map<String, Map<String, AttributeValue>> time = new TreeMap<>(this.time);
            time.keySet().removeIf(key -> key.startsWith("AGGREGATION|"));
            return new Snapshot(time, audit, files);
        }

        long count(String skPrefix) {
            return time.values().stream()
                    .filter(item -> item.get("sk").s().startsWith(skPrefix))
                    .count();
        }

        long autoEntries() {
            return time.values().stream()
                    .filter(item -> item.get("sk").s().startsWith("ENTRY#")
                            && "auto".equals(item.get("source").s()))
                    .count();
        }

        long autoCloseRecords() {
            return audit.values().stream()
                    .filter(item -> "auto_close".equals(item.get("action").s())
                            && "system".equals(item.get("actor_id").s()))
                    .count();
        }

        /** Nothing lost, nothing doubled: two sessions and eight entries per clock, one auto entry and record each. */
        void assertComplete() {
            assertEquals(2L * CLOCKS, count("SESSION#"), "sessions");
            assertEquals((long) ENTRIES_PER_CLOCK * CLOCKS, count("ENTRY#"), "entries");
            assertEquals(CLOCKS, autoEntries(), "auto entries");
            assertEquals(CLOCKS, autoCloseRecords(), "auto_close audit records");
            assertEquals(CLOCKS, count("CLOCK"));
            time.values().stream()
                    .filter(item -> "CLOCK".equals(item.get("sk").s()))
                    .forEach(clock -> assertTrue(clock.get("journal").l().isEmpty(), clock::toString));
            String monday = new String(files.get(LocalDate.parse("2026-03-23")), StandardCharsets.UTF_8);
            assertEquals(
                    CLOCKS,
                    Rfc4180.parse(files.get(LocalDate.parse("2026-03-23")))
                            .rows()
                            .size(),
                    monday);
            assertEquals(
                    CLOCKS,
                    Rfc4180.parse(files.get(LocalDate.parse("2026-03-24")))
                            .rows()
                            .size());
        }

        void assertSameAs(Snapshot expected, String what) {
            assertComplete();
            List<String> missing = new ArrayList<>(expected.time.keySet());
            missing.removeAll(time.keySet());
            List<String> extra = new ArrayList<>(time.keySet());
            extra.removeAll(expected.time.keySet());
            assertEquals(
                    List.of(),
                    missing.subList(0, Math.min(5, missing.size())),
                    what + ": " + missing.size() + " time items missing");
            assertEquals(
                    List.of(),
                    extra.subList(0, Math.min(5, extra.size())),
                    what + ": " + extra.size() + " time items in excess");
            List<String> differing = new ArrayList<>();
            for (String key : expected.time.keySet()) {
                if (!expected.time.get(key).equals(time.get(key))) {
                    differing.add(key + ": expected " + new TreeMap<>(expected.time.get(key)) + " but was "
                            + new TreeMap<>(time.get(key)));
                }
            }
            assertEquals(
                    List.of(),
                    differing.subList(0, Math.min(3, differing.size())),
                    what + ": " + differing.size() + " time items differ");
            assertEquals(expected.audit.keySet(), audit.keySet(), what + ": the audit table's keys");
            assertEquals(expected.audit, audit, what + ": the audit table");
            for (LocalDate date : WEEK) {
                assertArrayEquals(expected.files.get(date), files.get(date), what + ": the file of " + date);
            }
        }
    }

    /**
     * A DynamoDB client that counts the job's calls and, optionally, dies: once it has let {@code allowed}
     * TransactWriteItems through, that call and every later one fails, as if the process had been killed.
     */
    private static final class Calls implements ExecutionInterceptor {
        final AtomicInteger transactions = new AtomicInteger();
        final AtomicInteger clockPages = new AtomicInteger();
        final AtomicBoolean dead = new AtomicBoolean();
        final AtomicBoolean firstClocksPageStartedAfter = new AtomicBoolean();
        private final int allowed;

        Calls(int allowed) {
            this.allowed = allowed;
        }

        DynamoDbClient client(TestStack stack) {
            return AwsClients.dynamoDbBuilder(
                            stack.deployment("DailyAggregationFunction").environment(),
                            ClientOverrideConfiguration.builder()
                                    .addExecutionInterceptor(this)
                                    .build())
                    .build();
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (dead.get()) {
                throw SdkClientException.create("killed");
            }
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if ("TransactWriteItems".equals(operation) && transactions.incrementAndGet() > allowed) {
                dead.set(true);
                throw SdkClientException.create("killed");
            }
            // The walk over the clocks; not their count (Select COUNT) nor the files' reads of the employees
            // whose sessions they hold (Select SPECIFIC_ATTRIBUTES, ConsistentFinalSessions).
            if (context.request() instanceof QueryRequest query
                    && "clocks".equals(query.indexName())
                    && query.select() == null) {
                if (clockPages.getAndIncrement() == 0) {
                    firstClocksPageStartedAfter.set(query.hasExclusiveStartKey()
                            && !query.exclusiveStartKey().isEmpty());
                }
            }
        }
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends java.io.OutputStream {
        private final PrintStream console;
        private final ByteArrayOutputStream copy;

        Tee(PrintStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            console.write(b);
            copy.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            console.write(bytes, offset, length);
            copy.write(bytes, offset, length);
        }
    }
}
