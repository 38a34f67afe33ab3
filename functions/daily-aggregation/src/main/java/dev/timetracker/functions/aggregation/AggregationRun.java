package dev.timetracker.functions.aggregation;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The checkpoint of one run, in the time table ({@code AGGREGATION} / run id): where the walk over the clocks
 * stopped, how far it got, the earliest work date any clock still has open, and the clocks it had to skip. A run
 * that is cut off (Lambda timeout, crash) is invoked again with the same event and continues from here; closing
 * a clock twice changes nothing, so the page that was in flight is simply done again.
 */
final class AggregationRun {
    /** FANNED_OUT: the clocks are closed by fan-out workers ({@link FannedOutRun}). */
    enum Phase {
        CLOCKS,
        FANNED_OUT,
        EXPORTS,
        DONE
    }

    /** The index cursor (the clocks index's LastEvaluatedKey) as the checkpoint stores it. */
    static final List<String> CURSOR_ATTRIBUTES = List.of("cursor_pk", "cursor_sk", "cursor_list", "cursor_employee");

    /** Skipped clocks named in the checkpoint and the summary; beyond, they are counted (each one is logged). */
    static final int SKIPPED_NAMED = 100;

    private final String runId;
    private final Instant startedAt;
    /** The checkpoint's TTL (the table's expires_at): a while after the run started, on the run's own clock. */
    private final Instant expiresAt;

    private Phase phase;
    private Map<String, AttributeValue> cursor;
    private long processed;
    private long total;
    private LocalDate earliestOpenDate;
    private final List<String> skipped;
    private long skippedCount;

    private AggregationRun(
            String runId,
            Instant startedAt,
            Duration kept,
            Phase phase,
            Map<String, AttributeValue> cursor,
            long processed,
            long total,
            LocalDate earliestOpenDate,
            List<String> skipped,
            long skippedCount) {
        this.runId = runId;
        this.startedAt = startedAt;
        this.expiresAt = startedAt.plus(kept);
        this.phase = phase;
        this.cursor = cursor;
        this.processed = processed;
        this.total = total;
        this.earliestOpenDate = earliestOpenDate;
        this.skipped = new ArrayList<>(skipped);
        this.skippedCount = skippedCount;
    }

