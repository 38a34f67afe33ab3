package dev.timetracker.functions.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.ConsistentFinalSessions;
import dev.timetracker.adapters.dynamodb.DynamoClockClosing;
import dev.timetracker.adapters.dynamodb.DynamoRejudging;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.Metrics;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.DynamoReportStore;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.ClockClosing;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.UnreadableClockException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One run of the nightly job: walk every punch clock (a page of 100 at a time, closed in parallel, with a
 * checkpoint after each page), then write the daily files and aggregates of the dates that are final
 * everywhere. Every step is idempotent, so a run that is cut off and invoked again, or run twice, ends in the
 * same sessions and byte-identical files.
 *
 * <p>Clocks are isolated from each other: one whose data cannot be interpreted (whatever wrote it) is skipped,
 * and every other clock is closed as usual. A skipped clock is reported three ways: a WARN log line naming the
 * employee and the reason, an audit record on the employee's trail (action {@value #SKIPPED_ACTION}, once per
 * run), and the run's {@value #SKIPPED_METRIC} metric (CloudWatch Embedded Metric Format, one line per run);
 * the run's summary and checkpoint name them. Its open dates are unknown, so they hold no daily file back; when
 * its entries become final later, their dates are written again like those of late offline punches.
 */
final class AggregationJob {
    /** At most 100: a page's clocks are read again with one BatchGetItem, which takes at most 100 keys. */
    static final int DEFAULT_CLOCKS_PER_PAGE = 100;
    /** Stop taking new pages when less than this is left of the invocation; the checkpoint lets a retry go on. */
    static final long SAFETY_MILLIS = 60_000;

    static final int THREADS = 8;
    static final String SKIPPED_ACTION = "aggregation_skipped";
    static final String SKIPPED_METRIC = "ClocksSkipped";
    /** Clocks a run has walked, one value per page: graphed as a sum, the night's progress. */
    static final String PROGRESS_METRIC = "ClocksAggregated";

    static final String FUNCTION = "daily-aggregation";

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
    private final int clocksPerPage;
    private final Duration checkpointsKept;
    /** Null: every run stays in one invocation. */
    private final FanOut fanOut;

    private final RejudgeStep rejudge;

    /** The fan-out's queue; runs of more than {@code above} clocks fan out. */
    record FanOut(ClockPageQueue queue, long above, int clocksPerMessage) {}

    AggregationJob(
            DynamoDbClient db,
            String timeTable,
            DynamoClockClosing closing,
            Supplier<BusinessHoursTimeline> hours,
            DailyExport exports,
            Clock clock,
            NightlySettings settings,
            ClockPageQueue queue,
            RejudgeStep rejudge) {
        int clocksPerPage = settings.clocksPerPage();
        if (clocksPerPage < 1 || clocksPerPage > DEFAULT_CLOCKS_PER_PAGE) {
            throw new IllegalArgumentException(
                    "clocks per page: 1 to " + DEFAULT_CLOCKS_PER_PAGE + ", not " + clocksPerPage);
        }
        this.clocksPerPage = clocksPerPage;
        this.checkpointsKept = settings.checkpointsKept();
        this.fanOut = queue == null ? null : new FanOut(queue, settings.fanOutAbove(), settings.clocksPerMessage());
        this.db = db;
        this.timeTable = timeTable;
        this.closing = closing;
        this.hours = hours;
        this.exports = exports;
        this.clock = clock;
        this.rejudge = rejudge;
    }

