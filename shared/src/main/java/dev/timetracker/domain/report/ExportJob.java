package dev.timetracker.domain.report;

import dev.timetracker.domain.DateRange;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A CSV export someone asked for: {@code pending} until written, then {@code ready} (with its object key and
 * row count) or {@code failed} (with a message a person can act on). {@code employeeIds} empty means everyone.
 */
public record ExportJob(
        String id,
        Status status,
        DateRange range,
        List<String> employeeIds,
        String requestedBy,
        Instant requestedAt,
        @Nullable String objectKey,
        long rows,
        @Nullable String error,
        int attempts) {

    public enum Status {
        PENDING,
        READY,
        FAILED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ExportJob {
        employeeIds = List.copyOf(employeeIds);
    }

    public ExportJob ready(String key, long rowCount) {
        return new ExportJob(
                id, Status.READY, range, employeeIds, requestedBy, requestedAt, key, rowCount, null, attempts + 1);
    }

    public ExportJob failed(String message) {
        return new ExportJob(
                id, Status.FAILED, range, employeeIds, requestedBy, requestedAt, null, 0, message, attempts + 1);
    }

    /** A failed attempt of a job that will be tried again by the export worker. */
    public ExportJob retryLater(String message) {
        return new ExportJob(
                id, Status.PENDING, range, employeeIds, requestedBy, requestedAt, null, 0, message, attempts + 1);
    }
}
