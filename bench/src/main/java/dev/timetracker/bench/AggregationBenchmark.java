package dev.timetracker.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.QueueEventSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark 4: the nightly job over 1,000, 10,000 and 100,000 employees, and what it says of 1,000,000. Each size gets fresh tables, seeded straight into
 * the emulator (profiles, email claims, punch clocks holding one day of punches three days ago in the employee's
 * zone), then one scheduled run closes every clock, finalises that day and writes the week's daily files. Run
 * twice per size on identical fresh datasets: in this JVM ({@code handle(event, () -> Long.MAX_VALUE)}, the figure
 * asked for) and in a JVM of its own (the function's shaded jar, Lambda's JVM flags), where the heap holds the
 * function and nothing else.
 */
final class AggregationBenchmark {
    static final String TITLE = "4. Daily aggregation: throughput and peak heap";

    /**
     * @param calls      the DynamoDB calls of the run by operation, where counted (in process)
     * @param totalCalls their number (0 where not counted)
     */
    private record Run(
            int employees, long clocks, double seconds, HeapProbe.Heap heap, String calls, long totalCalls) {}

    /** The calls per clock of a whole run that issue 11 allows. */
    private static final double CALLS_PER_CLOCK_GOAL = 2.0;
    /** How much the function's live heap may grow per ×10 employees (issue 11: flat, within +10 %). */
    private static final double LIVE_HEAP_GROWTH_GOAL = 1.10;
    /** The employees the nightly calculation is made for. */
    private static final long ORGANISATION = 1_000_000;
    /**
     * The time one run may take: the template schedules the nightly run every 3 hours ({@code cron(15 *}{@code /3 * * ?
     * *)}), and a run that is still going when the next one starts would compete with it.
     */
    private static final Duration NIGHTLY_WINDOW = Duration.ofHours(3);
    /**
     * Every run is one invocation, so what is measured is one worker's throughput, the figure the calculation for
     * the fanned-out run is made from (a run of more clocks than NIGHTLY_FAN_OUT_ABOVE would otherwise send them to
     * the queue, which the benchmark's stack does not host).
     */
    private static final int NEVER_FAN_OUT = Integer.MAX_VALUE;

    private final BenchStack stack;
    private final BenchOptions options;
    private final Seeder seeder;
    private final ChildJvm jvm;
    private final LocalDate punchDate = LocalDate.now(ZoneOffset.UTC).minusDays(3);

    AggregationBenchmark(BenchStack stack, BenchOptions options) {
        this.stack = stack;
        this.options = options;
        this.seeder = new Seeder(stack);
        this.jvm = new ChildJvm(stack.workDir("aggregation"));
    }

    List<Table> run() {
        List<Run> inProcess = new ArrayList<>();
        List<Run> separate = new ArrayList<>();
        for (int employees : options.aggregationSizes()) {
            inProcess.add(inProcess(employees));
            separate.add(separateJvm(employees));
        }
        return List.of(table(inProcess, separate));
    }

    private Run inProcess(int employees) {
        Seeder.Tables tables = seed(employees);
        CallCounter calls = new CallCounter();
        Deployment deployment = stack.deployment("DailyAggregationFunction");
        try (S3Client s3 = S3Clients.s3(deployment.environment());
                DynamoDbClient db = CallCounter.countingClient(calls, deployment.environment())) {
            DailyAggregationHandler handler = new DailyAggregationHandler(
                    DailyAggregationHandler.Config.of(deployment.withDb(db).withTables(names(tables)))
                            .withS3(s3)
                            .withFanOut(NEVER_FAN_OUT, clocksPerMessage()));
            ObjectNode event = scheduledEvent();
            System.out.printf("  %,d employees, in this JVM: ", employees);
            HeapProbe probe = HeapProbe.start();
            long started = System.nanoTime();
            ObjectNode summary = handler.handle(event, () -> Long.MAX_VALUE);
            double seconds = (System.nanoTime() - started) / 1e9;
            HeapProbe.Heap heap = probe.stop();
            long clocks = checked(summary, employees);
            System.out.printf(Locale.ROOT, "%.1f s%n", seconds);
            return new Run(employees, clocks, seconds, heap, calls.summary(), calls.total());
        }
    }