    /**
     * @param exportDates the dates whose file and aggregates to write once final everywhere
     * @param rewrite     write them even when written before (backfill)
     */
    ObjectNode run(String runId, List<LocalDate> exportDates, boolean rewrite, LongSupplier remainingMillis) {
        Instant now = clock.instant();
        AggregationRun run = AggregationRun.load(db, timeTable, runId, now, checkpointsKept);
        RejudgeStep.Pass rejudging = RejudgeStep.Pass.NONE;
        if (run.phase() == AggregationRun.Phase.CLOCKS || run.phase() == AggregationRun.Phase.FANNED_OUT) {
            rejudging = rejudge.begin(run.startedAt());
            // Before any session of theirs changes, as for late offline punches: the reports stop trusting the
            // dates' aggregates, and a run cut off half-way cannot hide the change.
            if (rejudging.active()) {
                exports.invalidate(rejudging.dates(run.startedAt()));
            }
        }
        if (run.phase() == AggregationRun.Phase.CLOCKS) {
            if (run.total() < 0) {
                run.total(new DynamoReportStore(db, timeTable).countClocks());
                run.save(db, timeTable);
            }
            if (fanOut != null && run.total() > fanOut.above()) {
                return fanOut(run, exportDates, rewrite, remainingMillis);
            }
            closeClocks(run, now, remainingMillis, rejudging);
            Metrics.count(FUNCTION, SKIPPED_METRIC, run.skippedCount(), now, "run", runId);
        } else if (run.phase() == AggregationRun.Phase.FANNED_OUT) {
            // The same event again (Lambda's retry of a coordinator cut off while sending): go on sending.
            return fanOut(run, exportDates, rewrite, remainingMillis);
        }
        return finish(run, exportDates, rewrite, now);
    }

    /** The files and aggregates of the run's dates, once its clocks are all walked; the run's summary. */
    private ObjectNode finish(AggregationRun run, List<LocalDate> exportDates, boolean rewrite, Instant now) {
        ObjectNode summary = Json.object();
        summary.put("run", run.runId());
        summary.put("clocks", run.processed());
        summary.put("skipped_count", run.skippedCount());
        var skipped = summary.putArray("skipped");
        run.skipped().forEach(skipped::add);
        var files = summary.putArray("exports");
        var waiting = summary.putArray("waiting");
        if (run.phase() == AggregationRun.Phase.EXPORTS) {
            Set<LocalDate> written = new TreeSet<>();
            for (LocalDate date : exportDates) {
                if (!finalEverywhere(date, run.earliestOpenDate(), now)) {
                    Log.info(
                            "Daily export waits: the date is not final everywhere yet",
                            "date",
                            date,
                            "earliest_open_date",
                            run.earliestOpenDate());
                    waiting.add(date.toString());
                } else if (rewrite || !exports.exists(date)) {
                    files.add(exports.write(date));
                    written.add(date);
                }
            }
            finishRejudging(run, written, files);
            run.done();
            run.save(db, timeTable);
        }
        summary.put("status", run.phase() == AggregationRun.Phase.DONE ? "done" : "incomplete");
        return summary;
    }

    /**
     * The re-judge requests the run took: the files of the dates whose sessions its pages changed are written again
     * (and those of the range still marked stale, should a page have died between its writes and its record), then
     * the requests are done. Done again by a retry of this step, with the same result.
     */
    private void finishRejudging(AggregationRun run, Set<LocalDate> written, ArrayNode files) {
        RejudgeStep.Pass rejudging = rejudge.begin(run.startedAt());
        if (!rejudging.active()) {
            return;
        }
        Set<LocalDate> rejudged = new TreeSet<>(AggregationRun.rejudgedDates(db, timeTable, run.runId()));
        for (LocalDate date : rejudging.dates(run.startedAt())) {
            if (!written.contains(date)) {
                exports.rewrite(date, rejudged.contains(date)).ifPresent(files::add);
            }
        }
        rejudge.done(rejudging, run.runId(), run.expiresAt());
        Log.info(
                "Final days judged again",
                "run",
                run.runId(),
                "from",
                rejudging.from(),
                "dates_changed",
                rejudged.size());
    }

    // ------------------------------------------------------------------ fan-out (organisations above the threshold)