    /**
     * @param now  when this invocation started: the run's start, unless an earlier invocation began it
     * @param kept how long the checkpoint is kept after the run's start (DynamoDB deletes it then,
     *             https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html)
     */
    static AggregationRun load(DynamoDbClient db, String table, String runId, Instant now, Duration kept) {
        var item = db.getItem(get -> get.tableName(table).key(key(runId)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return new AggregationRun(runId, now, kept, Phase.CLOCKS, null, 0, -1, null, List.of(), 0);
        }
        // A fanned-out run's workers add the dates still open and the clocks skipped to sets.
        LocalDate earliestOpen = item.containsKey("earliest_open_date")
                ? LocalDate.parse(item.get("earliest_open_date").s())
                : item.containsKey("open_dates")
                        ? item.get("open_dates").ss().stream()
                                .map(LocalDate::parse)
                                .min(LocalDate::compareTo)
                                .orElse(null)
                        : null;
        List<String> skipped = item.containsKey("skipped")
                ? item.get("skipped").l().stream().map(AttributeValue::s).toList()
                : item.containsKey("skipped_ids")
                        ? item.get("skipped_ids").ss().stream()
                                .sorted()
                                .limit(SKIPPED_NAMED)
                                .toList()
                        : List.of();
        return new AggregationRun(
                runId,
                item.containsKey("started_at")
                        ? Instant.parse(item.get("started_at").s())
                        : now,
                kept,
                Phase.valueOf(item.get("phase").s()),
                cursorOf(item),
                Long.parseLong(item.get("processed").n()),
                Long.parseLong(item.get("total").n()),
                earliestOpen,
                skipped,
                item.containsKey("skipped_count")
                        ? Long.parseLong(item.get("skipped_count").n())
                        : 0);
    }

    static final String REJUDGED_DATES = "rejudged_dates";

    /**
     * Adds dates whose final sessions a page judged again (a string set: a page done twice adds nothing new), before
     * the page counts as done, so the run's last step rewrites their files.
     */
    static void addRejudged(DynamoDbClient db, String table, String runId, java.util.Collection<LocalDate> dates) {
        if (dates.isEmpty()) {
            return;
        }
        db.updateItem(update -> update.tableName(table)
                .key(key(runId))
                .updateExpression("ADD " + REJUDGED_DATES + " :dates")
                .expressionAttributeValues(Map.of(
                        ":dates",
                        AttributeValue.fromSs(
                                dates.stream().map(LocalDate::toString).toList()))));
    }

    /** The dates the run's pages judged again so far (every page's, whichever invocation did it). */
    static List<LocalDate> rejudgedDates(DynamoDbClient db, String table, String runId) {
        var item = db.getItem(get -> get.tableName(table)
                        .key(key(runId))
                        .projectionExpression(REJUDGED_DATES)
                        .consistentRead(true))
                .item();
        return item == null || !item.containsKey(REJUDGED_DATES)
                ? List.of()
                : item.get(REJUDGED_DATES).ss().stream().map(LocalDate::parse).toList();
    }

    static Map<String, AttributeValue> cursorOf(Map<String, AttributeValue> item) {
        return item.containsKey("cursor_pk")
                ? Map.of(
                        "pk",
                        item.get("cursor_pk"),
                        "sk",
                        item.get("cursor_sk"),
                        "clock_list",
                        item.get("cursor_list"),
                        "employee_id",
                        item.get("cursor_employee"))
                : null;
    }

    static Map<String, AttributeValue> cursorAttributes(Map<String, AttributeValue> cursor) {
        return Map.of(
                "cursor_pk",
                cursor.get("pk"),
                "cursor_sk",
                cursor.get("sk"),
                "cursor_list",
                cursor.get("clock_list"),
                "cursor_employee",
                cursor.get("employee_id"));
    }

    /**
     * Writes the run's fields with one UpdateItem: a fanned-out run's item also holds its workers' state
     * ({@link FannedOutRun}: the pages done, which answer a page delivered again after the run is done), kept as is.
     */
    void save(DynamoDbClient db, String table) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("phase", AttributeValue.fromS(phase.name()));
        fields.put("processed", AttributeValue.fromN(Long.toString(processed)));
        fields.put("total", AttributeValue.fromN(Long.toString(total)));
        fields.put("started_at", AttributeValue.fromS(startedAt.toString()));
        fields.put("expires_at", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        if (skippedCount > 0) {
            fields.put(
                    "skipped",
                    AttributeValue.fromL(
                            skipped.stream().map(AttributeValue::fromS).toList()));
            fields.put("skipped_count", AttributeValue.fromN(Long.toString(skippedCount)));
        }
        if (cursor != null) {
            fields.putAll(cursorAttributes(cursor));
        }
        if (earliestOpenDate != null) {
            fields.put("earliest_open_date", AttributeValue.fromS(earliestOpenDate.toString()));
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        fields.forEach((name, value) -> {
            // Placeholders for every name: "processed" and "total" are reserved words.
            names.put("#" + name, name);
            values.put(":" + name, value);
            sets.add("#" + name + " = :" + name);
        });
        String expression = "SET " + String.join(", ", sets)
                + (cursor == null ? " REMOVE " + String.join(", ", CURSOR_ATTRIBUTES) : "");
        db.updateItem(update -> update.tableName(table)
                .key(key(runId))
                .updateExpression(expression)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
    }

    static Map<String, AttributeValue> key(String runId) {
        return Map.of("pk", AttributeValue.fromS("AGGREGATION"), "sk", AttributeValue.fromS(runId));
    }

    String runId() {
        return runId;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant startedAt() {
        return startedAt;
    }

    /** The employees whose clocks were skipped (the first {@link #SKIPPED_NAMED}). */
    List<String> skipped() {
        return List.copyOf(skipped);
    }

    long skippedCount() {
        return skippedCount;
    }

    Phase phase() {
        return phase;
    }

    Map<String, AttributeValue> cursor() {
        return cursor;
    }

    long processed() {
        return processed;
    }

    long total() {
        return total;
    }

    LocalDate earliestOpenDate() {
        return earliestOpenDate;
    }

    void total(long count) {
        this.total = count;
    }

    /**
     * One page of clocks done: move the cursor, remember the earliest date still open and the clocks skipped.
     * The page's clocks count as processed, skipped ones included: the walk is over them.
     */
    void advance(
            Map<String, AttributeValue> nextCursor, int clocks, LocalDate pageEarliestOpen, List<String> pageSkipped) {
        this.cursor = nextCursor;
        this.processed += clocks;
        this.skippedCount += pageSkipped.size();
        for (String employeeId : pageSkipped) {
            if (skipped.size() < SKIPPED_NAMED) {
                skipped.add(employeeId);
            }
        }
        if (pageEarliestOpen != null && (earliestOpenDate == null || pageEarliestOpen.isBefore(earliestOpenDate))) {
            earliestOpenDate = pageEarliestOpen;
        }
        if (nextCursor == null) {
            phase = Phase.EXPORTS;
        }
    }

    void done() {
        phase = Phase.DONE;
    }
}
