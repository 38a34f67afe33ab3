package dev.timetracker.functions.aggregation;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The checkpoint of one run, in the time table ({@code AGGREGATION} / run id): where the walk over the clocks
 * stopped, how far it got, and the earliest work date any clock still has open. A run that is cut off (Lambda
 * timeout, crash) is invoked again with the same event and continues from here; closing a clock twice changes
 * nothing, so the page that was in flight is simply done again.
 */
final class AggregationRun {
    enum Phase { CLOCKS, EXPORTS, DONE }

    private final String runId;
    private Phase phase;
    private Map<String, AttributeValue> cursor;
    private long processed;
    private long total;
    private LocalDate earliestOpenDate;

    private AggregationRun(String runId, Phase phase, Map<String, AttributeValue> cursor, long processed, long total,
                           LocalDate earliestOpenDate) {
        this.runId = runId;
        this.phase = phase;
        this.cursor = cursor;
        this.processed = processed;
        this.total = total;
        this.earliestOpenDate = earliestOpenDate;
    }

    static AggregationRun load(DynamoDbClient db, String table, String runId) {
        var item = db.getItem(get -> get.tableName(table).key(key(runId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new AggregationRun(runId, Phase.CLOCKS, null, 0, -1, null);
        }
        Map<String, AttributeValue> cursor = item.containsKey("cursor_pk") ? Map.of(
                "pk", item.get("cursor_pk"), "sk", item.get("cursor_sk"),
                "clock_list", item.get("cursor_list"), "employee_id", item.get("cursor_employee")) : null;
        return new AggregationRun(runId, Phase.valueOf(item.get("phase").s()), cursor,
                Long.parseLong(item.get("processed").n()), Long.parseLong(item.get("total").n()),
                item.containsKey("earliest_open_date") ? LocalDate.parse(item.get("earliest_open_date").s()) : null);
    }

    void save(DynamoDbClient db, String table) {
        Map<String, AttributeValue> item = new HashMap<>(key(runId));
        item.put("phase", AttributeValue.fromS(phase.name()));
        item.put("processed", AttributeValue.fromN(Long.toString(processed)));
        item.put("total", AttributeValue.fromN(Long.toString(total)));
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

    /** One page of clocks done: move the cursor and remember the earliest date still open. */
    void advance(Map<String, AttributeValue> nextCursor, int clocks, LocalDate pageEarliestOpen) {
        this.cursor = nextCursor;
        this.processed += clocks;
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
