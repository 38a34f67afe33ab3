package dev.timetracker.functions.aggregation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The fan-out state of a run, on the run's checkpoint item ({@code AGGREGATION} / run id), changed only by
 * single-item updates, so the coordinator and any number of workers can write it at once:
 * <ul>
 *   <li>the coordinator's progress: {@code pages_sent}, the index cursor, {@code sending_done};</li>
 *   <li>the workers': {@code pages_done} (the set of page numbers done, so that a page the queue delivers twice
 *       counts once; SQS standard queues deliver at least once,
 *       https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues-at-least-once-delivery.html),
 *       {@code pages_done_count}, {@code processed}, the skipped clocks and the work dates still open.</li>
 * </ul>
 * The run is complete when sending is done and as many pages are done as were sent. Exactly one update makes it so
 * (DynamoDB applies one item's writes one after another), and the files are written once: by whoever {@link #claim}s
 * the run.
 */
record FannedOutRun(
        String runId,
        AggregationRun.Phase phase,
        Map<String, AttributeValue> cursor,
        long pagesSent,
        boolean sendingDone,
        long pagesDone,
        List<LocalDate> exportDates,
        boolean rewrite) {

    boolean complete() {
        return phase == AggregationRun.Phase.FANNED_OUT && sendingDone && pagesDone == pagesSent;
    }

    /** Marks the run fanned out (or reads it, when it already is) with what its last step needs. */
    static FannedOutRun begin(
            DynamoDbClient db,
            String table,
            AggregationRun run,
            List<LocalDate> exportDates,
            boolean rewrite,
            Instant expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":fanned", AttributeValue.fromS(AggregationRun.Phase.FANNED_OUT.name()));
        values.put(":clocks", AttributeValue.fromS(AggregationRun.Phase.CLOCKS.name()));
        values.put(":total", number(run.total()));
        values.put(":started", AttributeValue.fromS(run.startedAt().toString()));
        values.put(
                ":dates",
                AttributeValue.fromL(exportDates.stream()
                        .map(date -> AttributeValue.fromS(date.toString()))
                        .toList()));
        values.put(":rewrite", AttributeValue.fromBool(rewrite));
        values.put(":zero", number(0));
        values.put(":false", AttributeValue.fromBool(false));
        values.put(":expires", number(expiresAt.getEpochSecond()));
        // Refused when the run has finished meanwhile: as stored.
        return updatedOrAsStored(
                db,
                table,
                run.runId(),
                update -> update.updateExpression(
                                "SET phase = :fanned, #total = :total, started_at = if_not_exists(started_at, :started), "
                                        + "export_dates = :dates, rewrite = :rewrite, pages_sent = if_not_exists(pages_sent, :zero), "
                                        + "pages_done_count = if_not_exists(pages_done_count, :zero), "
                                        + "#processed = if_not_exists(#processed, :zero), "
                                        + "sending_done = if_not_exists(sending_done, :false), expires_at = :expires")
                        .conditionExpression("attribute_not_exists(phase) OR phase = :clocks OR phase = :fanned")
                        .expressionAttributeNames(Map.of("#total", "total", "#processed", "processed"))
                        .expressionAttributeValues(values));
    }

    /**
     * The coordinator's checkpoint after sending pages up to {@code pagesSentNow}: conditional on the count it
     * read, so two coordinators of one run (a retry overlapping a slow first attempt) never count a page twice;
     * the loser goes on from what the winner stored.
     */
    FannedOutRun sent(
            DynamoDbClient db, String table, Map<String, AttributeValue> nextCursor, long pagesSentNow, boolean done) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":sent", number(pagesSentNow));
        values.put(":before", number(pagesSent));
        values.put(":done", AttributeValue.fromBool(done));
        StringBuilder expression = new StringBuilder("SET pages_sent = :sent, sending_done = :done");
        if (nextCursor != null) {
            AggregationRun.cursorAttributes(nextCursor).forEach((name, value) -> {
                expression.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
        } else {
            expression.append(" REMOVE ").append(String.join(", ", AggregationRun.CURSOR_ATTRIBUTES));
        }
        return updatedOrAsStored(
                db,
                table,
                runId,
                update -> update.updateExpression(expression.toString())
                        .conditionExpression("pages_sent = :before")
                        .expressionAttributeValues(values));
    }

    /** A worker's page done: counted once, whatever the number of deliveries. */
    static FannedOutRun pageDone(
            DynamoDbClient db,
            String table,
            String runId,
            long page,
            int clocks,
            LocalDate earliestOpen,
            List<String> skipped) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":page", AttributeValue.fromN(Long.toString(page)));
        values.put(":pages", AttributeValue.fromNs(List.of(Long.toString(page))));
        values.put(":one", number(1));
        values.put(":clocks", number(clocks));
        StringBuilder expression =
                new StringBuilder("ADD pages_done :pages, pages_done_count :one, #processed :clocks");
        if (earliestOpen != null) {
            expression.append(", open_dates :open");
            values.put(":open", AttributeValue.fromSs(List.of(earliestOpen.toString())));
        }
        if (!skipped.isEmpty()) {
            expression.append(", skipped_count :skipped_count, skipped_ids :skipped_ids");
            values.put(":skipped_count", number(skipped.size()));
            values.put(
                    ":skipped_ids",
                    AttributeValue.fromSs(skipped.stream().distinct().toList()));
        }
        // Refused when delivered again: counted already (or the run's checkpoint has expired).
        return updatedOrAsStored(
                db,
                table,
                runId,
                update -> update.updateExpression(expression.toString())
                        .conditionExpression("attribute_exists(pk) AND NOT contains(pages_done, :page)")
                        // "processed" is one of DynamoDB's reserved words.
                        .expressionAttributeNames(Map.of("#processed", "processed"))
                        .expressionAttributeValues(values));
    }

    /** The run as a conditional update left it, or as stored when its condition refused the update. */
    private static FannedOutRun updatedOrAsStored(
            DynamoDbClient db, String table, String runId, Consumer<UpdateItemRequest.Builder> update) {
        try {
            return of(
                    runId,
                    db.updateItem(request -> update.accept(request.tableName(table)
                                    .key(AggregationRun.key(runId))
                                    .returnValues(ReturnValue.ALL_NEW)))
                            .attributes());
        } catch (ConditionalCheckFailedException refused) {
            return read(db, table, runId);
        }
    }

    /** Takes the run's last step; false when another invocation took it first. */
    static boolean claim(DynamoDbClient db, String table, String runId) {
        try {
            db.updateItem(update -> update.tableName(table)
                    .key(AggregationRun.key(runId))
                    .updateExpression("SET phase = :exports")
                    .conditionExpression("phase = :fanned AND sending_done = :true AND pages_done_count = pages_sent")
                    .expressionAttributeValues(Map.of(
                            ":exports",
                            AttributeValue.fromS(AggregationRun.Phase.EXPORTS.name()),
                            ":fanned",
                            AttributeValue.fromS(AggregationRun.Phase.FANNED_OUT.name()),
                            ":true",
                            AttributeValue.fromBool(true))));
            return true;
        } catch (ConditionalCheckFailedException takenElsewhere) {
            return false;
        }
    }

    private static FannedOutRun read(DynamoDbClient db, String table, String runId) {
        return of(
                runId,
                db.getItem(get -> get.tableName(table)
                                .key(AggregationRun.key(runId))
                                .consistentRead(true))
                        .item());
    }

    private static FannedOutRun of(String runId, Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return new FannedOutRun(runId, AggregationRun.Phase.DONE, null, 0, true, 0, List.of(), false);
        }
        return new FannedOutRun(
                runId,
                AggregationRun.Phase.valueOf(item.get("phase").s()),
                AggregationRun.cursorOf(item),
                longOf(item, "pages_sent"),
                item.containsKey("sending_done") && item.get("sending_done").bool(),
                longOf(item, "pages_done_count"),
                item.containsKey("export_dates")
                        ? item.get("export_dates").l().stream()
                                .map(date -> LocalDate.parse(date.s()))
                                .toList()
                        : List.of(),
                item.containsKey("rewrite") && item.get("rewrite").bool());
    }

    private static long longOf(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Long.parseLong(item.get(name).n()) : 0;
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
