package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.adapters.json.CorrectionJson;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.correction.CorrectedDay;
import dev.timetracker.domain.correction.Correction;
import dev.timetracker.domain.correction.CorrectionChange;
import dev.timetracker.domain.correction.CorrectionFilter;
import dev.timetracker.domain.correction.CorrectionStatus;
import dev.timetracker.domain.correction.CorrectionStore;
import dev.timetracker.domain.correction.DayEntries;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.period.IsoWeek;
import dev.timetracker.domain.period.PeriodStore;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Corrections in the time table (docs/storage.md, "Corrections, timesheets and the pay-period lock").
 *
 * <p>A correction is the item {@code CORRECTION#<id>} / {@code CORRECTION}; it carries {@code corr_list} and
 * {@code corr_sort} ({@code <work date>#<id>}) for the one index {@code corrections}, which the listings Query with
 * the employee and status as filters. One index, because a table update can create only one global secondary index
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html).
 *
 * <p>Applying a correction is one TransactWriteItems: the clock's {@code version} condition proves the day is the
 * one that was validated (every punch, closing and correction advances it). Journal entries that are voided leave
 * the journal and are kept at once as final {@code ENTRY#} items with {@code voided_by}; final ones gain
 * {@code voided_by}. Added entries join the journal, or, on a final date (one with a session on or after it), are
 * put as {@code ENTRY#} items, and the date's session and {@code DAILY} aggregate follow in the same transaction.
 */
public final class DynamoCorrectionStore implements CorrectionStore {
    public static final String INDEX = "corrections";
    static final String LIST = "corr_list";
    static final String SORT = "corr_sort";
    static final String VOIDED_BY = "voided_by";
    private static final String PREFIX = "CORRECTION#";
    static final String SORT_KEY = "CORRECTION";
    /** How far around the corrected date the neighbours are looked for (docs/storage.md). */
    private static final int NEIGHBOUR_DAYS = 7;

    private static final Set<String> INDEX_KEYS = Set.of("pk", "sk", LIST, SORT);

    private final DynamoDbClient db;
    private final String table;
    private final String auditTable;
    private final PeriodStore periods;
    private final CursorCodec cursors;
    private final Function<LocalDate, Update> finalSessionsChanging;

    /**
     * @param finalSessionsChanging the write a change of a final date's sessions carries in its own transaction
     *     (the export module's {@code DailyFiles.sessionsChanging}: the date's daily file and aggregate are then
     *     written again), passed in so that shared does not depend on the export module
     */
    public DynamoCorrectionStore(
            DynamoDbClient db,
            String table,
            String auditTable,
            CursorCodec cursors,
            Function<LocalDate, Update> finalSessionsChanging) {
        this.db = db;
        this.table = table;
        this.auditTable = auditTable;
        this.periods = new DynamoPeriodStore(db, table, auditTable);
        this.cursors = cursors;
        this.finalSessionsChanging = finalSessionsChanging;
    }

    /** The clock and the date's surroundings as read: what {@link #apply} writes on. */
    private record Read(
            ClockItems.CorrectionBasis clock, DayEntries day, Map<String, Map<String, AttributeValue>> finalItems) {}

    @Override
    public Optional<Basis> day(String employeeId, LocalDate workDate) {
        return read(employeeId, workDate)
                .map(read -> new Basis(read.day(), read.clock().version()));
    }

    private Optional<Read> read(String employeeId, LocalDate workDate) {
        Map<String, AttributeValue> clockItem = ClockItems.readLatest(db, table, employeeId);
        if (clockItem == null) {
            return Optional.empty();
        }
        ClockItems.CorrectionBasis clock = ClockItems.forCorrection(clockItem);
        Map<String, Map<String, AttributeValue>> finalItems = new HashMap<>();
        List<TimeEntry> all = new ArrayList<>();
        db.queryPaginator(query -> TimeItems.employeeRange(
                        query,
                        table,
                        employeeId,
                        DynamoTimeRecords.ENTRY_PREFIX + workDate.minusDays(NEIGHBOUR_DAYS),
                        DynamoTimeRecords.ENTRY_PREFIX + workDate.plusDays(NEIGHBOUR_DAYS) + "~"))
                .items()
                .forEach(item -> {
                    if (!item.containsKey(VOIDED_BY)) {
                        TimeEntry entry = TimeItems.entryFromItem(item);
                        finalItems.put(entry.id(), item);
                        all.add(entry);
                    }
                });
        // Final items come first within one second: they were recorded before whatever is still in the journal.
        all.addAll(clock.datedJournal());
        all.sort(Comparator.comparing(TimeEntry::timestamp));
        return Optional.of(new Read(
                clock,
                DayEntries.around(employeeId, workDate, clock.zone(), all, hasSessionFrom(employeeId, workDate)),
                finalItems));
    }

    /**
     * Whether the nightly job has made the date final: it writes a session for every final date that has entries,
     * in date order, so a session on or after the date means the date is no longer the journal's.
     */
    private boolean hasSessionFrom(String employeeId, LocalDate workDate) {
        return !db.query(query -> TimeItems.employeeRange(
                                query,
                                table,
                                employeeId,
                                DynamoTimeRecords.SESSION_PREFIX + workDate,
                                DynamoTimeRecords.SESSION_PREFIX + "~")
                        .limit(1))
                .items()
                .isEmpty();
    }

    @Override
    public ClosedDates closedDates(String employeeId, LocalDate workDate) {
        return new ClosedDates(
                periods.lock().lock(),
                periods.timesheet(employeeId, IsoWeek.of(workDate)).stream().toList());
    }

    @Override
    public void request(Correction pending, AuditStamp audit) {
        Transactions.write(
                db,
                List.of(
                        correctionPut(pending, null),
                        AuditItems.put(
                                auditTable,
                                audit,
                                "correction",
                                pending.id(),
                                null,
                                Json.write(CorrectionJson.auditState(pending, null)))));
    }

    @Override
    public void apply(
            Correction decided,
            @Nullable Correction pending,
            Basis basis,
            CorrectedDay result,
            @Nullable WorkSession session,
            AuditStamp audit,
            BusinessHoursTimeline timeline) {
        LocalDate date = decided.workDate();
        Read read = read(decided.employeeId(), date).orElseThrow(DayChanged::new);
        if (read.clock().version() != basis.version()) {
            throw new DayChanged();
        }
        ClockItems.CorrectionBasis clock = read.clock();
        boolean finalDate = basis.day().finalDate();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(correctionPut(decided, pending));
        int clockIndex = writes.size();
        List<TimeEntry> journal = new ArrayList<>();
        List<TimeEntry> datedJournal = clock.datedJournal();
        for (int i = 0; i < datedJournal.size(); i++) {
            TimeEntry entry = datedJournal.get(i);
            if (!result.voided().contains(entry.id())) {
                journal.add(entry);
            }
        }
        if (!finalDate) {
            journal.addAll(result.added());
            journal.sort(Comparator.comparing(TimeEntry::timestamp));
        }
        writes.add(clockUpdate(clock, journal, basis, result));
        int lockIndex = writes.size();
        writes.add(lockCheck(table, date));
        writes.add(DynamoPeriodStore.weekNotApproved(table, decided.employeeId(), date));
        int entriesFrom = writes.size();
        for (int i = 0; i < datedJournal.size(); i++) {
            TimeEntry entry = datedJournal.get(i);
            if (result.voided().contains(entry.id())) {
                // Kept as what was punched, at its recording number, out of the journal's way.
                Map<String, AttributeValue> item = new HashMap<>(TimeItems.entryItem(entry, clock.journalStart() + i));
                item.put(VOIDED_BY, s(decided.id()));
                writes.add(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table)
                                .item(item)
                                .conditionExpression("attribute_not_exists(pk)")
                                .build())
                        .build());
            }
        }
        for (String voided : result.voided()) {
            Map<String, AttributeValue> item = read.finalItems().get(voided);
            if (item != null) {
                writes.add(TransactWriteItem.builder()
                        .update(Update.builder()
                                .tableName(table)
                                .key(Map.of("pk", required(item, "pk"), "sk", required(item, "sk")))
                                .updateExpression("SET " + VOIDED_BY + " = :by")
                                .conditionExpression("attribute_exists(pk) AND attribute_not_exists(" + VOIDED_BY + ")")
                                .expressionAttributeValues(Map.of(":by", s(decided.id())))
                                .build())
                        .build());
            }
        }
        if (finalDate) {
            // After everything the clock has numbered so far, so within one second they list after what was punched.
            long number = clock.journalStart() + datedJournal.size();
            for (TimeEntry added : result.added()) {
                writes.add(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table)
                                .item(TimeItems.entryItem(added.withWorkDate(date), number++))
                                .conditionExpression("attribute_not_exists(pk)")
                                .build())
                        .build());
            }
            writes.add(
                    session == null
                            ? TransactWriteItem.builder()
                                    .delete(Delete.builder()
                                            .tableName(table)
                                            .key(TimeItems.sessionKey(decided.employeeId(), date))
                                            .build())
                                    .build()
                            : TransactWriteItem.builder()
                                    .put(Put.builder()
                                            .tableName(table)
                                            .item(TimeItems.sessionItem(session))
                                            .build())
                                    .build());
            writes.addAll(SessionYears.updates(
                    table,
                    decided.employeeId(),
                    session == null ? List.of() : List.of(session),
                    session == null ? List.of(date) : List.of()));
            // The periods function writes the date's file again once this has committed (DailyFiles.rewriteIfStale).
            writes.add(TransactWriteItem.builder()
                    .update(finalSessionsChanging.apply(date))
                    .build());
        }
        int entriesTo = writes.size();
        // The live totals: the journal's figures and, on a final date, its session's, after minus before (a clock
        // that cannot be folded counts for nothing, as in every other writer: ClockFigures.ofReadable).
        ClockFigures before =
                ClockFigures.ofReadable(clock.employeeId(), clock.zone(), clock.active(), datedJournal, timeline);
        ClockFigures after =
                ClockFigures.ofReadable(clock.employeeId(), clock.zone(), clock.active(), journal, timeline);
        if (finalDate) {
            before = before.plus(ClockFigures.ofFinal(storedSession(decided.employeeId(), date), timeline));
            after = after.plus(ClockFigures.ofFinal(session == null ? List.of() : List.of(session), timeline));
        }
        writes.addAll(LiveTotalsItems.adds(table, decided.employeeId(), after.minus(before)));
        writes.add(AuditItems.put(
                auditTable,
                audit,
                "correction",
                decided.id(),
                Json.write(CorrectionJson.auditState(pending, basis.day().entries())),
                Json.write(CorrectionJson.auditState(decided, result.entries()))));
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException refused) {
            if (pending != null && Transactions.failedCondition(refused, 0)) {
                throw new AlreadyDecided(storedOrRead(refused, pending.id()));
            }
            if (Transactions.failedConditionIn(refused, lockIndex, lockIndex + 2)) {
                closedDates(decided.employeeId(), date).requireOpen(date);
            }
            if (Transactions.failedConditionIn(refused, clockIndex, clockIndex + 3)
                    || Transactions.failedConditionIn(refused, entriesFrom, entriesTo)) {
                throw new DayChanged();
            }
            throw refused;
        }
    }

    /** The date's stored session (none or one): what the correction's session replaces in the live totals. */
    private List<WorkSession> storedSession(String employeeId, LocalDate date) {
        var item = db.getItem(get -> get.tableName(table)
                        .key(TimeItems.sessionKey(employeeId, date))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? List.of() : List.of(TimeItems.sessionFromItem(item));
    }

    @Override
    public void reject(Correction rejected, Correction pending, AuditStamp audit) {
        try {
            Transactions.write(
                    db,
                    List.of(
                            correctionPut(rejected, pending),
                            AuditItems.put(
                                    auditTable,
                                    audit,
                                    "correction",
                                    rejected.id(),
                                    Json.write(CorrectionJson.auditState(pending, null)),
                                    Json.write(CorrectionJson.auditState(rejected, null)))));
        } catch (TransactionCanceledException refused) {
            if (Transactions.failedCondition(refused, 0)) {
                throw new AlreadyDecided(storedOrRead(refused, pending.id()));
            }
            throw refused;
        }
    }

    @Override
    public Optional<Correction> find(String id) {
        var item = db.getItem(get -> get.tableName(table).key(key(id)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * Newest work date first. The employee and status are filters on the one index (see the class comment); a page
     * that they thin out is topped up by {@link PagedQuery}. The index is eventually consistent: a correction of the
     * last moment may be missing (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reading).
     */
    @Override
    public Page<Correction> list(CorrectionFilter filter, PageRequest page) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        values.put(":list", s(SORT_KEY));
        values.put(":from", s(filter.from() == null ? "0000" : filter.from().toString()));
        values.put(":to", s((filter.to() == null ? "9999-12-31" : filter.to().toString()) + "#~"));
        List<String> filters = new ArrayList<>();
        if (filter.employeeId() != null) {
            filters.add("corr_employee = :employee");
            values.put(":employee", s(filter.employeeId()));
        }
        if (filter.status() != null) {
            filters.add("#status = :status");
            names.put("#status", "status");
            values.put(":status", s(filter.status().wire()));
        }
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(table)
                .indexName(INDEX)
                .keyConditionExpression(LIST + " = :list AND " + SORT + " BETWEEN :from AND :to")
                .expressionAttributeValues(values)
                .scanIndexForward(false);
        if (!filters.isEmpty()) {
            query.filterExpression(String.join(" AND ", filters));
        }
        if (!names.isEmpty()) {
            query.expressionAttributeNames(names);
        }
        String listing =
                "corrections/" + filter.employeeId() + "/" + filter.status() + "/" + filter.from() + "/" + filter.to();
        return PagedQuery.run(db, query.build(), INDEX_KEYS, page, cursors, listing, DynamoCorrectionStore::fromItem);
    }

    /**
     * The clock after the correction: the new journal, a new version, and the state and {@code last_at} of the
     * employee's latest effective entry, which the correction may have changed (a forgotten punch_out added to the
     * open cycle ends it), with {@code open_at} kept to the open cycle's punch_in.
     */
    private TransactWriteItem clockUpdate(
            ClockItems.CorrectionBasis clock, List<TimeEntry> journal, Basis basis, CorrectedDay result) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        StringBuilder set =
                new StringBuilder("SET journal = :journal, version = version + :one, journal_bytes = :bytes");
        List<String> remove = new ArrayList<>();
        values.put(
                ":journal",
                AttributeValue.fromL(journal.stream().map(ClockItems::entry).toList()));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":read", AttributeValue.fromN(Long.toString(basis.version())));
        values.put(":bytes", AttributeValue.fromN(Long.toString(ClockItems.journalBytes(journal, clock.receipts()))));
        List<TimeEntry> latestDay = latestEntries(journal, basis, result);
        if (latestDay != null) {
            names.put("#state", "state");
            if (latestDay.isEmpty()) {
                set.append(", #state = :off");
                values.put(":off", s(WorkState.OFF.wire()));
                remove.add(ClockItems.LAST_AT);
                remove.add(ClockItems.OPEN_AT);
            } else {
                TimeEntry latest = latestDay.get(latestDay.size() - 1);
                WorkState state = PunchStateMachine.stateAfter(latest.action());
                set.append(", #state = :state, ").append(ClockItems.LAST_AT).append(" = :last");
                values.put(":state", s(state.wire()));
                values.put(":last", ClockItems.lastAt(latest.timestamp()));
                Instant openIn = state == WorkState.OFF ? null : openPunchIn(latestDay);
                if (openIn == null) {
                    remove.add(ClockItems.OPEN_AT);
                } else {
                    set.append(", ").append(ClockItems.OPEN_AT).append(" = :open");
                    values.put(":open", ClockItems.lastAt(openIn));
                }
            }
        }
        String update = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        Update.Builder builder = Update.builder()
                .tableName(table)
                .key(ClockItems.key(clock.employeeId()))
                .updateExpression(update)
                .conditionExpression("version = :read")
                .expressionAttributeValues(values);
        if (!names.isEmpty()) {
            builder.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().update(builder.build()).build();
    }

    /**
     * The entries that end with the employee's latest effective entry after the correction (its last one rules the
     * clock's state), empty when the employee is left with none, or null when the correction cannot have changed
     * the latest entry (a later day follows the corrected one).
     */
    private static @Nullable List<TimeEntry> latestEntries(List<TimeEntry> journal, Basis basis, CorrectedDay result) {
        if (!journal.isEmpty()) {
            return journal;
        }
        if (basis.day().after() != null) {
            return null;
        }
        if (!result.entries().isEmpty()) {
            return result.entries();
        }
        return basis.day().before() == null ? List.of() : List.of(basis.day().before());
    }

    /** The punch_in of the cycle left open at the end of {@code entries}. */
    private static @Nullable Instant openPunchIn(List<TimeEntry> entries) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).action() == PunchAction.PUNCH_IN) {
                return entries.get(i).timestamp();
            }
        }
        return null;
    }

    /** No date from {@code date} on is under the pay-period lock as stored (absent, or through before it). */
    static TransactWriteItem lockCheck(String table, LocalDate date) {
        return TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(Map.of("pk", s("LOCK"), "sk", s("LOCK")))
                        .conditionExpression("attribute_not_exists(pk) OR through < :date")
                        .expressionAttributeValues(Map.of(":date", s(date.toString())))
                        .build())
                .build();
    }

    private TransactWriteItem correctionPut(Correction correction, @Nullable Correction pending) {
        Put.Builder put = Put.builder()
                .tableName(table)
                .item(correctionItem(correction))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (pending == null) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":pending", s(CorrectionStatus.PENDING.wire())));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    private Correction storedOrRead(TransactionCanceledException refused, String id) {
        Map<String, AttributeValue> stored =
                refused.cancellationReasons().get(0).item();
        return stored == null || stored.isEmpty() ? find(id).orElseThrow() : fromItem(stored);
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", s(PREFIX + id), "sk", s(SORT_KEY));
    }

    static Map<String, AttributeValue> correctionItem(Correction correction) {
        Map<String, AttributeValue> item = new HashMap<>(key(correction.id()));
        item.put("id", s(correction.id()));
        item.put("employee_id", s(correction.employeeId()));
        item.put("corr_employee", s(correction.employeeId()));
        item.put("work_date", s(correction.workDate().toString()));
        item.put(LIST, s(SORT_KEY));
        item.put(SORT, s(correction.workDate() + "#" + correction.id()));
        item.put(
                "changes",
                AttributeValue.fromL(correction.changes().stream()
                        .map(DynamoCorrectionStore::change)
                        .toList()));
        item.put("reason", s(correction.reason()));
        item.put("status", s(correction.status().wire()));
        item.put("requested_by", s(correction.requestedBy()));
        item.put("requested_at", s(correction.requestedAt().toString()));
        Attributes.putIfPresent(item, "decided_by", correction.decidedBy());
        Attributes.putIfPresent(
                item,
                "decided_at",
                correction.decidedAt() == null ? null : correction.decidedAt().toString());
        Attributes.putIfPresent(item, "note", correction.note());
        return item;
    }

    private static AttributeValue change(CorrectionChange change) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("op", s(change.op()));
        if (change instanceof CorrectionChange.AddEntry add) {
            map.put("action", s(add.action().wire()));
            map.put("ts", s(add.timestamp().toString()));
        } else if (change instanceof CorrectionChange.MoveEntry move) {
            map.put("entry", s(move.entryId()));
            map.put("ts", s(move.timestamp().toString()));
        } else if (change instanceof CorrectionChange.VoidEntry voided) {
            map.put("entry", s(voided.entryId()));
        }
        return AttributeValue.fromM(map);
    }

    private static CorrectionChange change(Map<String, AttributeValue> map) {
        String op = required(map, "op").s();
        return switch (op) {
            case "add" ->
                new CorrectionChange.AddEntry(
                        PunchAction.fromWire(required(map, "action").s()),
                        Instant.parse(required(map, "ts").s()));
            case "move" ->
                new CorrectionChange.MoveEntry(
                        required(map, "entry").s(),
                        Instant.parse(required(map, "ts").s()));
            case "void" -> new CorrectionChange.VoidEntry(required(map, "entry").s());
            default -> throw new IllegalStateException("unknown correction op " + op);
        };
    }

    static Correction fromItem(Map<String, AttributeValue> item) {
        return new Correction(
                required(item, "id").s(),
                required(item, "employee_id").s(),
                LocalDate.parse(required(item, "work_date").s()),
                required(item, "changes").l().stream()
                        .map(value -> change(value.m()))
                        .toList(),
                required(item, "reason").s(),
                CorrectionStatus.fromWire(required(item, "status").s()),
                required(item, "requested_by").s(),
                Instant.parse(required(item, "requested_at").s()),
                string(item, "decided_by"),
                Attributes.instant(item, "decided_at"),
                string(item, "note"));
    }
}
