package dev.timetracker.functions.aggregation;

import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.report.DailyFiles;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code exports/daily/YYYY-MM-DD.csv} and the date's aggregate item, as {@link DailyFiles} writes them (the periods
 * function writes them too, right after a correction of a written date). An aggregate marked {@code stale} (sessions
 * were added to its date after it was written) counts as not written: the reports ignore it and the next run writes
 * the date again.
 */
final class S3DailyExport implements DailyExport {
    private final DailyFiles files;

    S3DailyExport(DynamoDbClient db, String timeTable, DynamoEmployeeStore employees, S3Client s3, String bucket) {
        this.files = new DailyFiles(db, timeTable, employees::findAll, () -> s3, () -> bucket);
    }

    @Override
    public boolean exists(LocalDate date) {
        return files.isWritten(date);
    }

    @Override
    public void invalidate(Collection<LocalDate> dates) {
        files.markChanging(dates);
    }

    @Override
    public String write(LocalDate date) {
        return files.write(date);
    }

    @Override
    public Optional<String> rewrite(LocalDate date, boolean evenIfCurrent) {
        return evenIfCurrent ? files.rewriteIfWritten(date) : files.rewriteIfStale(date);
    }
}
