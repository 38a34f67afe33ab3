package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.n;
import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Final time entries and work sessions as items of the employee's partition in the time table. */
public final class TimeItems {
    public static final String SESSION_DATE = "session_date";
    public static final String SESSIONS_BY_DATE_INDEX = "sessions-by-date";

    private TimeItems() {}

    /**
     * {@code ENTRY#<work date>#<timestamp>#<recording number>#<id>}: a Query lists a date's final entries by time
     * and, within one second, in the order they were recorded (the clock's numbering, see PunchClock), as the
     * journal listed them before they became final.
     */
    public static Map<String, AttributeValue> entryKey(TimeEntry entry, long recordingNumber) {
        return Map.of(
                "pk",
                s("EMPLOYEE#" + entry.employeeId()),
                "sk",
                s(DynamoTimeRecords.ENTRY_PREFIX + workDateOf(entry)
                        + "#" + SortableInstant.format(entry.timestamp()) + "#"
                        + String.format("%019d", recordingNumber)
                        + "#" + entry.id()));
    }

    public static Map<String, AttributeValue> entryItem(TimeEntry entry, long recordingNumber) {
        Map<String, AttributeValue> item = new HashMap<>(entryKey(entry, recordingNumber));
        item.put("id", s(entry.id()));
        item.put("employee_id", s(entry.employeeId()));
        item.put("action", s(entry.action().wire()));
        item.put("timestamp", s(entry.timestamp().toString()));
        item.put("recorded_at", s(entry.recordedAt().toString()));
        item.put("work_date", s(workDateOf(entry).toString()));
        item.put("source", s(entry.source().wire()));
        putIfPresent(item, "notes", entry.notes());
        putIfPresent(item, "client_punch_id", entry.clientPunchId());
        return item;
    }

    /**
     * The work date of an entry the ledger dated (a final entry, the journal's latest): one without is a bug of the
     * caller, named here rather than stored under {@code ENTRY#null}.
     */
    static LocalDate workDateOf(TimeEntry entry) {
        LocalDate workDate = entry.workDate();
        if (workDate == null) {
            throw new IllegalArgumentException("entry " + entry.id() + " has no work date");
        }
        return workDate;
    }

    static TimeEntry entryFromItem(Map<String, AttributeValue> item) {
        return new TimeEntry(
                required(item, "id").s(),
                required(item, "employee_id").s(),
                PunchAction.fromWire(required(item, "action").s()),
                Instant.parse(required(item, "timestamp").s()),
                Instant.parse(required(item, "recorded_at").s()),
                LocalDate.parse(required(item, "work_date").s()),
                EntrySource.fromWire(required(item, "source").s()),
                string(item, "notes"),
                string(item, "client_punch_id"));
    }

    public static Map<String, AttributeValue> sessionKey(String employeeId, LocalDate workDate) {
        return Map.of("pk", s("EMPLOYEE#" + employeeId), "sk", s(DynamoTimeRecords.SESSION_PREFIX + workDate));
    }

    public static Map<String, AttributeValue> sessionItem(WorkSession session) {
        Map<String, AttributeValue> item = new HashMap<>(sessionKey(session.employeeId(), session.workDate()));
        item.put("employee_id", s(session.employeeId()));
        item.put("work_date", s(session.workDate().toString()));
        // Only sessions carry this attribute, so the sessions-by-date index holds sessions only.
        item.put(SESSION_DATE, s(session.workDate().toString()));
        item.put("first_in", s(session.firstIn().toString()));
        putIfPresent(
                item,
                "last_out",
                session.lastOut() == null ? null : session.lastOut().toString());
        item.put("worked_seconds", n(session.workedSeconds()));
        item.put("break_seconds", n(session.breakSeconds()));
        List<AttributeValue> cycles = new ArrayList<>();
        for (PunchCycle cycle : session.cycles()) {
            Map<String, AttributeValue> map = new HashMap<>();
            map.put("in", s(cycle.punchIn().toString()));
            putIfPresent(
                    map,
                    "out",
                    cycle.punchOut() == null ? null : cycle.punchOut().toString());
            map.put("worked", n(cycle.workedSeconds()));
            map.put("break", n(cycle.breakSeconds()));
            cycles.add(AttributeValue.fromM(map));
        }
        item.put("cycles", AttributeValue.fromL(cycles));
        item.put("late_seconds", n(session.lateSeconds()));
        item.put("early_leave_seconds", n(session.earlyLeaveSeconds()));
        item.put("overtime_seconds", n(session.overtimeSeconds()));
        item.put("payable_seconds", n(session.payableSeconds()));
        item.put("break_shortfall_seconds", n(session.breakShortfallSeconds()));
        item.put("session_status", s(session.status().wire()));
        item.put(
                "flags",
                AttributeValue.fromL(session.flags().stream().map(Attributes::s).toList()));
        return item;
    }

    /** Every attribute {@link #sessionFromItem} reads: what a read of sessions projects. */
    public static final BatchReads.Projection SESSION_ATTRIBUTES = BatchReads.Projection.of(List.of(
            "employee_id",
            "work_date",
            "first_in",
            "last_out",
            "worked_seconds",
            "break_seconds",
            "cycles",
            "late_seconds",
            "early_leave_seconds",
            "overtime_seconds",
            "payable_seconds",
            "break_shortfall_seconds",
            "session_status",
            "flags"));

    public static WorkSession sessionFromItem(Map<String, AttributeValue> item) {
        List<PunchCycle> cycles = new ArrayList<>();
        for (AttributeValue value : required(item, "cycles").l()) {
            Map<String, AttributeValue> map = value.m();
            cycles.add(new PunchCycle(
                    Instant.parse(required(map, "in").s()),
                    map.containsKey("out") ? Instant.parse(map.get("out").s()) : null,
                    Long.parseLong(required(map, "worked").n()),
                    Long.parseLong(required(map, "break").n())));
        }
        return new WorkSession(
                required(item, "employee_id").s(),
                LocalDate.parse(required(item, "work_date").s()),
                Instant.parse(required(item, "first_in").s()),
                Attributes.instant(item, "last_out"),
                Attributes.number(item, "worked_seconds"),
                Attributes.number(item, "break_seconds"),
                cycles,
                Attributes.number(item, "late_seconds"),
                Attributes.number(item, "early_leave_seconds"),
                Attributes.number(item, "overtime_seconds"),
                // Sessions stored before pay rules existed were paid as worked, without any break shortfall.
                item.containsKey("payable_seconds")
                        ? Attributes.number(item, "payable_seconds")
                        : Attributes.number(item, "worked_seconds"),
                item.containsKey("break_shortfall_seconds") ? Attributes.number(item, "break_shortfall_seconds") : 0,
                SessionStatus.fromWire(required(item, "session_status").s()),
                required(item, "flags").l().stream().map(AttributeValue::s).toList());
    }

    /**
     * A strongly consistent Query of one employee's partition, sort keys {@code from} to {@code to} both included:
     * their entries, sessions and timesheets sort by date or week within it.
     */
    static QueryRequest.Builder employeeRange(
            QueryRequest.Builder query, String table, String employeeId, String from, String to) {
        return query.tableName(table)
                .consistentRead(true)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(
                        ":pk",
                        Attributes.s("EMPLOYEE#" + employeeId),
                        ":from",
                        Attributes.s(from),
                        ":to",
                        Attributes.s(to)));
    }
}
