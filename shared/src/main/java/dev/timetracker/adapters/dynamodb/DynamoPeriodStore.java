package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.n;
import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.PeriodJson;
import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.correction.CorrectionStatus;
import dev.timetracker.domain.period.IsoWeek;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodStore;
import dev.timetracker.domain.period.Timesheet;
import dev.timetracker.domain.period.TimesheetStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Timesheets ({@code EMPLOYEE#<id>} / {@code TIMESHEET#<YYYY-Www>}) and the pay-period lock ({@code LOCK} /
 * {@code LOCK}) in the time table (docs/storage.md). Each change is one TransactWriteItems: the item, conditional
 * on the state it was decided from, and its audit record. A refused condition returns the stored item (ALL_OLD),
 * so a conflict needs no second read.
 */
public final class DynamoPeriodStore implements PeriodStore {
    static final String TIMESHEET_PREFIX = "TIMESHEET#";
    private static final String LOCK = "LOCK";
    /** One strongly consistent BatchGetItem per index page confirms its candidates (100 keys at most). */
    private static final int CANDIDATES_PER_PAGE = 100;

    private static final BatchReads.Projection OPEN_CYCLE_ATTRIBUTES =
            BatchReads.Projection.of(List.of("pk", "employee_id", ClockItems.OPEN_AT, "zone"));
    private static final BatchReads.Projection PENDING_CORRECTION_ATTRIBUTES =
            BatchReads.Projection.of(List.of("id", "employee_id", "work_date", "status"));

    private final DynamoDbClient db;
    private final String table;
    private final String auditTable;

    public DynamoPeriodStore(DynamoDbClient db, String table, String auditTable) {
        this.db = db;
        this.table = table;
        this.auditTable = auditTable;
    }

    @Override
    public Optional<Timesheet> timesheet(String employeeId, IsoWeek week) {
        var item = db.getItem(get ->
                        get.tableName(table).key(timesheetKey(employeeId, week)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(timesheetFromItem(item));
    }

    /** One Query of the employee's partition: {@code TIMESHEET#<YYYY-Www>} sorts by week. */
    @Override
    public List<Timesheet> timesheets(String employeeId, IsoWeek from, IsoWeek to) {
        List<Timesheet> sheets = new ArrayList<>();
        db.queryPaginator(query -> TimeItems.employeeRange(
                        query, table, employeeId, TIMESHEET_PREFIX + from, TIMESHEET_PREFIX + to))
                .items()
                .forEach(item -> sheets.add(timesheetFromItem(item)));
        return sheets;
    }

    @Override
    public void saveTimesheet(Timesheet before, Timesheet after, AuditStamp audit) {
        Map<String, AttributeValue> item = new HashMap<>(timesheetKey(after.employeeId(), after.week()));
        item.put("employee_id", s(after.employeeId()));
        item.put("week", s(after.week().toString()));
        item.put("status", s(after.status().wire()));
        putIfPresent(
                item,
                "submitted_at",
                after.submittedAt() == null ? null : after.submittedAt().toString());
        putIfPresent(item, "approved_by", after.approvedBy());
        putIfPresent(
                item,
                "approved_at",
                after.approvedAt() == null ? null : after.approvedAt().toString());
        // An open week may have no item at all (never submitted) or one that was reopened.
        String condition = before.status() == TimesheetStatus.OPEN
                ? "attribute_not_exists(pk) OR #status = :read"
                : "#status = :read";
        Put put = Put.builder()
                .tableName(table)
                .item(item)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":read", s(before.status().wire())))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(put).build());
        // One employee's timesheets are one audit history (entity id: the employee); before and after name the week.
        writes.add(AuditItems.put(
                auditTable,
                audit,
                "timesheet",
                after.employeeId(),
                Json.write(PeriodJson.timesheetState(before)),
                Json.write(PeriodJson.timesheetState(after))));
        if (before.locksItsDates() != after.locksItsDates()) {
            writes.add(approvedWeeksUpdate(after));
        }
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException refused) {
            if (Transactions.failedCondition(refused, 0)) {
                Map<String, AttributeValue> stored =
                        refused.cancellationReasons().get(0).item();
                throw new TimesheetChanged(
                        stored == null || stored.isEmpty()
                                ? Timesheet.open(after.employeeId(), after.week())
                                : timesheetFromItem(stored));
            }
            throw refused;
        }
    }

    /**
     * The clock's copy of the approved weeks ({@link ClockItems#APPROVED_WEEKS}), in the transaction that approves or
     * reopens the week, so a punch's own condition refuses its dates from that moment on (ADD and DELETE on a string
     * set: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
     */
    private TransactWriteItem approvedWeeksUpdate(Timesheet after) {
        String action = after.locksItsDates() ? "ADD " : "DELETE ";
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(ClockItems.key(after.employeeId()))
                        .updateExpression(action + ClockItems.APPROVED_WEEKS + " :week")
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(
                                ":week",
                                AttributeValue.fromSs(List.of(after.week().toString()))))
                        .build())
                .build();
    }

    @Override
    public VersionedLock lock() {
        var item = db.getItem(get -> get.tableName(table).key(lockKey()).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return new VersionedLock(PayPeriodLock.NONE, 0);
        }
        // A lock stored before effective_at existed was in force for punches from its move on.
        Instant movedAt = Attributes.instant(item, "moved_at");
        LocalDate through = LocalDate.parse(required(item, "through").s());
        Instant effectiveAt = item.containsKey("effective_at") ? Attributes.instant(item, "effective_at") : movedAt;
        LocalDate previous = item.containsKey("previous_through")
                ? LocalDate.parse(string(item, "previous_through"))
                : item.containsKey("effective_at") ? null : through;
        return new VersionedLock(
                new PayPeriodLock(
                        through, string(item, "reason"), string(item, "moved_by"), movedAt, effectiveAt, previous),
                Attributes.number(item, "version"));
    }

    @Override
    public void moveLock(VersionedLock before, PayPeriodLock after, AuditStamp audit) {
        LocalDate through = after.through();
        String movedBy = after.movedBy();
        Instant movedAt = after.movedAt();
        Instant effectiveAt = after.effectiveAt();
        if (through == null || movedBy == null || movedAt == null || effectiveAt == null) {
            throw new IllegalArgumentException("only a lock that was moved is stored, not " + after);
        }
        Map<String, AttributeValue> item = new HashMap<>(lockKey());
        item.put("through", s(through.toString()));
        putIfPresent(item, "reason", after.reason());
        item.put("moved_by", s(movedBy));
        item.put("moved_at", s(movedAt.toString()));
        item.put("effective_at", s(effectiveAt.toString()));
        putIfPresent(
                item,
                "previous_through",
                after.previousThrough() == null ? null : after.previousThrough().toString());
        item.put("version", n(before.version() + 1));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (before.exists()) {
            put.conditionExpression("version = :read").expressionAttributeValues(Map.of(":read", n(before.version())));
        } else {
            put.conditionExpression("attribute_not_exists(pk)");
        }
        try {
            Transactions.write(
                    db,
                    List.of(
                            TransactWriteItem.builder().put(put.build()).build(),
                            AuditItems.put(
                                    auditTable,
                                    audit,
                                    "pay_period_lock",
                                    LOCK.toLowerCase(java.util.Locale.ROOT),
                                    before.exists() ? Json.write(PeriodJson.lock(before.lock())) : null,
                                    Json.write(PeriodJson.lock(after)))));
        } catch (TransactionCanceledException refused) {
            if (Transactions.failedCondition(refused, 0)) {
                throw new ConflictException(
                        "lock-moved", "Someone else moved the pay-period lock meanwhile; read it and decide again");
            }
            throw refused;
        }
    }

    /**
     * The {@code open-clocks} index holds a clock while its latest cycle is open, sorted by that cycle's punch_in
     * ({@code open_at}, epoch ms). A work date is the punch_in's date in the employee's zone, and no zone is behind
     * {@link ZoneOffset#MIN}, so every cycle of a date up to {@code through} punched in before the end of
     * {@code through} at that offset. The index is eventually consistent: a cycle punched out a moment ago may
     * still be listed (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reading), so
     * the index only names candidates, and each page of them is decided by a strongly consistent BatchGetItem of
     * their clocks ({@code open_at} and {@code zone} only): a lock is never refused for a cycle that is closed.
     */
    @Override
    public List<OpenCycle> openCyclesThrough(LocalDate through, int limit) {
        long bound =
                through.plusDays(1).atStartOfDay().toInstant(ZoneOffset.MIN).toEpochMilli();
        List<OpenCycle> open = new ArrayList<>();
        for (var page : db.queryPaginator(query -> query.tableName(table)
                .indexName(ClockItems.OPEN_CLOCKS_INDEX)
                .keyConditionExpression(ClockItems.CLOCK_LIST + " = :clocks AND " + ClockItems.OPEN_AT + " < :bound")
                .expressionAttributeValues(Map.of(":clocks", s(ClockItems.SORT_KEY), ":bound", n(bound)))
                .limit(CANDIDATES_PER_PAGE))) {
            List<Map<String, AttributeValue>> candidates = page.items().stream()
                    .map(item -> ClockItems.key(ClockItems.employeeIdOf(item)))
                    .toList();
            List<Map<String, AttributeValue>> clocks =
                    BatchReads.getMany(db, table, candidates, OPEN_CYCLE_ATTRIBUTES, BatchReads.Consistency.STRONG);
            clocks.stream()
                    .filter(clock -> clock.containsKey(ClockItems.OPEN_AT))
                    .map(clock -> new OpenCycle(
                            ClockItems.employeeIdOf(clock),
                            LocalDate.ofInstant(
                                    Instant.ofEpochMilli(Attributes.number(clock, ClockItems.OPEN_AT)),
                                    ZoneId.of(required(clock, "zone").s()))))
                    .filter(cycle -> !cycle.workDate().isAfter(through))
                    .sorted(Comparator.comparing(OpenCycle::workDate).thenComparing(OpenCycle::employeeId))
                    .limit(limit - open.size())
                    .forEach(open::add);
            if (open.size() == limit) {
                return open;
            }
        }
        return open;
    }

    /**
     * The {@code corrections} index sorts every correction by {@code <work date>#<id>} in one partition; the dates a
     * move closes are one key range of it, and the status a filter (ProjectionType ALL). Only that range is read:
     * dates under the lock already refuse new corrections. The index is eventually consistent like every GSI
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reading): a correction decided
     * a moment ago may still show as pending there, so, as for open cycles, each page of candidates is decided by a
     * strongly consistent BatchGetItem of the corrections themselves.
     */
    @Override
    public List<PendingCorrection> pendingCorrections(@Nullable LocalDate after, LocalDate through, int limit) {
        // "#" sorts before every digit, so "<after>#~" is past every id of that date and before the next date.
        String from = after == null ? "0000" : after + "#~";
        List<PendingCorrection> pending = new ArrayList<>();
        for (var page : db.queryPaginator(query -> query.tableName(table)
                .indexName(DynamoCorrectionStore.INDEX)
                .keyConditionExpression(DynamoCorrectionStore.LIST + " = :list AND " + DynamoCorrectionStore.SORT
                        + " BETWEEN :from AND :to")
                .filterExpression("#status = :pending")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":list",
                        s(DynamoCorrectionStore.SORT_KEY),
                        ":from",
                        s(from),
                        ":to",
                        s(through + "#~"),
                        ":pending",
                        s(CorrectionStatus.PENDING.wire())))
                .limit(CANDIDATES_PER_PAGE))) {
            List<Map<String, AttributeValue>> candidates = page.items().stream()
                    .map(item -> DynamoCorrectionStore.key(required(item, "id").s()))
                    .toList();
            BatchReads.getMany(db, table, candidates, PENDING_CORRECTION_ATTRIBUTES, BatchReads.Consistency.STRONG)
                    .stream()
                    .filter(item -> CorrectionStatus.PENDING
                            .wire()
                            .equals(required(item, "status").s()))
                    .map(item -> new PendingCorrection(
                            required(item, "id").s(),
                            required(item, "employee_id").s(),
                            LocalDate.parse(required(item, "work_date").s())))
                    .sorted(Comparator.comparing(PendingCorrection::workDate)
                            .thenComparing(PendingCorrection::correctionId))
                    .limit(limit - pending.size())
                    .forEach(pending::add);
            if (pending.size() == limit) {
                return pending;
            }
        }
        return pending;
    }

    private static Map<String, AttributeValue> timesheetKey(String employeeId, IsoWeek week) {
        return Map.of("pk", s("EMPLOYEE#" + employeeId), "sk", s(TIMESHEET_PREFIX + week));
    }

    private static Map<String, AttributeValue> lockKey() {
        return Map.of("pk", s(LOCK), "sk", s(LOCK));
    }

    private static Timesheet timesheetFromItem(Map<String, AttributeValue> item) {
        return new Timesheet(
                required(item, "employee_id").s(),
                IsoWeek.parse("week", required(item, "week").s()),
                TimesheetStatus.fromWire(required(item, "status").s()),
                Attributes.instant(item, "submitted_at"),
                string(item, "approved_by"),
                Attributes.instant(item, "approved_at"));
    }

    /**
     * A transaction's check that the week of {@code date} is not approved for the employee (absent counts as open):
     * what a write that changes the date carries, so that an approval committed first refuses it.
     */
    static TransactWriteItem weekNotApproved(String table, String employeeId, LocalDate date) {
        return TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(Map.of(
                                "pk",
                                AttributeValue.fromS("EMPLOYEE#" + employeeId),
                                "sk",
                                AttributeValue.fromS(TIMESHEET_PREFIX + IsoWeek.of(date))))
                        .conditionExpression("attribute_not_exists(pk) OR #status <> :approved")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(
                                Map.of(":approved", AttributeValue.fromS(TimesheetStatus.APPROVED.wire())))
                        .build())
                .build();
    }
}
