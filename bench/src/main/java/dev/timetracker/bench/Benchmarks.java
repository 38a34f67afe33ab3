package dev.timetracker.bench;

import dev.timetracker.local.template.SamTemplate;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Runs every benchmark against one emulated deployment, prints the results and writes them as Markdown to
 * {@code bench/results/}:
 * <pre>mvn -q -DskipTests -pl bench -am package exec:java [-Dexec.args="--quick"]</pre>
 * See {@link BenchOptions#parse} for the options and bench/README-performance.md for what each figure means.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) {
        Path root = SamTemplate.locate().getParent();
        BenchOptions options = BenchOptions.parse(List.of(args), root.resolve("bench").resolve("results"));
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
        Report report = new Report(started);
        System.out.println("Time Tracker benchmarks, " + options.mode() + " run");
        try (BenchStack stack = BenchStack.start();
             FunctionLogs logs = FunctionLogs.divertTo(stack.workDir("logs").resolve("functions.jsonl"))) {
            System.out.println("  (the functions' own log lines go to " + stack.workDir("logs").resolve("functions.jsonl")
                    + ")");
            Callers callers = new Callers(stack);
            callers.admin();
            if (options.runs("routes")) {
                section(report, "routes: round trips and warm latency",
                        () -> new RouteBenchmark(stack, callers, options).run());
            }
            if (options.runs("cold")) {
                section(report, "cold starts", () -> new ColdStartBenchmark(stack, callers, options).run());
            }
            if (options.runs("aggregation")) {
                section(report, "daily aggregation", () -> new AggregationBenchmark(stack, options).run());
            }
            if (options.runs("export")) {
                section(report, "CSV export", () -> new ExportBenchmark(stack, options).run());
            }
            if (options.runs("http")) {
                section(report, "HTTP load", () -> new HttpLoadBenchmark(stack, callers, options).run());
            }
        }
        Duration took = Duration.between(started, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
        report.fact("Run: " + started.truncatedTo(ChronoUnit.SECONDS) + ", " + options.mode() + " mode, took "
                + took.toMinutes() + " min " + took.toSecondsPart() + " s");
        report.fact(String.format(Locale.ROOT, "Machine: %d cores, %s %s; JVM %s %s, max heap %d MiB (the benchmark's "
                        + "JVM, which also hosts the emulators)", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        report.fact("Command: `mvn -q -DskipTests -pl bench -am package exec:java"
                + (options.quick() ? " -Dexec.args=\"--quick\"" : "") + "`; all traffic on loopback; DynamoDB is the "
                + "project's in-JVM emulator and S3 is S3Proxy, so absolute times are local, ratios are the point");
        report.fact("JVM uptime at the end: " + ManagementFactory.getRuntimeMXBean().getUptime() / 1000 + " s");
        return report;
    }

    /** A benchmark; may be interrupted (the HTTP load waits for its clients). */
    @FunctionalInterface
    private interface Benchmark {
        List<Table> run() throws InterruptedException;
    }

    private static void section(Report report, String name, Benchmark benchmark) {
        long started = System.nanoTime();
        System.out.println("== " + name);
        try {
            benchmark.run().forEach(report::add);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + " was interrupted", e);
        }
        System.out.printf(Locale.ROOT, "   (%s: %.0f s)%n", name, (System.nanoTime() - started) / 1e9);
    }
}
