package dev.timetracker.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.bench.BenchStack.Call;
import dev.timetracker.bench.Callers.Caller;
import dev.timetracker.bench.baseline.BaselineHandler;
import dev.timetracker.local.template.FunctionResource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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

/**
 * Benchmark 2: the cold start of every function, in a fresh JVM each time (see {@link ChildJvm}): the function's
 * handler from template.yaml, constructed and invoked once with its sample event from events/ (a real token from
 * a login, ids of things that exist, so the answer is a 2xx), and the JVM uptime at which the response was
 * complete. Beside it the baseline, {@link BaselineHandler}: one GetItem with the same SDK set-up, in a jar of
 * shared's dependencies only. Runs go round-robin over the functions, so that a slow moment of the machine is
 * shared by all rather than charged to one.
 */
final class ColdStartBenchmark {
    static final String TITLE = "2. Cold start per function: fresh JVM to first response";
    static final String BASELINE = "Baseline: one GetItem (bench/target/baseline.jar)";
    static final String NOT_BUILT = "(jar not built)";
    static final String PRIMING_TITLE = "2b. First request after SnapStart priming, against none";
    /** The sample events' employee id, replaced by a real one. */
    private static final String SAMPLE_EMPLOYEE_ID = "3f2b8c1e-7d4a-4e59-9a61-0c5d2e8f4b17";

    /** One thing to start: a jar, its handler, and a fresh event for each run (made just before it). */
    private record Target(String label, String function, Path jar, String handlerClass, Supplier<byte[]> event,
                          int expectedStatus) {
    }

    private record FlagSet(String name, String javaToolOptions) {
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
        // Lambda runs every function with the template's JAVA_TOOL_OPTIONS (C1 only); the JVM's defaults beside it.
        String lambdaOptions = String.valueOf(stack.function("AuthFunction").environment().get("JAVA_TOOL_OPTIONS"));
        List<FlagSet> flagSets = List.of(new FlagSet("default", null), new FlagSet("lambda", lambdaOptions));

        Map<String, Map<String, List<ChildJvm.Result>>> results = new LinkedHashMap<>();
        for (int run = 1; run <= options.coldStartRuns(); run++) {
            System.out.printf("  run %d/%d:", run, options.coldStartRuns());
            for (Target target : targets) {
                if (!Files.isRegularFile(target.jar())) {
                    continue;
                }
                for (FlagSet flags : flagSets) {
                    ChildJvm.Result result = jvm.run(target.jar(), target.handlerClass(), eventFile(target),
                            stack.settings(target.function(), Map.of()), flags.javaToolOptions(), false);
                    if (result.status() != target.expectedStatus()) {
                        throw new IllegalStateException(target.label() + ": expected " + target.expectedStatus()
                                + ", got " + result.result());
                    }
                    results.computeIfAbsent(target.label(), label -> new HashMap<>())
                            .computeIfAbsent(flags.name(), name -> new ArrayList<>()).add(result);
                }
                System.out.print(" .");
            }
            System.out.println();
        }
        return List.of(table(targets, results, lambdaOptions), primingTable(targets));
    }

