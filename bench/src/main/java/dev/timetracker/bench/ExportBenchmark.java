package dev.timetracker.bench;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.FinalSessions;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.adapters.s3.MultipartUploadStream;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.adapters.s3.SessionCsvUpload;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.local.template.FunctionResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark 5: a CSV export of 100,000 rows (1,000 employees × 100 days of final sessions, seeded straight into a
 * fresh time table) through {@link RangeExport#write}, beside a raw multipart upload of the very bytes it produced
 * (downloaded, then sent from memory through {@link MultipartUploadStream}), so the ratio is what reading the
 * sessions and writing the CSV costs on top of moving the bytes. The export also runs as production runs one this
 * large: the export worker ({@code {"job": "exports"}}) of the daily-aggregation function, in a JVM of its own.
 */
final class ExportBenchmark {
    static final String TITLE = "5. CSV export beside a paged read of the same items and an upload of the same bytes";
    private static final String CSV = "text/csv; charset=utf-8";

    /** @param key the object written, where it is one the benchmark reads back */
    private record Run(String what, long rows, long bytes, double seconds, HeapProbe.Heap heap, String key) {
        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

    /** Issue 11: the export at least 0.8× as fast as reading the same items and uploading the same bytes. */
    private static final double THROUGHPUT_GOAL = 0.8;
    /** Issue 11: the export worker's heap above idle. */
    private static final long HEAP_GOAL_BYTES = 64L * 1024 * 1024;

    private final BenchStack stack;
    private final BenchOptions options;
    private final Seeder seeder;
    /** Well before the punch clocks' days, so the export reads final sessions only (as a 100-day export mostly does). */
    private final LocalDate lastDay = LocalDate.now(ZoneOffset.UTC).minusDays(10);

    ExportBenchmark(BenchStack stack, BenchOptions options) {
        this.stack = stack;
        this.options = options;
        this.seeder = new Seeder(stack);
    }

    List<Table> run() {
        long started = System.nanoTime();
        Seeder.Tables tables = seeder.freshTables();
        seeder.standardHours(tables);
        List<Employee> employees = seeder.employees(tables, options.exportEmployees(), clock -> {});
        DateRange range = new DateRange(lastDay.minusDays(options.exportDays() - 1L), lastDay);
        seeder.finalSessions(
                tables,
                employees,
                range.from().datesUntil(range.to().plusDays(1)).toList());
        long rows = (long) options.exportEmployees() * options.exportDays();
        System.out.printf(Locale.ROOT, "  seeded %,d sessions in %.1f s%n", rows, (System.nanoTime() - started) / 1e9);

        Deployment deployment = stack.deployment("ReportsFunction");
        String bucket = deployment.tables().exportBucket();
        DynamoDbClient db = stack.aws().dynamoDb();
        CallCounter calls = new CallCounter();
        try (S3Client s3 = S3Clients.s3(deployment.environment());
                DynamoDbClient counted = CallCounter.countingClient(calls, deployment.environment())) {
            DynamoEmployeeStore store = new DynamoEmployeeStore(
                    counted,
                    tables.employees(),
                    new SessionStore(counted, deployment.tables().auth()),
                    tables.audit(),
                    tables.time(),
                    deployment.cursors());
            RangeExport export = new RangeExport(
                    counted,
                    tables.time(),
                    store,
                    new CachedBusinessHours(
                            new DynamoBusinessHoursStore(
                                    counted, tables.employees(), tables.audit(), deployment.cursors()),
                            Clock.systemUTC()),
                    s3,
                    bucket,
                    Clock.systemUTC());

            // Alternated, so that whatever the machine does meanwhile falls on both sides alike.
            List<Run> exports = new ArrayList<>();
            List<Run> baselines = new ArrayList<>();
            byte[] csv = null;
            for (int round = 0; round < options.exportRounds(); round++) {
                boolean exportFirst = round % 2 == 0;
                if (!exportFirst && csv != null) {
                    baselines.add(baseline(db, tables, range, bucket, s3, csv));
                }
                Run exported = export(export, range, rows);
                exports.add(exported);
                if (csv == null) {
                    csv = s3.getObjectAsBytes(get -> get.bucket(bucket).key(exported.key()))
                            .asByteArray();
                }
                if (exportFirst) {
                    baselines.add(baseline(db, tables, range, bucket, s3, csv));
                }
            }
            calls.reset();
            export(export, range, rows);
            String exportCalls = calls.summary();
            Run worker = exportWorker(tables, range, db);
            return List.of(table(exports, baselines, worker, exportCalls));
        }
    }

    private Run export(RangeExport export, DateRange range, long rows) {
        System.out.print("  RangeExport.write: ");
        ExportJob job = job(range);
        HeapProbe probe = HeapProbe.start();
        long started = System.nanoTime();
        SessionCsvUpload.Result written;
        try {
            written = export.write(job);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run run = new Run(
                "RangeExport.write (in process)",
                written.rows(),
                written.bytes(),
                (System.nanoTime() - started) / 1e9,
                probe.stop(),
                written.key());
        if (written.rows() != rows) {
            throw new IllegalStateException("The export wrote " + written.rows() + " rows, not " + rows);
        }
        System.out.printf(Locale.ROOT, "%.1f s%n", run.seconds());
        return run;
    }

    /**
     * The baseline issue 11 names: a plain paged read of the same items (the sessions-by-date index, date by date,
     * pages as large as the export's, the same attributes projected) and then a plain multipart upload of the bytes
     * the export produced, in pieces of the size a CSV writer hands on.
     */
    private Run baseline(
            DynamoDbClient db, Seeder.Tables tables, DateRange range, String bucket, S3Client s3, byte[] csv) {
        System.out.print("  baseline (paged read + multipart upload): ");
        HeapProbe probe = HeapProbe.start();
        long started = System.nanoTime();
        long items = 0;
        for (LocalDate date = range.from(); !date.isAfter(range.to()); date = date.plusDays(1)) {
            for (List<Map<String, AttributeValue>> page : new FinalSessions(db, tables.time(), date).itemPages()) {
                items += page.size();
            }
        }
        long uploaded;
        try {
            uploaded = MultipartUploadStream.open(s3, bucket, "exports/adhoc/raw-" + UUID.randomUUID() + ".csv", CSV)
                    .upload(out -> {
                        for (int at = 0; at < csv.length; at += 8192) {
                            out.write(csv, at, Math.min(8192, csv.length - at));
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run run = new Run(
                "Baseline: paged read of the same items + multipart upload of the same bytes (in process)",
                items,
                uploaded,
                (System.nanoTime() - started) / 1e9,
                probe.stop(),
                null);
        System.out.printf(Locale.ROOT, "%.1f s%n", run.seconds());
        return run;
    }

    /** The same export as production writes one this large: pending job, then the worker, in the function's own JVM. */
    private Run exportWorker(Seeder.Tables tables, DateRange range, DynamoDbClient db) {
        ExportJob job = job(range);
        new ExportJobs(db, tables.exports()).save(job, Instant.now().minusSeconds(1));
        FunctionResource function = stack.function("DailyAggregationFunction");
        Path event = stack.workFile("export", "export-jobs-event.json", stack.sampleEvent("schedule-export-jobs.json"));
        System.out.print("  export worker, separate JVM: ");
        ChildJvm.Result result = new ChildJvm(stack.workDir("export"))
                .run(
                        stack.root().resolve(function.codeUri()),
                        function.handlerClass(),
                        event,
                        stack.settings("DailyAggregationFunction", tables.environment()),
                        function.environment().get("JAVA_TOOL_OPTIONS") + " "
                                + AggregationBenchmark.lambdaSizedHeap(function),
                        ChildJvm.HEAP);
        if (!result.result().path("ready").toString().contains(job.id())) {
            throw new IllegalStateException("The export worker did not write " + job.id() + ": " + result.result());
        }
        ExportJob done = new ExportJobs(db, tables.exports())
                .find(job.id(), java.time.Instant.now())
                .orElseThrow();
        String bucket = stack.deployment("ReportsFunction").tables().exportBucket();
        long bytes;
        try (S3Client s3 = stack.aws().s3()) {
            bytes = s3.headObject(head -> head.bucket(bucket).key(done.objectKey()))
                    .contentLength();
        }
        double seconds = (result.responseMs() - result.invokeMs()) / 1000;
        System.out.printf(Locale.ROOT, "%.1f s%n", seconds);
        return new Run(
                "Export worker, separate JVM (daily-aggregation.jar, "
                        + Json.write(BenchStack.readTree(
                                stack.sampleEvent("schedule-export-jobs.json").getBytes(StandardCharsets.UTF_8)))
                        + ")",
                done.rows(),
                bytes,
                seconds,
                new HeapProbe.Heap(result.heapBefore(), result.heapPeak(), result.heapLive()),
                done.objectKey());
    }

    private static ExportJob job(DateRange range) {
        return new ExportJob(
                UUID.randomUUID().toString(),
                ExportJob.Status.PENDING,
                range,
                List.of(),
                "bench-admin",
                Instant.now(),
                null,
                0,
                null,
                0);
    }

    private Table table(List<Run> exports, List<Run> baselines, Run worker, String exportCalls) {
        Table table = new Table(
                TITLE,
                "What",
                "Runs",
                "Rows",
                "MB",
                "Seconds, median",
                "MB/s",
                "Rows/s",
                "Peak heap MiB (above before)",
                "Live after GC, above before MiB",
                "Throughput ÷ baseline");
        table.note(String.format(
                Locale.ROOT,
                "%,d employees × %d days (%s to %s) of final sessions written straight "
                        + "into a fresh time table (TimeItems.sessionItem), every employee's profile in a fresh employees "
                        + "table; the export names no employees (everyone) and reads final sessions only. MB = 10^6 "
                        + "bytes. The export and the baseline alternate (runs of each: %d), one starting first in turn; the "
                        + "ratio is the median of the per-round ratios. Heap as in benchmark 4: in process it is this "
                        + "whole JVM's (the S3 emulator keeps each uploaded object in it, the DynamoDB emulator builds "
                        + "every page it answers); in the export worker's own JVM (its template JAVA_TOOL_OPTIONS and a "
                        + "Lambda-sized -Xmx) it is the function's alone.",
                options.exportEmployees(),
                options.exportDays(),
                lastDay.minusDays(options.exportDays() - 1L),
                lastDay,
                exports.size()));
        table.note("DynamoDB calls of one RangeExport.write: " + exportCalls + ".");
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(exports.size(), baselines.size()); i++) {
            ratios.add(baselines.get(i).seconds() / exports.get(i).seconds());
        }
        double ratio =
                Stats.median(ratios.stream().mapToDouble(Double::doubleValue).toArray());
        Run export = medianRun(exports);
        Run baseline = medianRun(baselines);
        row(table, export, exports.size(), Stats.ratio(ratio));
        row(table, baseline, baselines.size(), Stats.ratio(1));
        // Beside the in-process baseline for scale only: a JVM of its own compiles everything afresh.
        row(table, worker, 1, Stats.ratio(worker.megabytesPerSecond() / baseline.megabytesPerSecond()));
        table.note(String.format(
                Locale.ROOT,
                "Goals (issue 11) for %,d rows: throughput ≥ %.1f× the baseline's: %.2f×, %s; the export worker's "
                        + "heap above idle < %d MiB, judged on the live heap after GC (the peak counts garbage the "
                        + "collector had not needed to reclaim yet): %s MiB, %s.",
                export.rows(),
                THROUGHPUT_GOAL,
                ratio,
                Stats.verdict(ratio >= THROUGHPUT_GOAL),
                HEAP_GOAL_BYTES / (1024 * 1024),
                Stats.mib(worker.heap().liveAbove()),
                Stats.verdict(worker.heap().liveAbove() < HEAP_GOAL_BYTES)));
        return table;
    }

    private static Run medianRun(List<Run> runs) {
        List<Run> sorted = new ArrayList<>(runs);
        sorted.sort(java.util.Comparator.comparingDouble(Run::seconds));
        return sorted.get(sorted.size() / 2);
    }

    private static void row(Table table, Run run, int runs, String ratio) {
        table.row(
                run.what(),
                String.valueOf(runs),
                Stats.count(run.rows()),
                String.format(Locale.ROOT, "%.1f", run.bytes() / 1e6),
                String.format(Locale.ROOT, "%.2f", run.seconds()),
                String.format(Locale.ROOT, "%.1f", run.megabytesPerSecond()),
                Stats.number(run.rows() / run.seconds()),
                run.heap().peakCell(),
                Stats.mib(run.heap().liveAbove()),
                ratio);
    }
}
