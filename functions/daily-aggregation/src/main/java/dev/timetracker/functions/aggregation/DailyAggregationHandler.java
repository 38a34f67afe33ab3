package dev.timetracker.functions.aggregation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoClockClosing;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.dynamodb.DynamoRejudging;
import dev.timetracker.adapters.http.JvmFlags;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.SnapStartPriming;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The scheduled job (template.yaml): closes forgotten punch-outs, finalises every work date that has ended,
 * and writes {@code exports/daily/YYYY-MM-DD.csv} with the date's aggregates once the date is final
 * everywhere. Events:
 * <ul>
 *   <li>SQS (the fan-out's workers): pages of clocks a run of a large organisation sent to its queue;</li>
 *   <li>EventBridge "Scheduled Event": run id = the event's time; files for the last 7 dates not written yet;</li>
 *   <li>{@code {"date": "YYYY-MM-DD"}} (backfill, e.g. {@code events/aggregation-backfill.json}): closes the
 *       clocks and (re)writes that date's file;</li>
 *   <li>{@code {"job": "exports"}} (every minute): writes the CSV exports too large for a request.</li>
 * </ul>
 * Not an HTTP function, but shaped as every handler is (docs/handlers.md): the runtime's constructor, one seam
 * taking its {@link Config}, and the same SnapStart priming hook.
 */
public final class DailyAggregationHandler implements RequestStreamHandler {
    /** Threads that close clocks at once in one invocation. */
    public static final int WORKER_THREADS = AggregationJob.THREADS;
    /**
     * Idle connections kept per host: the SDK's URLConnection client reuses connections through HttpURLConnection's
     * keep-alive cache, which keeps {@code http.maxConnections} per destination, 5 by default
     * (https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/net/doc-files/net-properties.html). With
     * fewer than the worker threads, every call beyond them opens a new TLS connection. The JDK reads the property
     * at the first connection of the process, which comes after this class is loaded (Lambda loads the handler
     * class first; its constructor makes the first calls).
     */
    public static final int HTTP_CONNECTIONS = WORKER_THREADS + 4;

    static {
        if (Integer.getInteger("http.maxConnections", 0) < HTTP_CONNECTIONS) {
            System.setProperty("http.maxConnections", Integer.toString(HTTP_CONNECTIONS));
        }
    }

    /** Each scheduled run looks back this far for dates whose file is still missing. */
    static final int LOOKBACK_DAYS = 7;

    private final AggregationJob job;
    private final ExportWorker exports;
    /** Held because CRaC holds its resources weakly. */
    @SuppressWarnings("UnusedVariable") // never read on purpose: the field only keeps the CRaC resource reachable
    private final SnapStartPriming snapStartHook;

    /**
     * This function's configuration: its deployment (whose tables name the export bucket), the S3 client it writes
     * the files with, and how the nightly run goes ({@link NightlySettings}, from the deployment's environment).
     */
    public record Config(Deployment deployment, Supplier<S3Client> s3, NightlySettings settings) {
        public static Config of(Deployment deployment) {
            return new Config(
                    deployment,
                    () -> S3Clients.s3(deployment.environment()),
                    NightlySettings.from(deployment.environment()));
        }

        public Config withS3(S3Client client) {
            return new Config(deployment, () -> client, settings);
        }

        /** How many clocks the run closes between two checkpoints (tests use small pages). */
        public Config withClocksPerPage(int clocks) {
            return new Config(deployment, s3, settings.withClocksPerPage(clocks));
        }

        /** Runs of more than {@code above} clocks fan out, {@code clocksPerMessage} per queue message. */
        public Config withFanOut(long above, int clocksPerMessage) {
            return new Config(deployment, s3, settings.withFanOut(above, clocksPerMessage));
        }

        /** How long a checkpoint is kept after its run started. */
        public Config withCheckpointsKept(Duration kept) {
            return new Config(deployment, s3, settings.withCheckpointsKept(kept));
        }
    }

    /** What the Lambda runtime calls. */
    public DailyAggregationHandler() {
        this(Config.of(Deployment.fromEnvironment(Environment.process())));
    }

    /** This function's configuration: the process's in AWS, its own template block in the local stack and tests. */
    public DailyAggregationHandler(Config config) {
        Deployment deployment = config.deployment();
        NightlySettings settings = config.settings();
        String bucket = deployment.tables().requiredExportBucket();
        S3Client s3 = config.s3().get();
        ClockPageQueue queue = settings.queueUrl() == null
                ? null
                : new ClockPageQueue(ClockPageQueue.client(deployment.environment()), settings.queueUrl());
        var tables = deployment.tables();
        var db = deployment.db();
        var hours = new CachedBusinessHours(
                new DynamoBusinessHoursStore(db, tables.employees(), tables.audit(), deployment.cursors()),
                deployment.clock());
        var employees = new DynamoEmployeeStore(
                db, tables.employees(), deployment.sessions(), tables.audit(), tables.time(), deployment.cursors());
        this.job = new AggregationJob(
                db,
                tables.time(),
                new DynamoClockClosing(db, tables.time(), tables.audit()),
                hours,
                new S3DailyExport(db, tables.time(), employees, s3, bucket),
                deployment.clock(),
                settings,
                queue,
                rejudgeStep(deployment));
        this.exports = new ExportWorker(
                new ExportJobs(db, tables.exports()),
                new RangeExport(db, tables.time(), employees, hours, s3, bucket, deployment.clock()),
                deployment.clock());
        JvmFlags.logOnce();
        this.snapStartHook = SnapStartPriming.register(this::prime);
    }

    /** Re-judging reads the business hours and the lock as stored, not the 60-second cached copies. */
    private static RejudgeStep rejudgeStep(Deployment deployment) {
        var tables = deployment.tables();
        var db = deployment.db();
        var hours = new DynamoBusinessHoursStore(db, tables.employees(), tables.audit(), deployment.cursors());
        var periods = new DynamoPeriodStore(db, tables.time(), tables.audit());
        return new RejudgeStep(
                new DynamoRejudging(db, tables.time()),
                () -> new BusinessHoursTimeline(hours.all()),
                () -> periods.lock().lock());
    }

    /**
     * The beforeCheckpoint work (also run by tests and bench/): the nightly run's read path on the day before any
     * date we store and on an employee id no employee has, so it writes nothing. Never throws.
     */
    public void prime() {
        SnapStartPriming.runSafely(
                () -> job.primeReadPath(TimeBounds.EARLIEST_DATE.minusDays(1), PrimingCredentials.NO_SUCH_ID));
        Log.info("SnapStart priming done");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope invocation = Log.invocation(context)) {
            JsonNode event = Json.parse(input);
            LongSupplier remaining = context == null ? () -> Long.MAX_VALUE : () -> context.getRemainingTimeInMillis();
            Json.write(output, handle(event, remaining));
        }
    }

    public ObjectNode handle(JsonNode event, LongSupplier remainingMillis) {
        if (event != null
                && event.path("Records").path(0).path("eventSource").asText().equals("aws:sqs")) {
            // The fan-out's workers: pages of clocks from the nightly queue (NightlyClockPages event source).
            return job.work(event);
        }
        if (event != null && "exports".equals(event.path("job").asText())) {
            return exports.run(remainingMillis);
        }
        if (event != null && event.hasNonNull("date")) {
            LocalDate date = DateRange.date("date", event.get("date").asText());
            Log.info("Aggregation backfill", "date", date);
            return job.run(
                    "backfill-" + date + "-" + event.path("run").asText("1"), List.of(date), true, remainingMillis);
        }
        if (event != null && "Scheduled Event".equals(event.path("detail-type").asText())) {
            Instant at = Instant.parse(event.get("time").asText());
            LocalDate yesterday = LocalDate.ofInstant(at, ZoneOffset.UTC).minusDays(1);
            List<LocalDate> dates = new ArrayList<>();
            for (int back = LOOKBACK_DAYS - 1; back >= 0; back--) {
                dates.add(yesterday.minusDays(back));
            }
            Log.info("Aggregation run", "scheduled_at", at);
            return job.run("scheduled-" + at, dates, false, remainingMillis);
        }
        throw new ValidationException("event", "expected a Scheduled Event or {\"date\": \"YYYY-MM-DD\"}");
    }
}