    /**
     * Each function's first request in a fresh JVM, with and without its priming (what its SnapStart hook runs
     * before the snapshot) between construction and that request; both under the function's own template
     * JAVA_TOOL_OPTIONS, runs alternating, round-robin over the functions.
     */
    private Table primingTable(List<Target> targets) {
        Map<String, Map<String, List<ChildJvm.Result>>> results = new LinkedHashMap<>();
        for (int run = 1; run <= options.coldStartRuns(); run++) {
            System.out.printf("  priming run %d/%d:", run, options.coldStartRuns());
            for (Target target : targets) {
                if (target.label().equals(BASELINE) || !Files.isRegularFile(target.jar())) {
                    continue;
                }
                String flags = String.valueOf(stack.function(target.function()).environment().get("JAVA_TOOL_OPTIONS"));
                for (String mode : new String[] {"unprimed", "prime"}) {
                    ChildJvm.Result result = jvm.run(target.jar(), target.handlerClass(), eventFile(target),
                            stack.settings(target.function(), Map.of()), flags, mode.equals("prime") ? "prime" : null);
                    if (result.status() != target.expectedStatus()) {
                        throw new IllegalStateException(target.label() + " (" + mode + "): expected "
                                + target.expectedStatus() + ", got " + result.result());
                    }
                    results.computeIfAbsent(target.label(), label -> new HashMap<>())
                            .computeIfAbsent(mode, name -> new ArrayList<>()).add(result);
                }
                System.out.print(" .");
            }
            System.out.println();
        }
        Table table = new Table(PRIMING_TITLE, "Function (sample event)", "Runs", "First request ms, no priming",
                "First request ms, after priming", "No priming ÷ primed", "Priming ms");
        table.note("A fresh JVM per run, as in table 2, with the function's own JAVA_TOOL_OPTIONS from template.yaml "
                + "in both columns. \"After priming\": the handler's prime() (its SnapStart beforeCheckpoint work: "
                + "requests through its real routes with an in-process priming token, on keys that match nothing) runs "
                + "after construction, then the first real request is timed; \"no priming\": the same request right "
                + "after construction. First request = handleRequest start to response complete (median of "
                + options.coldStartRuns() + "). In Lambda the priming runs before the snapshot, so a restored instance "
                + "starts where \"after priming\" does; no snapshot is taken here.");
        for (Target target : targets) {
            if (target.label().equals(BASELINE)) {
                continue;
            }
            if (!results.containsKey(target.label())) {
                table.row(target.label(), NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT);
                continue;
            }
            double unprimed = median(results, target.label(), "unprimed", r -> r.responseMs() - r.invokeMs());
            double primed = median(results, target.label(), "prime", r -> r.responseMs() - r.invokeMs());
            table.row(target.label(), Integer.toString(results.get(target.label()).get("prime").size()),
                    Stats.ms(unprimed), Stats.ms(primed), Stats.ratio(unprimed / primed),
                    Stats.ms(median(results, target.label(), "prime", r -> r.primedMs() - r.initMs())));
        }
        return table;
    }

    private Table table(List<Target> targets, Map<String, Map<String, List<ChildJvm.Result>>> results, String lambdaOptions) {
        Table table = new Table(TITLE, "Function (sample event)", "Runs", "Median ms", "× baseline",
                "Median ms, Lambda flags", "× baseline, Lambda flags", "JVM start → main ms", "Init ms",
                "First invoke ms", "Process wall ms");
        table.note("Time = JVM uptime (RuntimeMXBean, from the JVM's start) when the first response was complete, "
                + "measured inside the child JVM; median of " + options.coldStartRuns() + " fresh JVMs per function and "
                + "flag set. Class path: the function's shaded jar and a one-class runner directory only; settings "
                + "as its own environment variables (LocalAws.environmentOf). \"Median ms\": no JVM flags at all. \"Lambda flags\": "
                + "JAVA_TOOL_OPTIONS=\"" + lambdaOptions + "\" as template.yaml sets it. The split (default flags): "
                + "JVM start to main, handler construction (init), the first handleRequest. \"Process wall\": what the "
                + "parent saw from starting the process to reading the result (adds process creation and the JVM's "
                + "own start before its uptime clock runs).");
        table.note("The baseline is a handler doing one GetItem through DynamoClients.shared(), shaded with shared's "
                + "runtime dependencies only. AuthFunction is measured on admin-users (a token check and a Query) and, "
                + "separately, on login, whose 600,000 PBKDF2 iterations are deliberate.");
        double baselineDefault = median(results, BASELINE, "default", ChildJvm.Result::responseMs);
        double baselineLambda = median(results, BASELINE, "lambda", ChildJvm.Result::responseMs);
        for (Target target : targets) {
            if (!results.containsKey(target.label())) {
                table.row(target.label(), NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT, NOT_BUILT,
                        NOT_BUILT, NOT_BUILT);
                continue;
            }
            double plain = median(results, target.label(), "default", ChildJvm.Result::responseMs);
            double lambda = median(results, target.label(), "lambda", ChildJvm.Result::responseMs);
            table.row(target.label(), Integer.toString(results.get(target.label()).get("default").size()),
                    Stats.ms(plain), Stats.ratio(plain / baselineDefault), Stats.ms(lambda),
                    Stats.ratio(lambda / baselineLambda),
                    Stats.ms(median(results, target.label(), "default", ChildJvm.Result::mainMs)),
                    Stats.ms(median(results, target.label(), "default", r -> r.initMs() - r.mainMs())),
                    Stats.ms(median(results, target.label(), "default", r -> r.responseMs() - r.invokeMs())),
                    Stats.ms(median(results, target.label(), "default", ChildJvm.Result::parentWallMs)));
        }
        return table;
    }

