package dev.timetracker.functions.aggregation;

import dev.timetracker.adapters.dynamodb.ConsistentFinalSessions;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.report.ReportData;
import dev.timetracker.adapters.s3.SessionCsvUpload;
import dev.timetracker.domain.time.WorkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code exports/daily/YYYY-MM-DD.csv} and the date's aggregate item ({@code DAILY} / date in the time table,
 * what the daily report reads). Rows are the date's sessions in employee-id order, so the same sessions always
 * give the same bytes, and each employee is named once, so no employee is kept in memory beyond the batch being
 * written; they are read strongly consistently ({@link ConsistentFinalSessions}), because the run
 * that writes the file has just finalised some of them and an index would not show them yet. An aggregate marked {@code stale} (sessions were added to its date after
 * it was written) counts as not written: the reports ignore it and the next run writes the date again.
 */
final class S3DailyExport implements DailyExport {
    private final DynamoDbClient db;
    private final String timeTable;
    private final DynamoEmployeeStore employees;
    private final S3Client s3;
    private final String bucket;

    S3DailyExport(DynamoDbClient db, String timeTable, DynamoEmployeeStore employees, S3Client s3, String bucket) {
        this.db = db;
        this.timeTable = timeTable;
        this.employees = employees;
        this.s3 = s3;
        this.bucket = bucket;
    }

    static String key(LocalDate date) {
        return "exports/daily/" + date + ".csv";
    }

    @Override
    public boolean exists(LocalDate date) {
        var item = db.getItem(get -> get.tableName(timeTable).key(aggregateKey(date)).consistentRead(true)).item();
        return item != null && !item.isEmpty() && !item.containsKey(ReportData.STALE);
    }

    @Override
    public void invalidate(Collection<LocalDate> dates) {
        for (LocalDate date : dates) {
            try {
                db.updateItem(update -> update.tableName(timeTable).key(aggregateKey(date))
                        .updateExpression("SET #stale = :true").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(Map.of("#stale", ReportData.STALE))
                        .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
                Log.info("Daily export out of date: sessions are being added to the date", "date", date);
            } catch (ConditionalCheckFailedException notWrittenYet) {
                // Nothing written for the date yet: nothing to mark.
            }
        }
    }

    @Override
    public String write(LocalDate date) {
        long[] totals = new long[6];
        SessionCsvUpload.Result result;
        try {
            result = SessionCsvUpload.upload(s3, bucket, key(date), new ConsistentFinalSessions(db, timeTable, date).iterator(),
                    employees::findAll, session -> add(totals, session), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, AttributeValue> item = new HashMap<>(aggregateKey(date));
        item.put("date", AttributeValue.fromS(date.toString()));
        item.put("employees_present", number(totals[0]));
        item.put("worked_seconds", number(totals[1]));
        item.put("break_seconds", number(totals[2]));
        item.put("late_count", number(totals[3]));
        item.put("late_seconds", number(totals[4]));
        item.put("overtime_seconds", number(totals[5]));
        item.put("file", AttributeValue.fromS(result.key()));
        item.put("rows", number(result.rows()));
        db.putItem(put -> put.tableName(timeTable).item(item));
        Log.info("Daily export written", "date", date, "key", result.key(), "rows", result.rows(), "bytes", result.bytes());
        return result.key();
    }

    private static void add(long[] totals, WorkSession session) {
        totals[0]++;
        totals[1] += session.workedSeconds();
        totals[2] += session.breakSeconds();
        totals[3] += session.lateSeconds() > 0 ? 1 : 0;
        totals[4] += session.lateSeconds();
        totals[5] += session.overtimeSeconds();
    }

    static Map<String, AttributeValue> aggregateKey(LocalDate date) {
        return Map.of("pk", AttributeValue.fromS("DAILY"), "sk", AttributeValue.fromS(date.toString()));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
