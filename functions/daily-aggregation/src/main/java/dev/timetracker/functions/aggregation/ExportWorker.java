package dev.timetracker.functions.aggregation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.report.RangeExport;
import dev.timetracker.domain.report.ExportJob;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Writes the CSV exports too large for a request ({@code {"job": "exports"}}, every minute by schedule). A
 * failed attempt is tried again a minute later, up to three times; then the job is marked failed with a
 * message the person who asked can act on.
 */
final class ExportWorker {
    static final int MAX_ATTEMPTS = 3;
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
        for (ExportJob job : jobs.pending(clock.instant(), JOBS_PER_RUN)) {
            if (remainingMillis.getAsLong() < MILLIS_PER_JOB) {
                break;
            }
            try {
                var written = export.write(job);
                jobs.save(job.ready(written.key(), written.rows()), null);
                Log.info("Export written", "export_id", job.id(), "rows", written.rows(), "bytes", written.bytes());
                ready.add(job.id());
            } catch (IOException | RuntimeException e) {
                Log.warn("Export attempt failed", "export_id", job.id(), "attempt", job.attempts() + 1, "error", e.toString());
                String message = "The file could not be written to storage (attempt " + (job.attempts() + 1) + " of "
                        + MAX_ATTEMPTS + ")";
                if (job.attempts() + 1 >= MAX_ATTEMPTS) {
                    jobs.save(job.failed(message + "; nothing was kept. Ask for the export again."), null);
                    failed.add(job.id());
                } else {
                    jobs.save(job.retryLater(message + "; trying again shortly."), clock.instant().plus(RETRY_AFTER));
                    retrying.add(job.id());
                }
            }
        }
        return summary;
    }
}
