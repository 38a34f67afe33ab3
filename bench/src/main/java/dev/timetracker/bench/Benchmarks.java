package dev.timetracker.bench;

import dev.timetracker.local.template.SamTemplate;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every benchmark against one emulated deployment, prints the results and writes them as Markdown to
 * {@code bench/results/}:
 * <pre>mvn -q -DskipTests -DskipLocalStack -pl bench -am package exec:java [-Dexec.args="--quick"]</pre>
 * See {@link BenchOptions#parse} for the options and bench/README.md for what each figure means.
 */
public final class Benchmarks {
    private Benchmarks() {}

    public static void main(String[] args) {
        Path root = SamTemplate.locate().getParent();
        BenchOptions options =
                BenchOptions.parse(List.of(args), root.resolve("bench").resolve("results"));
        Report report = run(options);
        System.out.println();
        System.out.println(report.markdown());
        report.write(options.resultsDir(), options.mode()).forEach(file -> System.out.println("Written: " + file));
        // The emulators' and the SDK's threads would keep exec:java's JVM waiting.
        System.exit(0);
    }

    /** Runs everything the options say and returns the results (also what the smoke test checks). */
    public static Report run(BenchOptions options) {
        Instant started = Instant.now();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        Report report = new Report(started);
        Map<String, Long> seconds = new LinkedHashMap<>();
        System.out.println("Time Tracker benchmarks, " + options.mode() + " run");
        try (BenchStack stack = BenchStack.start()) {
            Path functionLog = stack.workDir("logs").resolve("functions.jsonl");
            System.out.println("  (the functions' own log lines go to " + functionLog + ")");
            FunctionLogs logs = FunctionLogs.divertTo(functionLog);
            try {
                Callers callers = new Callers(stack);
                callers.admin();
                if (options.runs("routes")) {
                    section(report, seconds, "routes", () -> new RouteBenchmark(stack, callers, options).run());
                }
                if (options.runs("cold")) {
                    section(
                            report,
                            seconds,
                            "cold starts",
                            () -> new ColdStartBenchmark(stack, callers, options).run());
                }
                if (options.runs("aggregation")) {
                    section(report, seconds, "aggregation", () -> new AggregationBenchmark(stack, options).run());
                }
                if (options.runs("export")) {
                    section(report, seconds, "export", () -> new ExportBenchmark(stack, options).run());
                }
                if (options.runs("scale")) {
                    section(report, seconds, "scale guard", () -> new ScaleBenchmark(stack, callers, options).run());
                }
                if (options.runs("http")) {
                    section(report, seconds, "HTTP load", () -> new HttpLoadBenchmark(stack, callers, options).run());
                }
            } finally {
                logs.close();
            }
        }
        Duration took = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        List<String> parts = new ArrayList<>();
        seconds.forEach((name, value) -> parts.add(name + " " + value + " s"));
        report.fact("Run: " + started.truncatedTo(ChronoUnit.SECONDS) + ", " + options.mode() + " mode, took "
                + took.toMinutes() + " min " + took.toSecondsPart() + " s (" + String.join(", ", parts) + ")");
        report.fact(String.format(
                Locale.ROOT,
                "Machine: %d cores, %s %s; JVM %s %s, max heap %d MiB (the benchmark's "
                        + "JVM, which also hosts the emulators)",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        report.fact(String.format(
                Locale.ROOT,
                "Options: %s; cold-start pairs per function %d, timed requests per "
                        + "route %d, own-time requests per row %d, scale guard %,d employees. System load average "
                        + "(1 min) %.1f at the start, %.1f at the end, on %d cores: anything above the core count means "
                        + "other work shared the machine, and absolute times grow with it",
                new java.util.TreeSet<>(options.sections()),
                options.coldStartRuns(),
                options.routeInvocations(),
                options.ownTimeSamples(),
                options.scaleEmployees(),
                loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().availableProcessors()));
        report.fact("Command: `mvn -q -DskipTests -DskipLocalStack -pl bench -am package exec:java"
                + (options.quick() ? " -Dexec.args=\"--quick\"" : "") + "`; all traffic on loopback; DynamoDB is the "
                + "project's in-JVM emulator and S3 is S3Proxy, so absolute times are local, ratios are the point");
        return report;
    }

    /** A benchmark; may be interrupted (the HTTP load waits for its clients). */
    @FunctionalInterface
    private interface Benchmark {
        List<Table> run() throws InterruptedException;
    }

    private static void section(Report report, Map<String, Long> seconds, String name, Benchmark benchmark) {
        long started = System.nanoTime();
        System.out.println("== " + name);
        try {
            benchmark.run().forEach(report::add);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
        long took = Math.round((System.nanoTime() - started) / 1e9);
        seconds.put(name, took);
        System.out.printf(Locale.ROOT, "   (%s: %d s)%n", name, took);
    }
}