    /**
     * The coordinator of a run with more clocks than one invocation closes comfortably: it sends the clocks' ids to
     * the queue, {@link FanOut#clocksPerMessage()} per message, and returns; workers ({@link #work}) close them, and
     * the one that completes the last page writes the files ({@link FannedOutRun}). Each batch of messages is sent
     * before the checkpoint that counts it, so a coordinator cut off in between sends the same pages again under the
     * same numbers on its retry, and the workers count each page once.
     */
    private ObjectNode fanOut(
            AggregationRun run, List<LocalDate> exportDates, boolean rewrite, LongSupplier remainingMillis) {
        FannedOutRun state = FannedOutRun.begin(db, timeTable, run, exportDates, rewrite, run.expiresAt());
        Map<String, AttributeValue> cursor = state.cursor();
        long pagesSent = state.pagesSent();
        boolean sendingDone = state.sendingDone();
        while (!sendingDone) {
            if (remainingMillis.getAsLong() < SAFETY_MILLIS) {
                throw new RunCutOff("Stopped after sending " + pagesSent + " pages; a retry goes on");
            }
            Map<String, AttributeValue> from = cursor;
            QueryResponse page = db.query(query -> query.tableName(timeTable)
                    .indexName(ClockItems.CLOCKS_INDEX)
                    .keyConditionExpression("clock_list = :list")
                    .expressionAttributeValues(Map.of(":list", AttributeValue.fromS("CLOCK")))
                    .projectionExpression("employee_id")
                    .exclusiveStartKey(from)
                    .limit(fanOut.clocksPerMessage() * ClockPageQueue.MESSAGES_PER_SEND));
            List<String> employees =
                    page.items().stream().map(ClockItems::employeeIdOf).toList();
            List<ClockPageQueue.Page> pages = new ArrayList<>();
            for (int start = 0; start < employees.size(); start += fanOut.clocksPerMessage()) {
                pages.add(new ClockPageQueue.Page(
                        run.runId(),
                        pagesSent + pages.size(),
                        run.startedAt(),
                        employees.subList(start, Math.min(employees.size(), start + fanOut.clocksPerMessage()))));
            }
            fanOut.queue().send(pages);
            boolean more =
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
            cursor = more ? page.lastEvaluatedKey() : null;
            state = state.sent(db, timeTable, cursor, pagesSent + pages.size(), !more);
            pagesSent = state.pagesSent();
            sendingDone = state.sendingDone();
        }
        Log.info("Aggregation fanned out", "run", run.runId(), "clocks_total", run.total(), "pages", pagesSent);
        finishIfComplete(state);
        ObjectNode summary = Json.object();
        summary.put("run", run.runId());
        summary.put("clocks", run.total());
        summary.put("pages", pagesSent);
        summary.put("status", "fanned_out");
        return summary;
    }

    /**
     * A fan-out worker's invocation: an SQS event of pages of clocks. Each message is closed on its own; one that
     * fails is reported back as a batch item failure, so only it comes back after its visibility timeout, and after
     * the queue's maxReceiveCount it goes to the dead-letter queue
     * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html#services-sqs-batchfailurereporting).
     */
    ObjectNode work(JsonNode sqsEvent) {
        ObjectNode response = Json.object();
        var failures = response.putArray("batchItemFailures");
        BusinessHoursTimeline timeline = hours.get();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (JsonNode record : sqsEvent.path("Records")) {
                String messageId = record.path("messageId").asText();
                try {
                    ClockPageQueue.Page page =
                            ClockPageQueue.Page.parse(record.path("body").asText());
                    closeMessage(page, timeline, rejudge.begin(page.startedAt()), pool);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.addObject().put("itemIdentifier", messageId);
                } catch (RuntimeException e) {
                    Log.warn(
                            "Clock page failed; the queue delivers it again",
                            "message_id",
                            messageId,
                            "error",
                            e.toString());
                    failures.addObject().put("itemIdentifier", messageId);
                }
            }
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
        return response;
    }

