package dev.timetracker.functions.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoClockClosing;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ReportData;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.ClockClosing;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.TimeEntry;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One run of the nightly job: walk every punch clock (a page of 100 at a time, closed in parallel, with a
 * checkpoint after each page), then write the daily files and aggregates of the dates that are final
 * everywhere. Every step is idempotent, so a run that is cut off and invoked again, or run twice, ends in the
 * same sessions and byte-identical files.
 */
final class AggregationJob {
    static final int PAGE_SIZE = 100;
    /** Stop taking new pages when less than this is left of the invocation; the checkpoint lets a retry go on. */
    static final long SAFETY_MILLIS = 60_000;
    private static final int THREADS = 8;

    /** Thrown when the run had to stop before the end; Lambda's retry of the same event resumes it. */
    static final class RunCutOff extends RuntimeException {
        RunCutOff(String message) {
            super(message);
        }
    }

    private final DynamoDbClient db;
    private final String timeTable;
    private final DynamoClockClosing closing;
    private final Supplier<BusinessHoursTimeline> hours;
    private final DailyExport exports;
    private final Clock clock;

    AggregationJob(DynamoDbClient db, String timeTable, DynamoClockClosing closing, Supplier<BusinessHoursTimeline> hours,
                   DailyExport exports, Clock clock) {
        this.db = db;
        this.timeTable = timeTable;
        this.closing = closing;
        this.hours = hours;
        this.exports = exports;
        this.clock = clock;
    }

    /**
     * @param exportDates the dates whose file and aggregates to write once final everywhere
     * @param rewrite     write them even when written before (backfill)
     */
    ObjectNode run(String runId, List<LocalDate> exportDates, boolean rewrite, LongSupplier remainingMillis) {
        AggregationRun run = AggregationRun.load(db, timeTable, runId);
        Instant now = clock.instant();
        if (run.phase() == AggregationRun.Phase.CLOCKS) {
            if (run.total() < 0) {
                run.total(new ReportData(db, timeTable).countClocks());
                run.save(db, timeTable);
            }
            closeClocks(run, now, remainingMillis);
        }
        ObjectNode summary = Json.object();
        summary.put("run", runId);
        summary.put("clocks", run.processed());
        var files = summary.putArray("exports");
        var waiting = summary.putArray("waiting");
        if (run.phase() == AggregationRun.Phase.EXPORTS) {
            for (LocalDate date : exportDates) {
                if (!finalEverywhere(date, run.earliestOpenDate(), now)) {
                    Log.info("Daily export waits: the date is not final everywhere yet", "date", date,
                            "earliest_open_date", run.earliestOpenDate());
                    waiting.add(date.toString());
                } else if (rewrite || !exports.exists(date)) {
                    files.add(exports.write(date));
                }
            }
            run.done();
            run.save(db, timeTable);
        }
        summary.put("status", run.phase() == AggregationRun.Phase.DONE ? "done" : "incomplete");
        return summary;
    }

    private void closeClocks(AggregationRun run, Instant now, LongSupplier remainingMillis) {
        BusinessHoursTimeline timeline = hours.get();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            while (run.phase() == AggregationRun.Phase.CLOCKS) {
                if (remainingMillis.getAsLong() < SAFETY_MILLIS) {
                    throw new RunCutOff("Stopped at " + run.processed() + "/" + run.total() + " clocks; a retry resumes");
                }
                QueryResponse page = db.query(query -> query.tableName(timeTable).indexName(ClockItems.CLOCKS_INDEX)
                        .keyConditionExpression("clock_list = :list")
                        .expressionAttributeValues(Map.of(":list", AttributeValue.fromS("CLOCK")))
                        .projectionExpression("employee_id")
                        .exclusiveStartKey(run.cursor()).limit(PAGE_SIZE));
                List<PunchClock> clocks = current(page.items());
                // Dates that get final sessions now and were written before (offline punches arrive up to 72 h
                // late) are marked out of date first, so that a crash after the sessions cannot hide the change.
                Set<LocalDate> finalising = new TreeSet<>();
                for (PunchClock punchClock : clocks) {
                    ClockClosing.plan(punchClock, timeline, now, () -> "planned")
                            .finalDays().forEach(day -> finalising.add(day.workDate()));
                }
                exports.invalidate(finalising);
                List<Future<LocalDate>> results = new ArrayList<>();
                for (PunchClock punchClock : clocks) {
                    results.add(pool.submit(() -> earliestOpenDate(closing.close(punchClock, timeline, now,
                            idsFor(punchClock)))));
                }
                LocalDate earliestOpen = null;
                for (Future<LocalDate> result : results) {
                    LocalDate open = result.get();
                    if (open != null && (earliestOpen == null || open.isBefore(earliestOpen))) {
                        earliestOpen = open;
                    }
                }
                boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
                run.advance(more ? page.lastEvaluatedKey() : null, page.items().size(), earliestOpen);
                run.save(db, timeTable);
                Log.info("Aggregation progress", "run", run.runId(), "clocks_done", run.processed(),
                        "clocks_total", run.total());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunCutOff("Interrupted; a retry resumes from the checkpoint");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The clocks of an index page as they are now. The index only names them: its copies may lag behind the table
     * (a global index is eventually consistent), and a plan made from a copy that lacks the latest punches finds
     * nothing to close and skips the clock, leaving its date open while the date's file is written. One strongly
     * consistent BatchGetItem per page of 100.
     */
    private List<PunchClock> current(List<Map<String, AttributeValue>> indexed) {
        if (indexed.isEmpty()) {
            return List.of();
        }
        List<String> employees = indexed.stream().map(item -> item.get("employee_id").s()).toList();
        Map<String, PunchClock> byEmployee = new HashMap<>();
        BatchReads.get(db, Map.of(timeTable, employees.stream().map(ClockItems::key).toList()))
                .getOrDefault(timeTable, List.of()).forEach(item -> {
                    PunchClock clock = ClockItems.fromItem(item);
                    byEmployee.put(clock.employeeId(), clock);
                });
        return employees.stream().map(byEmployee::get).filter(Objects::nonNull).toList();
    }

    /**
     * Names for what closing a clock creates (the auto punch_out and its audit record), derived from the clock as
     * read: the job's result depends only on the data and the event, so a run invoked again over a clock it did
     * not get to close names the same entry, and identical data gives identical tables. A clock that was closed
     * has a new version, so its next automatic punch_out gets other names.
     */
    static Supplier<String> idsFor(PunchClock punchClock) {
        List<TimeEntry> journal = punchClock.journal();
        String seed = "aggregation/" + punchClock.employeeId() + "/" + punchClock.version() + "/"
                + (journal.isEmpty() ? "" : journal.get(journal.size() - 1).id());
        AtomicInteger next = new AtomicInteger();
        return () -> UUID.nameUUIDFromBytes((seed + "/" + next.incrementAndGet()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The oldest work date the clock still has in its journal (not final), or null. */
    private static LocalDate earliestOpenDate(ClockClosing closed) {
        List<TimeEntry> remaining = closed.remaining();
        return remaining.isEmpty() ? null : remaining.get(0).workDate();
    }

    /**
     * A date is final everywhere once it has ended in the last time zone on Earth (UTC-12) and no clock still
     * holds an entry of it.
     */
    static boolean finalEverywhere(LocalDate date, LocalDate earliestOpenDate, Instant now) {
        Instant endedEverywhere = date.plusDays(1).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        return !now.isBefore(endedEverywhere) && (earliestOpenDate == null || date.isBefore(earliestOpenDate));
    }
}
