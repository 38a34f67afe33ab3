package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.ConsistentFinalSessions;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.s3.SessionCsvUpload;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.report.DayTotals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A final date's {@code exports/daily/YYYY-MM-DD.csv} and its aggregate item ({@code DAILY} / date in the time table,
 * what the daily report reads), written by the nightly job and, right after a correction of a date written before,
 * by the periods function. Rows are the date's sessions in employee-id order, so the same sessions always give the
 * same bytes; they are read strongly consistently ({@link ConsistentFinalSessions}), because the writer has just
 * changed some of them and an index would not show them yet.
 *
 * <p>Writers race: two corrections of one date (different employees), or a correction and the nightly run, each
 * write the file after their own change. Every change of a date's sessions after its file was written advances the
 * aggregate's {@value #GENERATION} ({@link #sessionsChanging}); a writer reads the generation before the sessions
 * and puts the aggregate only if the generation is still the one it read, else it writes everything again. So the
 * writer of the last file put has seen every change committed before its aggregate put: whichever file lands last
 * holds the sessions as they are, and the aggregate says the same.
 */
public final class DailyFiles {
    /** Advanced by every change of a written date's sessions; never removed. */
    public static final String GENERATION = "generation";

    private static final String FILE = "file";
    /** A write loses the race only to a change committed meanwhile; more than this many in a row is a hot date. */
    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbClient db;
    private final String timeTable;
    private final Function<Collection<String>, Map<String, Employee>> employees;
    private final Supplier<S3Client> s3;
    private final Supplier<String> bucket;
    private @Nullable S3Client client;

    /**
     * @param employees looks up employees by id (their names are columns of the file)
     * @param s3        and {@code bucket}: asked for once, when the first file is written (a function that rarely
     *                  writes one builds no S3 client at init)
     */
    public DailyFiles(
            DynamoDbClient db,
            String timeTable,
            Function<Collection<String>, Map<String, Employee>> employees,
            Supplier<S3Client> s3,
            Supplier<String> bucket) {
        this.db = db;
        this.timeTable = timeTable;
        this.employees = employees;
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static String key(LocalDate date) {
        return "exports/daily/" + date + ".csv";
    }

    public static Map<String, AttributeValue> aggregateKey(LocalDate date) {
        return DailyAggregates.key(date);
    }

    /**
     * The write a change of the date's final sessions carries in its own transaction: the aggregate is marked
     * {@link DynamoReportStore#STALE} (the reports stop trusting it) and its generation advances, so that a file being
     * written meanwhile from the sessions as they were is written again. Creates the item when the date has none yet,
     * which only counts as "not written" ({@link #isWritten}).
     */
    public static Update sessionsChanging(String timeTable, LocalDate date) {
        return Update.builder()
                .tableName(timeTable)
                .key(aggregateKey(date))
                .updateExpression("SET #stale = :true ADD #generation :one")
                .expressionAttributeNames(Map.of("#stale", DynamoReportStore.STALE, "#generation", GENERATION))
                .expressionAttributeValues(
                        Map.of(":true", AttributeValue.fromBool(true), ":one", AttributeValue.fromN("1")))
                .build();
    }

    /**
     * The nightly job's mark, before it adds sessions to dates whose file may be written (offline punches finalise a
     * date again): as {@link #sessionsChanging}, for the dates written (or marked) before; a date with no aggregate
     * yet needs nothing.
     */
    public void markChanging(Collection<LocalDate> dates) {
        for (LocalDate date : dates) {
            Update change = sessionsChanging(timeTable, date);
            try {
                db.updateItem(update -> update.tableName(timeTable)
                        .key(change.key())
                        .updateExpression(change.updateExpression())
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(change.expressionAttributeNames())
                        .expressionAttributeValues(change.expressionAttributeValues()));
                Log.info("Daily export out of date: sessions are being added to the date", "date", date);
            } catch (ConditionalCheckFailedException notWrittenYet) {
                // Nothing written for the date yet: nothing to mark.
            }
        }
    }

    /** Whether the date's file and aggregate are written and still hold every final session of the date. */
    public boolean isWritten(LocalDate date) {
        var item = aggregate(date);
        return item.containsKey(FILE) && !item.containsKey(DynamoReportStore.STALE);
    }

    /**
     * Writes the date's file and aggregate from its sessions as they are, again while a change of them was committed
     * meanwhile.
     *
     * @return the object key written
     */
    public String write(LocalDate date) {
        for (int attempt = 1; ; attempt++) {
            Optional<String> written = writeOnce(date);
            if (written.isPresent()) {
                return written.get();
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("The sessions of " + date + " kept changing while its daily file was "
                        + "written (" + MAX_ATTEMPTS + " attempts); it stays marked stale");
            }
            Log.info("Daily export written again: the date's sessions changed meanwhile", "date", date);
        }
    }

    /**
     * After a change of the date's sessions ({@link #sessionsChanging}): writes the file and aggregate again if they
     * had been written before and are now stale. A date whose file was never written is left to the nightly job,
     * which writes it once the date is final for everyone.
     *
     * @return the object key written, or empty when there was nothing to rewrite
     */
    public Optional<String> rewriteIfStale(LocalDate date) {
        var item = aggregate(date);
        if (!item.containsKey(FILE) || !item.containsKey(DynamoReportStore.STALE)) {
            return Optional.empty();
        }
        return Optional.of(write(date));
    }

    /**
     * After final sessions of the date were judged again: writes the file and aggregate again if they had been written
     * before, stale or not (a correction's rewrite may have cleared the mark while the re-judge was half-way). A date
     * never written is left to the nightly job.
     *
     * @return the object key written, or empty when the date has no file
     */
    public Optional<String> rewriteIfWritten(LocalDate date) {
        return aggregate(date).containsKey(FILE) ? Optional.of(write(date)) : Optional.empty();
    }

    /** One attempt: empty when the generation moved between reading the sessions and putting the aggregate. */
    private Optional<String> writeOnce(LocalDate date) {
        AttributeValue generation = aggregate(date).get(GENERATION);
        DayTotals.Sum totals = new DayTotals.Sum(date);
        SessionCsvUpload.Result result;
        try {
            result = SessionCsvUpload.upload(
                    s3(),
                    bucket.get(),
                    key(date),
                    new ConsistentFinalSessions(db, timeTable, date).iterator(),
                    employees,
                    totals::add,
                    0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, AttributeValue> item =
                new HashMap<>(DailyAggregates.item(totals.totals(), result.key(), result.rows()));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (generation == null) {
            condition = "attribute_not_exists(#generation)";
        } else {
            item.put(GENERATION, generation);
            condition = "#generation = :read";
            values.put(":read", generation);
        }
        PutItemRequest.Builder put = PutItemRequest.builder()
                .tableName(timeTable)
                .item(item)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#generation", GENERATION));
        if (!values.isEmpty()) {
            put.expressionAttributeValues(values);
        }
        try {
            db.putItem(put.build());
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            return Optional.empty();
        }
        Log.info(
                "Daily export written",
                "date",
                date,
                "key",
                result.key(),
                "rows",
                result.rows(),
                "bytes",
                result.bytes());
        return Optional.of(result.key());
    }

    private synchronized S3Client s3() {
        if (client == null) {
            client = s3.get();
        }
        return client;
    }

    private Map<String, AttributeValue> aggregate(LocalDate date) {
        var item = db.getItem(
                        get -> get.tableName(timeTable).key(aggregateKey(date)).consistentRead(true))
                .item();
        return item == null ? Map.of() : item;
    }
}