    private void closeMessage(
            ClockPageQueue.Page page, BusinessHoursTimeline timeline, RejudgeStep.Pass rejudging, ExecutorService pool)
            throws InterruptedException {
        PageOutcome outcome = new PageOutcome(null, List.of());
        for (int start = 0; start < page.employees().size(); start += clocksPerPage) {
            List<Map<String, AttributeValue>> named =
                    page.employees().subList(start, Math.min(page.employees().size(), start + clocksPerPage)).stream()
                            .map(employeeId -> Map.of("employee_id", AttributeValue.fromS(employeeId)))
                            .toList();
            outcome = outcome.plus(closePage(
                    page.runId(), page.startedAt(), current(named), timeline, page.startedAt(), rejudging, pool));
        }
        FannedOutRun state = FannedOutRun.pageDone(
                db,
                timeTable,
                page.runId(),
                page.number(),
                page.employees().size(),
                outcome.earliestOpen(),
                outcome.skipped());
        Log.info(
                "Clock page done",
                "run",
                page.runId(),
                "page",
                page.number(),
                "clocks",
                page.employees().size(),
                "pages_done",
                state.pagesDone(),
                "pages_sent",
                state.pagesSent());
        finishIfComplete(state);
    }

    /**
     * The last step of a fanned-out run, once: when every page is done, whoever saw it (the coordinator or a worker)
     * claims the run with a conditional update and writes the files. A claim whose writer died is found again by the
     * page's redelivery, which sees the run in EXPORTS and writes them (the same bytes) itself.
     */
    private void finishIfComplete(FannedOutRun state) {
        if (!state.complete() && state.phase() != AggregationRun.Phase.EXPORTS) {
            return;
        }
        if (state.phase() == AggregationRun.Phase.FANNED_OUT && !FannedOutRun.claim(db, timeTable, state.runId())) {
            return;
        }
        AggregationRun run = AggregationRun.load(db, timeTable, state.runId(), clock.instant(), checkpointsKept);
        if (run.phase() != AggregationRun.Phase.EXPORTS) {
            return;
        }
        Metrics.count(FUNCTION, SKIPPED_METRIC, run.skippedCount(), clock.instant(), "run", run.runId());
        ObjectNode summary = finish(run, state.exportDates(), state.rewrite(), run.startedAt());
        Log.info("Aggregation done", "summary", summary.toString());
    }

    /**
     * SnapStart priming: the run's reads, and its one conditional update, on a date and an employee that match
     * nothing, so nothing is written: business hours (Query), the clocks' BatchGetItem, the date's final sessions
     * (Query), the aggregate's GetItem and its stale mark, which its own condition refuses.
     */
    @SuppressWarnings("ReturnValueIgnored") // each call runs for the classes and connections it warms, not its answer
    void primeReadPath(LocalDate noData, String noEmployee) {
        hours.get();
        current(List.of(Map.of("employee_id", AttributeValue.fromS(noEmployee))));
        new ConsistentFinalSessions(db, timeTable, noData).iterator().hasNext();
        exports.exists(noData);
        exports.invalidate(List.of(noData));
    }

