package dev.timetracker.bench;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
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
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark 5: a CSV export of 100,000 rows (1,000 employees × 100 days of final sessions, seeded straight into a
 * fresh time table) through {@link RangeExport#write}, beside a raw multipart upload of the very bytes it produced
 * (downloaded, then sent from memory through {@link MultipartUploadStream}), so the ratio is what reading the
 * sessions and writing the CSV costs on top of moving the bytes. The export also runs as production runs one this
 * large: the export worker ({@code {"job": "exports"}}) of the daily-aggregation function, in a JVM of its own.
 */
final class ExportBenchmark {
    static final String TITLE = "5. CSV export beside a raw multipart upload of the same bytes";
    private static final String CSV = "text/csv; charset=utf-8";

    private record Run(String what, long rows, long bytes, double seconds, HeapProbe.Heap heap) {
        double megabytesPerSecond() {
            return bytes / 1e6 / seconds;
        }
    }

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

            System.out.print("  RangeExport.write: ");
            ExportJob job = job(range);
            HeapProbe probe = HeapProbe.start();
            long t0 = System.nanoTime();
            SessionCsvUpload.Result written;
            try {
                written = export.write(job);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Run exported = new Run(
                    "RangeExport.write (in process)",
                    written.rows(),
                    written.bytes(),
                    (System.nanoTime() - t0) / 1e9,
                    probe.stop());
            if (written.rows() != rows) {
                throw new IllegalStateException("The export wrote " + written.rows() + " rows, not " + rows);
            }
            System.out.printf(Locale.ROOT, "%.1f s%n", exported.seconds());

            byte[] csv = s3.getObjectAsBytes(get -> get.bucket(bucket).key(written.key()))
                    .asByteArray();
            System.out.print("  raw upload: ");
            probe = HeapProbe.start();
            t0 = System.nanoTime();
            long uploaded;
            try {
                uploaded = MultipartUploadStream.open(
                                s3, bucket, "exports/adhoc/raw-" + UUID.randomUUID() + ".csv", CSV)
                        .upload(out -> {
                            // In pieces of the size a CSV writer hands on, not one 25 MB write.
                            for (int at = 0; at < csv.length; at += 8192) {
                                out.write(csv, at, Math.min(8192, csv.length - at));
                            }
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Run raw = new Run(
                    "Raw multipart upload of the same bytes (in process)",
                    written.rows(),
                    uploaded,
                    (System.nanoTime() - t0) / 1e9,
                    probe.stop());
            System.out.printf(Locale.ROOT, "%.1f s%n", raw.seconds());

            Run worker = exportWorker(tables, range, db);
            return List.of(table(exported, raw, worker, calls.summary()));
        }
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
                        String.valueOf(function.environment().get("JAVA_TOOL_OPTIONS")),
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
                new HeapProbe.Heap(result.heapBefore(), result.heapPeak(), result.heapLive()));
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

    private Table table(Run exported, Run raw, Run worker, String exportCalls) {
        Table table = new Table(
                TITLE,
                "What",
                "Rows",
                "MB",
                "Seconds",
                "MB/s",
                "Rows/s",
                "Peak heap MiB (above before)",
                "Live after GC, above before MiB",
                "MB/s ÷ raw upload");
        table.note(String.format(
                Locale.ROOT,
                "%,d employees × %d days (%s to %s) of final sessions written straight "
                        + "into a fresh time table (TimeItems.sessionItem), every employee's profile in a fresh employees "
                        + "table; the export names no employees (everyone) and reads final sessions only. MB = 10^6 "
                        + "bytes. Heap as in benchmark 4: in process it is this whole JVM's (the S3 emulator keeps each "
                        + "uploaded object in it, the DynamoDB emulator builds every page it answers); in the export "
                        + "worker's own JVM (Lambda's JAVA_TOOL_OPTIONS) it is the function's alone.",
                options.exportEmployees(),
                options.exportDays(),
                lastDay.minusDays(options.exportDays() - 1L),
                lastDay));
        table.note("DynamoDB calls of RangeExport.write: " + exportCalls + ".");
        for (Run run : List.of(exported, raw, worker)) {
            table.row(
                    run.what(),
                    Stats.count(run.rows()),
                    String.format(Locale.ROOT, "%.1f", run.bytes() / 1e6),
                    String.format(Locale.ROOT, "%.2f", run.seconds()),
                    String.format(Locale.ROOT, "%.1f", run.megabytesPerSecond()),
                    Stats.number(run.rows() / run.seconds()),
                    run.heap().peakCell(),
                    Stats.mib(run.heap().liveAbove()),
                    Stats.ratio(run.megabytesPerSecond() / raw.megabytesPerSecond()));
        }
        return table;
    }
}
