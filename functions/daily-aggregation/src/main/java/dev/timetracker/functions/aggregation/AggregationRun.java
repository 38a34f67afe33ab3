package dev.timetracker.functions.aggregation;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint of one run, in the time table ({@code AGGREGATION} / run id): where the walk over the clocks
 * stopped, how far it got, the earliest work date any clock still has open, and the clocks it had to skip. A run
 * that is cut off (Lambda timeout, crash) is invoked again with the same event and continues from here; closing
 * a clock twice changes nothing, so the page that was in flight is simply done again.
 */
final class AggregationRun {
    enum Phase { CLOCKS, EXPORTS, DONE }

    /** Skipped clocks named in the checkpoint and the summary; beyond, they are counted (each one is logged). */
    static final int SKIPPED_NAMED = 100;

    private final String runId;
    private final Instant startedAt;
    private Phase phase;
    private Map<String, AttributeValue> cursor;
    private long processed;
    private long total;
    private LocalDate earliestOpenDate;
    private final List<String> skipped;
    private long skippedCount;

    private AggregationRun(String runId, Instant startedAt, Phase phase, Map<String, AttributeValue> cursor,
                           long processed, long total, LocalDate earliestOpenDate, List<String> skipped,
                           long skippedCount) {
        this.runId = runId;
        this.startedAt = startedAt;
        this.phase = phase;
        this.cursor = cursor;
        this.processed = processed;
        this.total = total;
        this.earliestOpenDate = earliestOpenDate;
        this.skipped = new ArrayList<>(skipped);
        this.skippedCount = skippedCount;
    }

    /** @param now when this invocation started: the run's start, unless an earlier invocation began it */
    static AggregationRun load(DynamoDbClient db, String table, String runId, Instant now) {
        var item = db.getItem(get -> get.tableName(table).key(key(runId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new AggregationRun(runId, now, Phase.CLOCKS, null, 0, -1, null, List.of(), 0);
        }
        Map<String, AttributeValue> cursor = item.containsKey("cursor_pk") ? Map.of(
                "pk", item.get("cursor_pk"), "sk", item.get("cursor_sk"),
                "clock_list", item.get("cursor_list"), "employee_id", item.get("cursor_employee")) : null;
        return new AggregationRun(runId, item.containsKey("started_at") ? Instant.parse(item.get("started_at").s()) : now,
                Phase.valueOf(item.get("phase").s()), cursor,
                Long.parseLong(item.get("processed").n()), Long.parseLong(item.get("total").n()),
                item.containsKey("earliest_open_date") ? LocalDate.parse(item.get("earliest_open_date").s()) : null,
                item.containsKey("skipped") ? item.get("skipped").l().stream().map(AttributeValue::s).toList() : List.of(),
                item.containsKey("skipped_count") ? Long.parseLong(item.get("skipped_count").n()) : 0);
    }

    void save(DynamoDbClient db, String table) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId));
        item.put("phase", AttributeValue.fromS(phase.name()));
        item.put("processed", AttributeValue.fromN(Long.toString(processed)));
        item.put("total", AttributeValue.fromN(Long.toString(total)));
        item.put("started_at", AttributeValue.fromS(startedAt.toString()));
        if (skippedCount > 0) {
            item.put("skipped", AttributeValue.fromL(skipped.stream().map(AttributeValue::fromS).toList()));
            item.put("skipped_count", AttributeValue.fromN(Long.toString(skippedCount)));
        }
        if (cursor != null) {
            item.put("cursor_pk", cursor.get("pk"));
            item.put("cursor_sk", cursor.get("sk"));
            item.put("cursor_list", cursor.get("clock_list"));
            item.put("cursor_employee", cursor.get("employee_id"));
        }
        if (earliestOpenDate != null) {
            item.put("earliest_open_date", AttributeValue.fromS(earliestOpenDate.toString()));
        }
        db.putItem(put -> put.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String runId) {
        return Map.of("pk", AttributeValue.fromS("AGGREGATION"), "sk", AttributeValue.fromS(runId));
    }

    String runId() {
        return runId;
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
    void advance(Map<String, AttributeValue> nextCursor, int clocks, LocalDate pageEarliestOpen,
                 List<String> pageSkipped) {
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