    private void closeClocks(
            AggregationRun run, Instant now, LongSupplier remainingMillis, RejudgeStep.Pass rejudging) {
        BusinessHoursTimeline timeline = hours.get();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            while (run.phase() == AggregationRun.Phase.CLOCKS) {
                if (remainingMillis.getAsLong() < SAFETY_MILLIS) {
                    throw new RunCutOff(
                            "Stopped at " + run.processed() + "/" + run.total() + " clocks; a retry resumes");
                }
                QueryResponse page = db.query(query -> ClockItems.allClocks(query, timeTable)
                        .projectionExpression("employee_id")
                        .exclusiveStartKey(run.cursor())
                        .limit(clocksPerPage));
                PageOutcome outcome =
                        closePage(run.runId(), run.startedAt(), current(page.items()), timeline, now, rejudging, pool);
                boolean more =
                        page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
                run.advance(
                        more ? page.lastEvaluatedKey() : null,
                        page.items().size(),
                        outcome.earliestOpen(),
                        outcome.skipped());
                run.save(db, timeTable);
                Log.info(
                        "Aggregation progress",
                        "run",
                        run.runId(),
                        "clocks_done",
                        run.processed(),
                        "clocks_total",
                        run.total());
                Metrics.count(FUNCTION, PROGRESS_METRIC, page.items().size(), clock.instant(), "run", run.runId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RunCutOff("Interrupted; a retry resumes from the checkpoint");
        } finally {
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    /** What closing one page of clocks found: the earliest work date still open, the clocks skipped. */
    record PageOutcome(LocalDate earliestOpen, List<String> skipped) {
        PageOutcome plus(PageOutcome other) {
            List<String> both = new ArrayList<>(skipped);
            both.addAll(other.skipped);
            return new PageOutcome(earlier(earliestOpen, other.earliestOpen), both);
        }
    }

    private static LocalDate earlier(LocalDate one, LocalDate other) {
        return one == null ? other : other == null || one.isBefore(other) ? one : other;
    }

    /**
     * Closes one page of clocks (items as they are now, see {@link #current}) on the pool: the same step for a
     * run that walks every clock itself and for a fan-out worker given a page by the queue.
     */
    private PageOutcome closePage(
            String runId,
            Instant startedAt,
            List<Map<String, AttributeValue>> items,
            BusinessHoursTimeline timeline,
            Instant now,
            RejudgeStep.Pass rejudging,
            ExecutorService pool)
            throws InterruptedException {
        List<String> pageSkipped = new ArrayList<>();
        List<PunchClock> clocks = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String employeeId = ClockItems.employeeIdOf(item);
            isolated(runId, startedAt, employeeId, pageSkipped, () -> clocks.add(ClockItems.fromItem(item)));
        }
        // Dates that get final sessions now and were written before (offline punches arrive up to 72 h
        // late) are marked out of date first, so that a crash after the sessions cannot hide the change.
        Set<LocalDate> finalising = new TreeSet<>();
        List<PunchClock> planned = new ArrayList<>();
        for (PunchClock punchClock : clocks) {
            isolated(runId, startedAt, punchClock.employeeId(), pageSkipped, () -> {
                ClockClosing.plan(punchClock, timeline, now, () -> "planned")
                        .finalDays()
                        .forEach(day -> finalising.add(day.workDate()));
                planned.add(punchClock);
            });
        }
        exports.invalidate(finalising);
        List<Future<LocalDate>> results = new ArrayList<>();
        for (PunchClock punchClock : planned) {
            results.add(
                    pool.submit(() -> earliestOpenDate(closing.close(punchClock, timeline, now, idsFor(punchClock)))));
        }
        LocalDate earliestOpen = null;
        List<String> closed = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            try {
                earliestOpen = earlier(earliestOpen, results.get(i).get());
                closed.add(planned.get(i).employeeId());
            } catch (ExecutionException failed) {
                if (!(failed.getCause() instanceof RuntimeException cause)) {
                    throw new IllegalStateException(failed.getCause());
                }
                skip(runId, startedAt, planned.get(i).employeeId(), cause, pageSkipped);
            }
        }
        if (rejudging.active()) {
            rejudgeClosed(runId, startedAt, closed, rejudging, pool, pageSkipped);
        }
        return new PageOutcome(earliestOpen, pageSkipped);
    }

    /**
     * Judges the final days of the page's closed clocks again (after the closing, so the days it has just made final
     * are judged too). AWS failing, or an employee's days changing under three attempts, fails the page, which is done
     * again (a retry of the run, the queue's redelivery): the requests are done only once every page is. Data that
     * cannot be interpreted skips the employee as the closing does (reported three ways, see the class comment). The
     * dates changed are recorded on the run before the page counts as done: the run's last step rewrites their files.
     */
    private void rejudgeClosed(
            String runId,
            Instant startedAt,
            List<String> employees,
            RejudgeStep.Pass rejudging,
            ExecutorService pool,
            List<String> pageSkipped)
            throws InterruptedException {
        List<Future<Set<LocalDate>>> results = new ArrayList<>();
        for (String employeeId : employees) {
            results.add(pool.submit(() -> rejudge.employee(rejudging, employeeId)));
        }
        Set<LocalDate> rejudged = new TreeSet<>();
        for (int i = 0; i < employees.size(); i++) {
            try {
                rejudged.addAll(results.get(i).get());
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof DynamoRejudging.KeptChanging changing) {
                    throw changing;
                }
                if (!(failed.getCause() instanceof RuntimeException cause)) {
                    throw new IllegalStateException(failed.getCause());
                }
                skip(runId, startedAt, employees.get(i), cause, pageSkipped);
            }
        }
        AggregationRun.addRejudged(db, timeTable, runId, rejudged);
    }