    private static double median(Map<String, Map<String, List<ChildJvm.Result>>> results, String label, String flags,
                                 java.util.function.ToDoubleFunction<ChildJvm.Result> figure) {
        Map<String, List<ChildJvm.Result>> byFlags = results.get(label);
        if (byFlags == null || !byFlags.containsKey(flags)) {
            return Double.NaN;
        }
        return Stats.median(byFlags.get(flags).stream().mapToDouble(figure).toArray());
    }

    // ------------------------------------------------------------------------------------------- the targets

    private List<Target> targets(Caller worker) {
        Caller subject = callers.employee(false);
        List<Target> targets = new ArrayList<>();
        targets.add(target("AuthFunction", "auth-admin-users-list.json", 200, () -> withToken("auth-admin-users-list.json",
                callers.admin().token(), null)));
        targets.add(target("AuthFunction", "auth-login.json", 200, () -> sample("auth-login.json")));
        targets.add(target("EmployeesFunction", "employees-get.json", 200, () -> withToken("employees-get.json",
                callers.admin().token(), subject.employeeId())));
        targets.add(target("PunchFunction", "punch-out.json", 201, () -> {
            // The sample punches out, so each run first finds its employee at work.
            Callers.expect(201, stack.send(new Call("POST", "/api/timetracking/punch/",
                    BenchStack.json(Map.of("action", "punch_in")), callers.fresh(worker).token())), "punch in");
            // A new Idempotency-Key each run: the sample's own would make every run after the first a replay (200).
            ObjectNode event = (ObjectNode) BenchStack.readTree(withToken("punch-out.json", callers.fresh(worker).token(),
                    worker.employeeId()));
            ((ObjectNode) event.get("headers")).put("idempotency-key", "bench-" + Callers.unique());
            return dev.timetracker.adapters.json.Json.write(event).getBytes(StandardCharsets.UTF_8);
        }));
        targets.add(target("StatusFunction", "status.json", 200, () -> withToken("status.json",
                callers.fresh(worker).token(), worker.employeeId())));
        targets.add(target("ReportsFunction", "reports-overview.json", 200, () -> withToken("reports-overview.json",
                callers.admin().token(), null)));
        // A backfill run id of its own each time, so that every run does the whole job instead of finding it done.
        targets.add(target("DailyAggregationFunction", "aggregation-backfill.json", 200, () -> {
            ObjectNode event = (ObjectNode) BenchStack.readTree(sample("aggregation-backfill.json"));
            event.put("run", "bench-" + Callers.unique());
            return dev.timetracker.adapters.json.Json.write(event).getBytes(StandardCharsets.UTF_8);
        }));
        // The baseline reads the time table as the status function does, with that function's environment.
        targets.add(new Target(BASELINE, "StatusFunction", stack.root().resolve("bench/target/baseline.jar"),
                BaselineHandler.class.getName(), () -> sample("status.json"), 200));
        return targets;
    }

    private Target target(String function, String sampleEvent, int expectedStatus, Supplier<byte[]> event) {
        FunctionResource resource = stack.function(function);
        return new Target(function + " (" + sampleEvent + ")", function, stack.root().resolve(resource.codeUri()),
                resource.handlerClass(), event, expectedStatus);
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
        Map<String, AttributeValue> clock = new HashMap<>(db.getItem(get -> get.tableName(table)
                .key(ClockItems.key(employeeId)).consistentRead(true)).item());
        clock.put("pk", AttributeValue.fromS(BaselineHandler.KEY));
        clock.put("sk", AttributeValue.fromS(BaselineHandler.KEY));
        db.putItem(put -> put.tableName(table).item(clock));
    }
}