    private Run separateJvm(int employees) {
        Seeder.Tables tables = seed(employees);
        FunctionResource function = stack.function("DailyAggregationFunction");
        Path event = stack.workFile("aggregation", "scheduled-event.json", Json.write(scheduledEvent()));
        System.out.printf("  %,d employees, separate JVM: ", employees);
        Map<String, String> overrides = new HashMap<>(tables.environment());
        overrides.put("NIGHTLY_FAN_OUT_ABOVE", String.valueOf(NEVER_FAN_OUT));
        ChildJvm.Result result = jvm.run(
                stack.root().resolve(function.codeUri()),
                function.handlerClass(),
                event,
                stack.settings("DailyAggregationFunction", overrides),
                function.environment().get("JAVA_TOOL_OPTIONS") + " " + lambdaSizedHeap(function),
                ChildJvm.HEAP);
        double seconds = (result.responseMs() - result.invokeMs()) / 1000;
        long clocks = checked((ObjectNode) result.result(), employees);
        System.out.printf(Locale.ROOT, "%.1f s%n", seconds);
        return new Run(
                employees,
                clocks,
                seconds,
                new HeapProbe.Heap(result.heapBefore(), result.heapPeak(), result.heapLive()),
                null,
                0);
    }

    private int clocksPerMessage() {
        return Integer.parseInt(String.valueOf(
                stack.function("DailyAggregationFunction").environment().get("NIGHTLY_CLOCKS_PER_MESSAGE")));
    }