    /**
     * A run that stops, for whatever reason, leaves no write of its own in flight behind it: whoever looks next (the
     * retry of the event, an operator, a test) sees everything it did.
     */
    private static void awaitStopped(ExecutorService pool) {
        boolean interrupted = false;
        while (!pool.isTerminated()) {
            try {
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The clock items of an index page as they are now. The index only names them: its copies may lag behind the table
     * (a global index is eventually consistent), and a plan made from a copy that lacks the latest punches finds
     * nothing to close and skips the clock, leaving its date open while the date's file is written. One strongly
     * consistent BatchGetItem per page of 100.
     */
    private List<Map<String, AttributeValue>> current(List<Map<String, AttributeValue>> indexed) {
        if (indexed.isEmpty()) {
            return List.of();
        }
        // Distinct: BatchGetItem refuses a key twice, and an index may name one employee in two items.
        List<String> employees = indexed.stream()
                .map(item -> item.get("employee_id").s())
                .distinct()
                .toList();
        Map<String, Map<String, AttributeValue>> byEmployee = new HashMap<>();
        // Items, not clocks: an item that cannot be interpreted is skipped per clock by the caller.
        BatchReads.get(
                        db,
                        Map.of(
                                timeTable,
                                employees.stream().map(ClockItems::key).toList()))
                .getOrDefault(timeTable, List.of())
                .forEach(item -> byEmployee.put(ClockItems.employeeIdOf(item), item));
        return employees.stream().map(byEmployee::get).filter(Objects::nonNull).toList();
    }

    /**
     * Runs one clock's step; if the clock's data cannot be handled, skips that clock and reports it. A failure of
     * AWS itself (throttling, an outage) is not the clock's: it ends the run, which Lambda retries from the
     * checkpoint.
     */
    private void isolated(String runId, Instant startedAt, String employeeId, List<String> pageSkipped, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException failure) {
            skip(runId, startedAt, employeeId, failure, pageSkipped);
        }
    }

    private void skip(
            String runId, Instant startedAt, String employeeId, RuntimeException failure, List<String> pageSkipped) {
        if (failure instanceof SdkException awsFailure) {
            throw awsFailure;
        }
        String reason =
                failure instanceof UnreadableClockException unreadable ? unreadable.reason() : failure.toString();
        Log.warn(
                "Clock skipped: its data cannot be interpreted; every other clock goes on",
                "run",
                runId,
                "employee_id",
                employeeId,
                "reason",
                reason);
        String auditId = UUID.nameUUIDFromBytes(
                        ("aggregation/" + runId + "/skipped/" + employeeId).getBytes(StandardCharsets.UTF_8))
                .toString();
        closing.recordSkipped(
                employeeId,
                new AuditStamp(
                        auditId,
                        startedAt,
                        Actor.SYSTEM,
                        SKIPPED_ACTION,
                        "The nightly run " + runId + " could not close this employee's clock: " + reason));
        pageSkipped.add(employeeId);
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
        return () -> UUID.nameUUIDFromBytes((seed + "/" + next.incrementAndGet()).getBytes(StandardCharsets.UTF_8))
                .toString();
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
        Instant endedEverywhere =
                date.plusDays(1).atStartOfDay(ZoneOffset.ofHours(-12)).toInstant();
        return !now.isBefore(endedEverywhere) && (earliestOpenDate == null || date.isBefore(earliestOpenDate));
    }
}
