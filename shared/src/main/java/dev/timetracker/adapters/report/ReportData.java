package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.FinalSessions;
import dev.timetracker.adapters.dynamodb.TimeItems;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.DayTotals;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the reports get their numbers, all through keys and indexes: the daily aggregates the nightly job
 * stores ({@code DAILY} / date), the final sessions of a date (sessions-by-date index), an employee's sessions
 * (their partition), and the punch clocks (clocks index, read page by page) for what is not final yet.
 */
public final class ReportData {
    /** Journals only hold dates that are not final; none stays open longer than a few days. */
    public static final int JOURNAL_DAYS = 4;
    /**
     * Set on a date's aggregate when sessions are added to the date after it was written (offline punches may
     * arrive up to 72 h late): the aggregate no longer counts, the date's final sessions do, until the nightly
     * job writes it again.
     */
    public static final String STALE = "stale";

    private final DynamoDbClient db;
    private final String timeTable;

    public ReportData(DynamoDbClient db, String timeTable) {
        this.db = db;
        this.timeTable = timeTable;
    }

    /**
     * Every punch clock, a page at a time (the clocks index), without holding them all. A clock that cannot be
     * interpreted goes to {@code unreadable} instead of {@code action}, and the walk goes on: one employee's data
     * never takes a report down for everyone.
     */
    public void forEachClock(Consumer<PunchClock> action, Consumer<UnreadableClockException> unreadable) {
        db.queryPaginator(query -> query.tableName(timeTable).indexName(ClockItems.CLOCKS_INDEX)
                        .keyConditionExpression("clock_list = :list")
                        .expressionAttributeValues(Map.of(":list", AttributeValue.fromS("CLOCK"))))
                .items().forEach(item -> {
                    PunchClock clock = clockOrNull(item, unreadable);
                    if (clock != null) {
                        action.accept(clock);
                    }
                });
    }

    /** The clock in an item; null, logged and passed to {@code unreadable}, when it cannot be interpreted. */
    public static PunchClock clockOrNull(Map<String, AttributeValue> item, Consumer<UnreadableClockException> unreadable) {
        try {
            return ClockItems.fromItem(item);
        } catch (UnreadableClockException failure) {
            Log.warn("A report left out a clock whose data cannot be interpreted", "employee_id", failure.employeeId(),
                    "reason", failure.reason());
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
            var page = db.query(query -> query.tableName(timeTable).indexName(ClockItems.CLOCKS_INDEX)
                    .keyConditionExpression("clock_list = :list")
                    .expressionAttributeValues(Map.of(":list", AttributeValue.fromS("CLOCK")))
                    .select(Select.COUNT).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /**
     * The aggregates the nightly job stored for dates in the range (dates it has not done yet, and dates whose
     * aggregate is {@link #STALE}, are absent).
     */
    public Map<LocalDate, DayTotals> storedTotals(DateRange range) {
        Map<LocalDate, DayTotals> totals = new HashMap<>();
        db.queryPaginator(query -> query.tableName(timeTable).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("DAILY"),
                                ":from", AttributeValue.fromS(range.from().toString()),
                                ":to", AttributeValue.fromS(range.to().toString()))))
                .items().forEach(item -> {
                    if (item.containsKey(STALE)) {
                        return;
                    }
                    LocalDate date = LocalDate.parse(item.get("date").s());
                    totals.put(date, new DayTotals(date, number(item, "employees_present"), number(item, "worked_seconds"),
                            number(item, "break_seconds"), number(item, "late_count")));
                });
        return totals;
    }

    /** The final sessions of a date, added up. */
    public DayTotals finalTotals(LocalDate date) {
        DayTotals totals = DayTotals.empty(date);
        for (WorkSession session : new FinalSessions(db, timeTable, date)) {
            totals = totals.add(session);
        }
        return totals;
    }

    /** One employee's final sessions in the range, oldest first. */
    public List<WorkSession> finalSessions(String employeeId, DateRange range) {
        return finalSessions(employeeId, range.from(), range.to());
    }

    /**
     * One employee's final sessions from {@code from} to {@code to}, both included, oldest first: a range that may
     * run a few days beyond the API's (the start of the week before it, for weekly overtime).
     */
    public List<WorkSession> finalSessions(String employeeId, LocalDate from, LocalDate to) {
        List<WorkSession> sessions = new ArrayList<>();
        db.queryPaginator(query -> query.tableName(timeTable).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("EMPLOYEE#" + employeeId),
                                ":from", AttributeValue.fromS("SESSION#" + from),
                                ":to", AttributeValue.fromS("SESSION#" + to))))
                .items().forEach(item -> sessions.add(TimeItems.sessionFromItem(item)));
        return sessions;
    }

    /** Sessions in a clock's journal (not final yet) whose work dates fall in the range. */
    public static List<WorkSession> journalSessions(PunchClock clock, DateRange range, BusinessHoursTimeline timeline,
                                                    Instant now) {
        return journalSessions(clock, range.from(), range.to(), timeline, now);
    }

    /** Sessions in a clock's journal (not final yet) from {@code from} to {@code to}, both included. */
    public static List<WorkSession> journalSessions(PunchClock clock, LocalDate from, LocalDate to,
                                                    BusinessHoursTimeline timeline, Instant now) {
        return clock.ledger().sessions(timeline, now).stream()
                .filter(session -> !session.workDate().isBefore(from) && !session.workDate().isAfter(to))
                .toList();
    }

    /** Whether any date of the range can still be in a journal, i.e. whether the clocks must be read. */
    public static boolean touchesJournals(DateRange range, LocalDate today) {
        return !range.to().isBefore(today.minusDays(JOURNAL_DAYS));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(item.get(name).n());
    }
}
