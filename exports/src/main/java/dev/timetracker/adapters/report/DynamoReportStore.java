package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.Attributes;
import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.FinalSessions;
import dev.timetracker.adapters.dynamodb.LiveTotalsItems;
import dev.timetracker.adapters.dynamodb.SessionYears;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.report.LiveTotals;
import dev.timetracker.domain.report.ReportStore;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Where the reports get their numbers, all through keys and indexes: the daily aggregates the nightly job
 * stores ({@code DAILY} / date), the final sessions of a date (sessions-by-date index), employees' final
 * figures of a period (their {@link SessionYears} items), and the punch clocks (clocks index, read page by page) for what is not final yet.
 */
public final class DynamoReportStore implements ReportStore {
    /**
     * Set on a date's aggregate when sessions are added to the date after it was written (offline punches may
     * arrive up to 72 h late): the aggregate no longer counts, the date's final sessions do, until the nightly
     * job writes it again.
     */
    public static final String STALE = "stale";
    /** BatchGetItem reads at most 100 keys. */
    private static final int BATCH_KEYS = 100;

    private final DynamoDbClient db;
    private final String timeTable;

    public DynamoReportStore(DynamoDbClient db, String timeTable) {
        this.db = db;
        this.timeTable = timeTable;
    }

    @Override
    public LiveTotals liveTotals(Collection<LocalDate> dates, boolean withStates) {
        return LiveTotalsItems.read(db, timeTable, dates, withStates);
    }

    @Override
    public void forEachClock(Consumer<PunchClock> action, Consumer<UnreadableClockException> unreadable) {
        db.queryPaginator(query -> ClockItems.allClocks(query, timeTable))
                .items()
                .forEach(item -> {
                    PunchClock clock = clockOrNull(item, unreadable);
                    if (clock != null) {
                        action.accept(clock);
                    }
                });
    }

    @Override
    public Map<String, PunchClock> clocks(
            Collection<String> employeeIds, Consumer<UnreadableClockException> unreadable) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(employeeIds));
        Map<String, PunchClock> clocks = new HashMap<>();
        for (int start = 0; start < ids.size(); start += BATCH_KEYS) {
            List<Map<String, AttributeValue>> keys =
                    ids.subList(start, Math.min(ids.size(), start + BATCH_KEYS)).stream()
                            .map(ClockItems::key)
                            .toList();
            BatchReads.get(db, Map.of(timeTable, keys))
                    .getOrDefault(timeTable, List.of())
                    .forEach(item -> {
                        PunchClock clock = clockOrNull(item, unreadable);
                        if (clock != null) {
                            clocks.put(clock.employeeId(), clock);
                        }
                    });
        }
        return clocks;
    }

    /** The clock in an item; null, logged and passed to {@code unreadable}, when it cannot be interpreted. */
    private static @Nullable PunchClock clockOrNull(
            Map<String, AttributeValue> item, Consumer<UnreadableClockException> unreadable) {
        try {
            return ClockItems.fromItem(item);
        } catch (UnreadableClockException failure) {
            Log.warn(
                    "A report left out a clock whose data cannot be interpreted",
                    "employee_id",
                    failure.employeeId(),
                    "reason",
                    failure.reason());
            unreadable.accept(failure);
            return null;
        }
    }

    /** How many punch clocks (employees) there are: a COUNT Query on the clocks index, keys only. */
    public long countClocks() {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = db.query(query ->
                    ClockItems.allClocks(query, timeTable).select(Select.COUNT).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    @Override
    public Map<LocalDate, DayTotals> storedTotals(DateRange range) {
        Map<LocalDate, DayTotals> totals = new HashMap<>();
        db.queryPaginator(query -> query.tableName(timeTable)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS(DailyAggregates.PARTITION),
                                ":from",
                                AttributeValue.fromS(range.from().toString()),
                                ":to",
                                AttributeValue.fromS(range.to().toString()))))
                .items()
                .forEach(item -> {
                    if (!item.containsKey(STALE)) {
                        DayTotals day = DailyAggregates.fromItem(item);
                        totals.put(day.date(), day);
                    }
                });
        return totals;
    }

    @Override
    public DayTotals finalTotals(LocalDate date) {
        DayTotals totals = DayTotals.empty(date);
        for (WorkSession session : new FinalSessions(db, timeTable, date)) {
            totals = totals.add(session);
        }
        return totals;
    }

    /**
     * One consistent BatchGetItem per 100 keys of the employees' {@link SessionYears} items (one key per employee and
     * calendar year of the range): a page of 50 employees over a range within one year is one call, whatever the
     * range's length.
     */
    @Override
    public Map<String, List<WorkSession>> finalSessions(Collection<String> employeeIds, LocalDate from, LocalDate to) {
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(employeeIds));
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (String id : ids) {
            for (int year = from.getYear(); year <= to.getYear(); year++) {
                keys.add(SessionYears.key(id, year));
            }
        }
        Map<String, List<WorkSession>> byEmployee = new HashMap<>();
        for (int start = 0; start < keys.size(); start += BATCH_KEYS) {
            BatchReads.get(db, Map.of(timeTable, keys.subList(start, Math.min(keys.size(), start + BATCH_KEYS))))
                    .getOrDefault(timeTable, List.of())
                    .forEach(item -> {
                        String employeeId = Attributes.required(item, "pk").s().substring("EMPLOYEE#".length());
                        byEmployee
                                .computeIfAbsent(employeeId, id -> new ArrayList<>())
                                .addAll(SessionYears.sessions(employeeId, item, from, to));
                    });
        }
        Map<String, List<WorkSession>> sessions = new LinkedHashMap<>();
        for (String id : ids) {
            List<WorkSession> found = byEmployee.getOrDefault(id, List.of()).stream()
                    .sorted(java.util.Comparator.comparing(WorkSession::workDate))
                    .toList();
            if (!found.isEmpty()) {
                sessions.put(id, found);
            }
        }
        return sessions;
    }
}