    private int workersAtOnce() {
        return stack.template().queueEventSources().stream()
                .filter(source -> source.functionLogicalId().equals("DailyAggregationFunction"))
                .mapToInt(QueueEventSource::maximumConcurrency)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("DailyAggregationFunction has no queue event source"));
    }

    /**
     * A heap no larger than the function gets in Lambda: its MemorySize holds the whole process, so the heap is given
     * 85 % of it and the JVM's own memory (metaspace, code cache, thread stacks) the rest.
     */
    static String lambdaSizedHeap(FunctionResource function) {
        return "-Xmx" + function.memoryMb() * 85 / 100 + "m";
    }

    private Seeder.Tables seed(int employees) {
        long started = System.nanoTime();
        Seeder.Tables tables = seeder.freshTables();
        seeder.standardHours(tables);
        seeder.employees(tables, employees, Seeder.dayOfPunches(punchDate));
        System.out.printf(
                Locale.ROOT, "  seeded %,d employees in %.1f s%n", employees, (System.nanoTime() - started) / 1e9);
        return tables;
    }

    private TableNames names(Seeder.Tables tables) {
        TableNames shared = stack.deployment("DailyAggregationFunction").tables();
        return new TableNames(
                tables.employees(),
                shared.auth(),
                tables.audit(),
                tables.time(),
                tables.exports(),
                shared.exportBucket());
    }

    /** events/schedule-nightly.json, fired now. */
    private ObjectNode scheduledEvent() {
        ObjectNode event = (ObjectNode)
                BenchStack.readTree(stack.sampleEvent("schedule-nightly.json").getBytes(StandardCharsets.UTF_8));
        event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return event;
    }

    private static long checked(ObjectNode summary, int employees) {
        long clocks = summary.path("clocks").asLong();
        if (!"done".equals(summary.path("status").asText()) || clocks != employees) {
            throw new IllegalStateException("The aggregation of " + employees + " employees ended " + summary);
        }
        return clocks;
    }

    private Table table(List<Run> inProcess, List<Run> separate) {
        Table table = new Table(
                TITLE,
                "Employees",
                "In process: s",
                "employees/s",
                "Peak heap MiB (above before)",
                "Live after GC, above before MiB",
                "Own JVM: s",
                "employees/s, own JVM",
                "Peak heap MiB (above before), own JVM",
                "Live after GC, above before MiB, own JVM");
        table.note("One scheduled run (events/schedule-nightly.json, time = now) on fresh tables: every clock holds "
                + "punch_in 08:00, break 12:00–12:30, punch_out 16:30 on " + punchDate + " in its employee's zone "
                + "(Berlin, New York, Tokyo in turn); the run closes each clock (a transaction each, 8 threads), "
                + "finalises the day and writes the 7 daily CSV files of the look-back week.");
        table.note("In process: `handle(event, () -> Long.MAX_VALUE)` in this JVM (Maven, the emulators, the "
                + "benchmark); a full GC and the heap pools' peaks reset before, the sum of the pools' peaks after. "
                + "The peak counts garbage not yet collected (the JVM's default heap here is large, so the young "
                + "generation grows before it is collected); \"live after GC\" is the largest heap left after any GC "
                + "during the run (0: no GC ran), in process including the items the emulator stores meanwhile. Own "
                + "JVM: daily-aggregation.jar alone, with Lambda's JAVA_TOOL_OPTIONS, the handler constructed, then a "
                + "full GC, peaks reset and the same invocation; the emulators stay in this JVM, so that heap is the "
                + "function's alone.");
        for (int i = 0; i < inProcess.size(); i++) {
            Run here = inProcess.get(i);
            Run there = separate.get(i);
            table.row(
                    Stats.count(here.employees()),
                    String.format(Locale.ROOT, "%.1f", here.seconds()),
                    Stats.number(here.clocks() / here.seconds()),
                    here.heap().peakCell(),
                    Stats.mib(here.heap().liveAbove()),
                    String.format(Locale.ROOT, "%.1f", there.seconds()),
                    Stats.number(there.clocks() / there.seconds()),
                    there.heap().peakCell(),
                    Stats.mib(there.heap().liveAbove()));
        }
        inProcess.forEach(run -> table.note(String.format(
                Locale.ROOT,
                "DynamoDB calls of the run over %,d employees: %s; %.2f per clock, goal ≤ %.0f: %s.",
                run.employees(),
                run.calls(),
                (double) run.totalCalls() / run.clocks(),
                CALLS_PER_CLOCK_GOAL,
                Stats.verdict((double) run.totalCalls() / run.clocks() <= CALLS_PER_CLOCK_GOAL))));
        for (int i = 1; i < separate.size(); i++) {
            Run smaller = separate.get(i - 1);
            Run larger = separate.get(i);
            double perTenfold = Math.pow(
                    growth(smaller.heap().liveAbove(), larger.heap().liveAbove()),
                    1 / Math.log10((double) larger.employees() / smaller.employees()));
            table.note(String.format(
                    Locale.ROOT,
                    "Live heap after GC in the function's own JVM, %,d → %,d employees: ×%.2f per ×10 employees, goal "
                            + "≤ ×%.2f: %s.",
                    smaller.employees(),
                    larger.employees(),
                    perTenfold,
                    LIVE_HEAP_GROWTH_GOAL,
                    Stats.verdict(perTenfold <= LIVE_HEAP_GROWTH_GOAL)));
        }
        if (!separate.isEmpty()) {
            table.note(organisationCalculation(separate.get(separate.size() - 1)));
        }
        if (inProcess.size() > 1) {
            Run small = inProcess.get(0);
            Run large = inProcess.get(inProcess.size() - 1);
            Run smallThere = separate.get(0);
            Run largeThere = separate.get(separate.size() - 1);
            table.note(String.format(
                    Locale.ROOT,
                    "From %,d to %,d employees (×%.0f), above the heap before: peak ×%.2f "
                            + "and live ×%.2f in process; peak ×%.2f and live ×%.2f in the function's own JVM.",
                    small.employees(),
                    large.employees(),
                    (double) large.employees() / small.employees(),
                    growth(small.heap().peakAbove(), large.heap().peakAbove()),
                    growth(small.heap().liveAbove(), large.heap().liveAbove()),
                    growth(smallThere.heap().peakAbove(), largeThere.heap().peakAbove()),
                    growth(smallThere.heap().liveAbove(), largeThere.heap().liveAbove())));
        }
        return table;
    }

    /**
     * What the largest measured run says of {@link #ORGANISATION} employees: the coordinator sends the clocks to the
     * queue in messages of NIGHTLY_CLOCKS_PER_MESSAGE, at most MaximumConcurrency workers close one message each at
     * the measured throughput of one invocation, and every worker must stay inside the function's timeout.
     */
    private String organisationCalculation(Run measured) {
        double clocksPerSecond = measured.clocks() / measured.seconds();
        int perMessage = clocksPerMessage();
        int workers = workersAtOnce();
        long messages = (ORGANISATION + perMessage - 1) / perMessage;
        long rounds = (messages + workers - 1) / workers;
        double secondsPerMessage = perMessage / clocksPerSecond;
        double total = rounds * secondsPerMessage;
        int timeout = stack.function("DailyAggregationFunction").timeoutSeconds();
        return String.format(
                Locale.ROOT,
                "Calculation for %,d employees from the %,d-employee run in the function's own JVM (%.0f clocks/s in "
                        + "one invocation): %,d messages of %,d clocks, %,d workers at once (the template's "
                        + "MaximumConcurrency), %.1f s per message (timeout %d s: %s), %,d rounds ≈ %.0f s for every "
                        + "clock; goal: inside the %d-hour nightly window: %s. Not in the calculation: the coordinator's "
                        + "walk of the index and the last step's daily files (docs/storage.md).",
                ORGANISATION,
                measured.employees(),
                clocksPerSecond,
                messages,
                perMessage,
                workers,
                secondsPerMessage,
                timeout,
                Stats.verdict(secondsPerMessage < timeout),
                rounds,
                total,
                NIGHTLY_WINDOW.toHours(),
                Stats.verdict(total < NIGHTLY_WINDOW.toSeconds()));
    }

    /** How many times larger; a zero base (nothing measured) counts as one MiB, so the note stays readable. */
    private static double growth(long small, long large) {
        return (double) large / Math.max(small, 1024 * 1024);
    }
}
