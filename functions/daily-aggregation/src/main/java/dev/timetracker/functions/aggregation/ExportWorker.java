package dev.timetracker.functions.aggregation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.http.Metrics;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.domain.report.ExportJob;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Writes the CSV exports too large for a request ({@code {"job": "exports"}}, every minute by schedule). A
 * failed attempt is tried again a minute later, up to three times; then the job is marked failed with a
 * message the person who asked can act on.
 *
 * <p>Runs overlap (a long run and the next minute's, or Lambda retrying a run), so each run takes a job with a
 * lease ({@link ExportJobs#lease}) before writing it and skips jobs another run holds. A lease lasts as long as
 * this invocation can still run (its remaining time, at most Lambda's 15-minute limit): a crashed or timed-out
 * run's jobs are taken again once its lease has expired.
 */
final class ExportWorker {
    static final int MAX_ATTEMPTS = 3;
    /** Lambda's maximum timeout, https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html */
    static final Duration LONGEST_LEASE = Duration.ofMinutes(15);

    private static final Duration RETRY_AFTER = Duration.ofMinutes(1);
    private static final int JOBS_PER_RUN = 10;
    /** A 100,000-row export takes well under this; stop taking jobs when less is left. */
    private static final long MILLIS_PER_JOB = 120_000;

    private final ExportJobs jobs;
    private final RangeExport export;
    private final Clock clock;

    ExportWorker(ExportJobs jobs, RangeExport export, Clock clock) {
        this.jobs = jobs;
        this.export = export;
        this.clock = clock;
    }

    ObjectNode run(LongSupplier remainingMillis) {
        ObjectNode summary = Json.object();
        var ready = summary.putArray("ready");
        var failed = summary.putArray("failed");
        var retrying = summary.putArray("retrying");
        var heldElsewhere = summary.putArray("held_elsewhere");
        String worker = UUID.randomUUID().toString();
        for (ExportJob listed : jobs.pending(clock.instant(), JOBS_PER_RUN)) {
            long remaining = remainingMillis.getAsLong();
            if (remaining < MILLIS_PER_JOB) {
                break;
            }
            Instant now = clock.instant();
            Optional<ExportJob> leased =
                    jobs.lease(listed.id(), worker, now, now.plusMillis(Math.min(remaining, LONGEST_LEASE.toMillis())));
            if (leased.isEmpty()) {
                // Another run holds it, or it was finished since the index listed it.
                heldElsewhere.add(listed.id());
                continue;
            }
            ExportJob job = leased.get();
            try {
                long started = System.nanoTime();
                var written = export.write(job);
                Metrics.record(
                        AggregationJob.FUNCTION,
                        "ExportMillis",
                        Metrics.Unit.MILLISECONDS,
                        (System.nanoTime() - started) / 1_000_000,
                        clock.instant(),
                        Map.of(),
                        "rows",
                        written.rows());
                finish(job.ready(written.key(), written.rows()), null, worker, ready);
                Log.info("Export written", "export_id", job.id(), "rows", written.rows(), "bytes", written.bytes());
            } catch (IOException | RuntimeException e) {
                Log.warn(
                        "Export attempt failed",
                        "export_id",
                        job.id(),
                        "attempt",
                        job.attempts() + 1,
                        "error",
                        e.toString());
                String message = "The file could not be written to storage (attempt " + (job.attempts() + 1) + " of "
                        + MAX_ATTEMPTS + ")";
                if (job.attempts() + 1 >= MAX_ATTEMPTS) {
                    finish(job.failed(message + "; nothing was kept. Ask for the export again."), null, worker, failed);
                } else {
                    finish(
                            job.retryLater(message + "; trying again shortly."),
                            clock.instant().plus(RETRY_AFTER),
                            worker,
                            retrying);
                }
            }
        }
        return summary;
    }

    private void finish(ExportJob outcome, Instant workerMayStartAt, String worker, ArrayNode outcomes) {
        if (jobs.saveLeased(outcome, workerMayStartAt, worker)) {
            outcomes.add(outcome.id());
        } else {
            Log.warn("Export lease lost before the outcome was saved", "export_id", outcome.id());
        }
    }
}
