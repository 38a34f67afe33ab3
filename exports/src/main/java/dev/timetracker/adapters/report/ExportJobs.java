package dev.timetracker.adapters.report;

import static dev.timetracker.adapters.dynamodb.Attributes.required;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.ExportJob;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Export jobs in the exports table ({@code EXPORT#<id>}), removed by TTL a week after they were asked for;
 * the bucket's lifecycle rule removes the files. A pending job carries {@code pending}, which puts it in the
 * sparse pending-exports index the worker reads; finishing removes it. A worker holds a job it works on by a
 * lease ({@code lease_owner}, {@code lease_until} in epoch milliseconds), see {@link #lease}.
 */
public final class ExportJobs {
    public static final String PENDING_INDEX = "pending-exports";
    /** An export written within a request is the worker's to retry only after API Gateway's 30 s have surely passed. */
    public static final Duration TAKEOVER_AFTER = Duration.ofMinutes(2);

    static final Duration KEPT = Duration.ofDays(7);
    /**
     * {@code not_before} is the index's sort key, compared as text: it needs one fixed width, because
     * {@link Instant#toString()} drops zero fractions and "…:00Z" would sort after "…:00.5Z".
     */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient db;
    private final String table;

    public ExportJobs(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** @param workerMayStartAt for a pending job: from when the export worker may take it (ignored otherwise) */
    public void save(ExportJob job, Instant workerMayStartAt) {
        db.putItem(put -> put.tableName(table).item(item(job, workerMayStartAt)));
    }

    /**
     * Takes a job for one export worker, so that overlapping runs (a slow run and the next minute's, or Lambda's
     * retry of a run) never write the same export twice: one conditional UpdateItem that succeeds only while the
     * job is pending, due, and held by no other worker — no lease, or one that has expired because its worker
     * crashed or timed out. The condition is checked against the item itself, not the eventually consistent
     * index the job was listed from: "individual write operations such as UpdateItem are atomic and always operate
     * on the most recent version of the item", so of two workers racing for a job exactly one gets it,
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BestPractices_ImplementingVersionControl.html
     *
     * @return the job as stored now, or empty when another worker holds it or it is no longer pending and due
     */
    public Optional<ExportJob> lease(String id, String owner, Instant now, Instant until) {
        try {
            var item = db.updateItem(update -> update.tableName(table)
                            .key(key(id))
                            .updateExpression("SET lease_owner = :owner, lease_until = :until")
                            .conditionExpression("#status = :pending AND not_before <= :now"
                                    + " AND (attribute_not_exists(lease_until) OR lease_until <= :now_millis)")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(
                                    ":owner", AttributeValue.fromS(owner),
                                    ":until", AttributeValue.fromN(Long.toString(until.toEpochMilli())),
                                    ":pending", AttributeValue.fromS(ExportJob.Status.PENDING.wire()),
                                    ":now", AttributeValue.fromS(SORTABLE.format(now)),
                                    ":now_millis", AttributeValue.fromN(Long.toString(now.toEpochMilli()))))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes();
            return Optional.of(fromItem(item));
        } catch (ConditionalCheckFailedException takenOrDone) {
            return Optional.empty();
        }
    }

    /**
     * Saves the outcome of a job this worker leased (which also ends the lease: the item is replaced without it),
     * unless the lease has passed to another worker meanwhile.
     *
     * @return false when another worker holds the job now; nothing was written
     */
    public boolean saveLeased(ExportJob job, Instant workerMayStartAt, String owner) {
        try {
            db.putItem(put -> put.tableName(table)
                    .item(item(job, workerMayStartAt))
                    .conditionExpression("lease_owner = :owner")
                    .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
            return true;
        } catch (ConditionalCheckFailedException leaseLost) {
            return false;
        }
    }

    private static Map<String, AttributeValue> item(ExportJob job, Instant workerMayStartAt) {
        Map<String, AttributeValue> item = new HashMap<>(key(job.id()));
        item.put("id", AttributeValue.fromS(job.id()));
        item.put("status", AttributeValue.fromS(job.status().wire()));
        item.put("from", AttributeValue.fromS(job.range().from().toString()));
        item.put("to", AttributeValue.fromS(job.range().to().toString()));
        item.put(
                "employee_ids",
                AttributeValue.fromL(
                        job.employeeIds().stream().map(AttributeValue::fromS).toList()));
        item.put("requested_by", AttributeValue.fromS(job.requestedBy()));
        item.put("requested_at", AttributeValue.fromS(job.requestedAt().toString()));
        item.put("attempts", AttributeValue.fromN(Integer.toString(job.attempts())));
        item.put("rows", AttributeValue.fromN(Long.toString(job.rows())));
        item.put(
                "expires_at",
                AttributeValue.fromN(Long.toString(job.requestedAt().plus(KEPT).getEpochSecond())));
        if (job.objectKey() != null) {
            item.put("object_key", AttributeValue.fromS(job.objectKey()));
        }
        if (job.error() != null) {
            item.put("error", AttributeValue.fromS(job.error()));
        }
        if (job.status() == ExportJob.Status.PENDING) {
            item.put("pending", AttributeValue.fromS("PENDING"));
            item.put("not_before", AttributeValue.fromS(SORTABLE.format(workerMayStartAt)));
        }
        return item;
    }

    /**
     * The job, unless it is past its {@code expires_at}. TTL deletes expired items only eventually ("typically
     * within two days of expiration"; until then they "still show up in reads, queries, and scans",
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html), so an expired job
     * is gone here whether or not DynamoDB has deleted it yet.
     */
    public Optional<ExportJob> find(String id, Instant now) {
        var item = db.getItem(get -> get.tableName(table).key(key(id)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty() || expired(item, now)) {
            return Optional.empty();
        }
        return Optional.of(fromItem(item));
    }

    private static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get("expires_at");
        return expiresAt != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
    }

    /** Pending jobs the worker may take now, oldest first (the sparse index holds nothing else). */
    public List<ExportJob> pending(Instant now, int limit) {
        List<ExportJob> jobs = new ArrayList<>();
        db.query(query -> query.tableName(table)
                        .indexName(PENDING_INDEX)
                        .keyConditionExpression("pending = :pending AND not_before <= :now")
                        .expressionAttributeValues(Map.of(
                                ":pending",
                                AttributeValue.fromS("PENDING"),
                                ":now",
                                AttributeValue.fromS(SORTABLE.format(now))))
                        .limit(limit))
                .items()
                .forEach(item -> jobs.add(fromItem(item)));
        return jobs;
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", AttributeValue.fromS("EXPORT#" + id), "sk", AttributeValue.fromS("EXPORT"));
    }

    private static ExportJob fromItem(Map<String, AttributeValue> item) {
        AttributeValue objectKey = item.get("object_key");
        AttributeValue error = item.get("error");
        return new ExportJob(
                required(item, "id").s(),
                ExportJob.Status.valueOf(required(item, "status").s().toUpperCase(Locale.ROOT)),
                new DateRange(
                        LocalDate.parse(required(item, "from").s()),
                        LocalDate.parse(required(item, "to").s())),
                required(item, "employee_ids").l().stream()
                        .map(AttributeValue::s)
                        .toList(),
                required(item, "requested_by").s(),
                Instant.parse(required(item, "requested_at").s()),
                objectKey == null ? null : objectKey.s(),
                Long.parseLong(required(item, "rows").n()),
                error == null ? null : error.s(),
                Integer.parseInt(required(item, "attempts").n()));
    }
}
