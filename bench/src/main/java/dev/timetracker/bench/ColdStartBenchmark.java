package dev.timetracker.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.bench.BenchStack.Call;
import dev.timetracker.bench.Callers.Caller;
import dev.timetracker.bench.baseline.BaselineHandler;
import dev.timetracker.local.template.FunctionResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Benchmark 2: the cold start of every function, in a fresh JVM each time (see {@link ChildJvm}): the function's
 * handler from template.yaml, constructed and invoked once with its sample event from events/ (a real token from
 * a login, ids of things that exist, so the answer is a 2xx), and the JVM uptime at which the response was
 * complete. Beside it the baseline, {@link BaselineHandler}: one GetItem with the same SDK set-up, in a jar of
 * shared's dependencies only, started with the same JVM flags as the function it is compared with.
 *
 * <p>Each function runs under its own JAVA_TOOL_OPTIONS from template.yaml (what Lambda gives it). Every run of a
 * function is paired with a baseline run under the same flags right beside it, the order alternating (function
 * first on odd runs, baseline first on even ones), so that a slow moment of the machine falls on both sides; the
 * ratio is taken per pair and its median given with a 95 % confidence interval ({@link Stats#medianInterval}).
 * The goal (≤ {@value #GOAL}×) is met only when the interval's upper bound is within it.
 */
final class ColdStartBenchmark {
    static final String TITLE = "2. Cold start per function: fresh JVM to first response";
    static final String BASELINE = "Baseline: one GetItem (bench/target/baseline.jar)";
    static final String NOT_BUILT = "(jar not built)";
    static final String PRIMING_TITLE = "2b. First request after SnapStart priming (restore proxy), against none";
    static final double GOAL = 1.25;
    static final double CONFIDENCE = 0.95;
    /** The sample events' employee id, replaced by a real one. */
    private static final String SAMPLE_EMPLOYEE_ID = "3f2b8c1e-7d4a-4e59-9a61-0c5d2e8f4b17";

    /** One thing to start: a jar, its handler, and a fresh event for each run (made just before it). */
    private record Target(
            String label, String function, Path jar, String handlerClass, Supplier<byte[]> event, int expectedStatus) {}

    /** The runs of one function: its own, the paired baseline runs under the same flags, and the primed ones. */
    private record Runs(List<ChildJvm.Result> function, List<ChildJvm.Result> baseline, List<ChildJvm.Result> primed) {
        Runs() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    private final BenchStack stack;
    private final Callers callers;
    private final BenchOptions options;
    private final ChildJvm jvm;
    private final Path events;

    ColdStartBenchmark(BenchStack stack, Callers callers, BenchOptions options) {
        this.stack = stack;
        this.callers = callers;
        this.options = options;
        Path work = stack.workDir("cold-start");
        this.jvm = new ChildJvm(work);
        this.events = work.resolve("events");
    }

    List<Table> run() {
        Caller worker = callers.employee(true);
        seedBaselineItem(worker.employeeId());
        List<Target> targets = targets(worker);
        Target baseline = baseline();
        Map<String, Runs> results = new LinkedHashMap<>();
        for (int run = 1; run <= options.coldStartRuns(); run++) {
            System.out.printf("  run %d/%d:", run, options.coldStartRuns());
            for (Target target : targets) {
                if (!Files.isRegularFile(target.jar()) || !Files.isRegularFile(baseline.jar())) {
                    continue;
                }
                String flags = flags(target.function());
                Runs runs = results.computeIfAbsent(target.label(), label -> new Runs());
                // Function first on odd runs, baseline first on even ones.
                if (run % 2 == 1) {
                    runs.function().add(start(target, flags, null));
                    runs.baseline().add(start(baseline, flags, null));
                } else {
                    runs.baseline().add(start(baseline, flags, null));
                    runs.function().add(start(target, flags, null));
                }
                // The restore proxy on odd runs only: half the runs still give its interval, at a third less cost.
                if (run % 2 == 1) {
                    runs.primed().add(start(target, flags, "prime"));
                }
                System.out.print(" .");
            }
            System.out.println();
        }
        return List.of(table(targets, results), primingTable(targets, results));
    }

    /** The function's own JAVA_TOOL_OPTIONS in template.yaml (its Globals value unless it sets one itself). */
    private String flags(String function) {
        Object flags = stack.function(function).environment().get("JAVA_TOOL_OPTIONS");
        return flags == null ? null : flags.toString();
    }

    private ChildJvm.Result start(Target target, String flags, String mode) {
        ChildJvm.Result result = jvm.run(
                target.jar(),
                target.handlerClass(),
                eventFile(target),
                stack.settings(target.function(), Map.of()),
                flags,
                mode);
        if (result.status() != target.expectedStatus()) {
            throw new IllegalStateException(target.label() + (mode == null ? "" : " (" + mode + ")") + ": expected "
                    + target.expectedStatus() + ", got " + result.result());
        }
        return result;
    }

    private Table table(List<Target> targets, Map<String, Runs> results) {
        Table table = new Table(
                TITLE,
                "Function (sample event)",
                "JAVA_TOOL_OPTIONS (template.yaml)",
                "Pairs",
                "Function ms, median [95 % CI]",
                "Baseline ms, same flags, median [95 % CI]",
                "× baseline per pair, median [95 % CI]",
                "Goal ≤ 1.25× on the upper bound",
                "Init ms",
                "First request ms");
        table.note("Time = JVM uptime (RuntimeMXBean, from the JVM's start) when the first response was complete, "
                + "measured inside the child JVM. Class path: the function's shaded jar and a one-class runner "
                + "directory only; settings as its own environment variables (LocalAws.environmentOf); JVM flags: the "
                + "function's own JAVA_TOOL_OPTIONS from template.yaml, nothing else. " + options.coldStartRuns()
                + " runs per function, each a function start and a baseline start under the same flags side by "
                + "side, alternating which goes first; runs go round-robin over the functions.");
        table.note("× baseline: function ÷ baseline within each pair, then the median of those ratios with its 95 % "
                + "order-statistic interval (distribution-free: [x(6), x(15)] of 20 sorted ratios covers the true "
                + "median with 95.9 %). The goal is met only when the upper bound is ≤ " + GOAL + "×. Init = "
                + "handler construction (from main), first request = the first handleRequest (medians of the "
                + "function's runs).");
        table.note("The baseline is a handler doing one GetItem through the same AwsClients set-up, shaded with "
                + "shared's runtime dependencies only (BaselineJarIT checks they are the functions' versions). "
                + "AuthFunction is measured on admin-users (a token check and a Query); login is left out, as its "
                + "600,000 PBKDF2 iterations (deliberate, ~0.2 s warm) would dominate it and cost minutes of runs. "
                + "DailyAggregationFunction's sample is a whole backfill run.");
        for (Target target : targets) {
            Runs runs = results.get(target.label());
            if (runs == null) {
                table.row(
                        target.label(),
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT,
                        NOT_BUILT);
                continue;
            }
            double[] ratios = new double[runs.function().size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = runs.function().get(i).responseMs()
                        / runs.baseline().get(i).responseMs();
            }
            Stats.MedianInterval ratio = Stats.medianInterval(ratios, CONFIDENCE);
            table.row(
                    target.label(),
                    String.valueOf(flags(target.function())),
                    Integer.toString(ratios.length),
                    interval(runs.function(), ChildJvm.Result::responseMs).cell(Stats::ms),
                    interval(runs.baseline(), ChildJvm.Result::responseMs).cell(Stats::ms),
                    ratio.cell(Stats::ratio),
                    verdict(ratio, GOAL),
                    Stats.ms(interval(runs.function(), r -> r.initMs() - r.mainMs())
                            .median()),
                    Stats.ms(interval(runs.function(), r -> r.responseMs() - r.invokeMs())
                            .median()));
        }
        return table;
    }

    /**
     * Each function's first request in a fresh JVM after its priming (what its SnapStart hook runs before the
     * snapshot), against the first request right after construction (the unprimed runs of table 2): the restore
     * proxy, since no snapshot is taken here.
     */
    private Table primingTable(List<Target> targets, Map<String, Runs> results) {
        Table table = new Table(
                PRIMING_TITLE,
                "Function (sample event)",
                "Runs",
                "First request ms, no priming, median [95 % CI]",
                "First request ms, after priming, median [95 % CI]",
                "No priming ÷ primed",
                "Priming ms");
        table.note("The same fresh JVMs, sample events and own JAVA_TOOL_OPTIONS as table 2. \"After priming\": one "
                + "more start on every odd run, in which the handler's prime() (its SnapStart beforeCheckpoint work: requests "
                + "through its real routes with an in-process priming token, on keys that match nothing) runs after "
                + "construction, then the first real request (handleRequest start to response complete) is timed; "
                + "\"no priming\": the first request of table 2's function runs. In Lambda the priming runs before "
                + "the snapshot, so a restored instance answers its first request as \"after priming\" does, plus "
                + "the restore itself, which is not measured here. DailyAggregationFunction has no priming hook.");
        for (Target target : targets) {
            Runs runs = results.get(target.label());
            if (runs == null) {
                table.row(target.label(), NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT);
                continue;
            }
            Stats.MedianInterval unprimed = interval(runs.function(), r -> r.responseMs() - r.invokeMs());
            Stats.MedianInterval primed = interval(runs.primed(), r -> r.responseMs() - r.invokeMs());
            table.row(
                    target.label(),
                    Integer.toString(runs.primed().size()),
                    unprimed.cell(Stats::ms),
                    primed.cell(Stats::ms),
                    Stats.ratio(unprimed.median() / primed.median()),
                    Stats.ms(interval(runs.primed(), r -> r.primedMs() - r.initMs())
                            .median()));
        }
        return table;
    }

    /** "met" only when the whole interval is within the goal; the interval needs enough runs to say anything. */
    static String verdict(Stats.MedianInterval ratio, double goal) {
        if (!ratio.exact()) {
            return "no verdict: " + ratio.samples() + " run(s)";
        }
        if (ratio.high() <= goal) {
            return "met";
        }
        return ratio.median() <= goal ? "not shown (median within, upper bound above)" : "not met";
    }

    private static Stats.MedianInterval interval(
            List<ChildJvm.Result> runs, java.util.function.ToDoubleFunction<ChildJvm.Result> figure) {
        return Stats.medianInterval(runs.stream().mapToDouble(figure).toArray(), CONFIDENCE);
    }

    // ------------------------------------------------------------------------------------------- the targets

    private List<Target> targets(Caller worker) {
        Caller subject = callers.employee(false);
        List<Target> targets = new ArrayList<>();
        targets.add(target(
                "AuthFunction",
                "auth-admin-users-list.json",
                200,
                () -> withToken("auth-admin-users-list.json", callers.admin().token(), null)));
        targets.add(target(
                "EmployeesFunction",
                "employees-get.json",
                200,
                () -> withToken("employees-get.json", callers.admin().token(), subject.employeeId())));
        targets.add(target("PunchFunction", "punch-out.json", 201, () -> {
            // The sample punches out, so each run first finds its employee at work.
            Callers.expect(
                    201,
                    stack.send(new Call(
                            "POST",
                            "/api/timetracking/punch/",
                            BenchStack.json(Map.of("action", "punch_in")),
                            callers.fresh(worker).token())),
                    "punch in");
            // A new Idempotency-Key each run: the sample's own would make every run after the first a replay (200).
            ObjectNode event = (ObjectNode) BenchStack.readTree(
                    withToken("punch-out.json", callers.fresh(worker).token(), worker.employeeId()));
            ((ObjectNode) event.get("headers")).put("idempotency-key", "bench-" + Callers.unique());
            return dev.timetracker.adapters.json.Json.write(event).getBytes(StandardCharsets.UTF_8);
        }));
        targets.add(target(
                "StatusFunction",
                "status.json",
                200,
                () -> withToken("status.json", callers.fresh(worker).token(), worker.employeeId())));
        targets.add(target(
                "ReportsFunction",
                "reports-overview.json",
                200,
                () -> withToken("reports-overview.json", callers.admin().token(), null)));
        // A backfill run id of its own each time, so that every run does the whole job instead of finding it done.
        targets.add(target("DailyAggregationFunction", "aggregation-backfill.json", 200, () -> {
            ObjectNode event = (ObjectNode) BenchStack.readTree(sample("aggregation-backfill.json"));
            event.put("run", "bench-" + Callers.unique());
            return dev.timetracker.adapters.json.Json.write(event).getBytes(StandardCharsets.UTF_8);
        }));
        return targets;
    }

    /** The baseline reads the time table as the status function does, with that function's environment. */
    private Target baseline() {
        return new Target(
                BASELINE,
                "StatusFunction",
                stack.root().resolve("bench/target/baseline.jar"),
                BaselineHandler.class.getName(),
                () -> sample("status.json"),
                200);
    }

    private Target target(String function, String sampleEvent, int expectedStatus, Supplier<byte[]> event) {
        FunctionResource resource = stack.function(function);
        return new Target(
                function + " (" + sampleEvent + ")",
                function,
                stack.root().resolve(resource.codeUri()),
                resource.handlerClass(),
                event,
                expectedStatus);
    }

    private byte[] sample(String name) {
        return stack.sampleEvent(name).getBytes(StandardCharsets.UTF_8);
    }

    /** The sample with a real bearer token and, where it names the sample employee, a real employee id. */
    private byte[] withToken(String name, String token, String employeeId) {
        String text = stack.sampleEvent(name);
        if (employeeId != null) {
            text = text.replace(SAMPLE_EMPLOYEE_ID, employeeId);
        }
        ObjectNode event = (ObjectNode) BenchStack.readTree(text.getBytes(StandardCharsets.UTF_8));
        ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + token);
        return dev.timetracker.adapters.json.Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private Path eventFile(Target target) {
        try {
            Files.createDirectories(events);
            Path file = events.resolve(target.label().replaceAll("[^A-Za-z0-9.-]+", "_") + ".json");
            Files.write(file, target.event().get());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The baseline reads a copy of a real punch clock, so it unmarshals what a status read unmarshals. */
    private void seedBaselineItem(String employeeId) {
        var db = stack.aws().dynamoDb();
        String table = stack.deployment("StatusFunction").tables().time();
        Map<String, AttributeValue> clock = new HashMap<>(db.getItem(get ->
                        get.tableName(table).key(ClockItems.key(employeeId)).consistentRead(true))
                .item());
        clock.put("pk", AttributeValue.fromS(BaselineHandler.KEY));
        clock.put("sk", AttributeValue.fromS(BaselineHandler.KEY));
        db.putItem(put -> put.tableName(table).item(clock));
    }
}
