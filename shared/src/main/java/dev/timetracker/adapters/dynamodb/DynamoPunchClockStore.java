package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.TimeJson;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.PunchGuard;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchClockStore;
import dev.timetracker.domain.time.PunchReceipt;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Punch clocks in the time table. Every punch reads the clock (the employee's own: one GetItem, their token checked
 * against the clock's copy of the token state; someone else's: one BatchGetItem with the caller's token checks), then
 * writes with one TransactWriteItems: the clock update on the version read, every rule (including the room left in
 * the item) in its condition, the live totals' ADDs of the punch's delta, and for someone else's clock the caller's
 * token checks in the auth table and the audit record. The write is the last call, so a punch that answers 503
 * because a call failed before it has changed nothing; ALL_OLD returns the clock that refused.
 */
public final class DynamoPunchClockStore implements PunchClockStore {
    private final DynamoDbClient db;
    private final String table;
    private final SessionStore sessions;
    /** Where someone else's punch is audited; null: this store takes only employees' own punches (status). */
    private final @Nullable String auditTable;

    public DynamoPunchClockStore(DynamoDbClient db, String table, SessionStore sessions, @Nullable String auditTable) {
        this.db = db;
        this.table = table;
        this.sessions = sessions;
        this.auditTable = auditTable;
    }

    /** The punch clocks of this deployment's time table, with its token checks and audit trail. */
    public static DynamoPunchClockStore of(Deployment deployment) {
        var tables = deployment.tables();
        return new DynamoPunchClockStore(deployment.db(), tables.requiredTime(), deployment.sessions(), tables.audit());
    }

    @Override
    public PunchClock append(
            TimeEntry entry,
            String requestHash,
            Set<WorkState> allowedFrom,
            UnconfirmedPrincipal caller,
            @Nullable AuditStamp audit,
            PunchGuard guard,
            BusinessHoursTimeline timeline) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        // The entry's timestamp is what is stored, to the second (TimePrecision), so last_at compares exactly the
        // value every reader will see: a punch passes only if it is not earlier than the stored latest entry.
        // journal_bytes bounds what the journal and receipts take, so the item never reaches DynamoDB's 400 KB; a
        // clock written before it existed counts from zero (an operand of + may be if_not_exists:
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
        long added = ClockItems.bytesAdded(entry, requestHash);
        StringBuilder update =
                new StringBuilder("SET #state = :to, last_at = :at, journal = list_append(journal, :entry), "
                        + "version = version + :one, journal_bytes = if_not_exists(journal_bytes, :zero) + :added");
        StringBuilder condition =
                new StringBuilder("active = :true AND (attribute_not_exists(last_at) OR last_at <= :at)"
                        + " AND (attribute_not_exists(journal_bytes) OR journal_bytes <= :room)");
        names.put("#state", "state");
        values.put(
                ":to",
                s(dev.timetracker.domain.time.PunchStateMachine.stateAfter(entry.action())
                        .wire()));
        values.put(":at", ClockItems.lastAt(entry.timestamp()));
        values.put(":entry", AttributeValue.fromL(List.of(ClockItems.entry(entry))));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":true", AttributeValue.fromBool(true));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":added", AttributeValue.fromN(Long.toString(added)));
        values.put(":room", AttributeValue.fromN(Long.toString(ClockItems.JOURNAL_ROOM - added)));
        List<String> states = new ArrayList<>();
        for (WorkState state : allowedFrom) {
            String placeholder = ":from_" + state.wire();
            states.add(placeholder);
            values.put(placeholder, s(state.wire()));
        }
        condition.append(" AND #state IN (").append(String.join(", ", states)).append(")");
        if (entry.clientPunchId() != null) {
            names.put("#pid", entry.clientPunchId());
            update.append(", receipts.#pid = :receipt");
            values.put(":receipt", ClockItems.receipt(requestHash, entry));
            condition.append(" AND attribute_not_exists(receipts.#pid)");
        }
        // The open cycle's punch_in, for the sparse open-clocks index; in the same write, so the punch stays one call.
        if (entry.action() == PunchAction.PUNCH_IN) {
            update.append(", ").append(ClockItems.OPEN_AT).append(" = :at");
        } else if (entry.action() == PunchAction.PUNCH_OUT) {
            update.append(" REMOVE ").append(ClockItems.OPEN_AT);
        }
        guard(guard, condition, values);
        boolean own = audit == null;
        if (own) {
            // The employee's own punch: their token is checked against the clock's copy of the token state, in the
            // write's own condition (the clock read below is for the totals' delta, and the clock may change after it).
            condition.append(" AND token_generation = :generation AND attribute_not_exists(revoked.#jti)");
            names.put("#jti", caller.tokenId());
            values.put(":generation", AttributeValue.fromN(Long.toString(caller.tokenGeneration())));
        }
        // Read first (someone else's clock with the caller's token checks in the same BatchGetItem), so that the
        // transaction is the last call: nothing can fail once the punch is stored. The answer, the audit record's
        // "after" and the live totals' delta are computed from the clock as read plus this entry, which the version
        // condition guarantees; a clock changed in between refuses the write, and the service decides again on the
        // clock it returns (at most PunchService.MAX_ATTEMPTS times).
        PunchClock before = read(entry.employeeId(), caller).orElseThrow(() -> new Refused(null, false));
        if ((guard.pinnedVersion() != null && guard.pinnedVersion() != before.version())
                || !before.active()
                || (own && (before.tokenGeneration() != caller.tokenGeneration() || before.isRevoked(caller.tokenId())))
                || !allowedFrom.contains(before.state())
                || before.latestAt()
                        .map(latest -> latest.isAfter(entry.timestamp()))
                        .orElse(false)
                || (entry.clientPunchId() != null && before.receipts().containsKey(entry.clientPunchId()))) {
            throw new Refused(before, false);
        }
        TimeEntry dated = before.ledger().record(entry).latest().orElseThrow();
        PunchClock after = appended(before, entry, requestHash);
        condition.append(" AND version = :version");
        values.put(":version", AttributeValue.fromN(Long.toString(before.version())));
        List<TransactWriteItem> writes = new ArrayList<>(own ? List.of() : sessions.conditionChecks(caller));
        int clockIndex = writes.size();
        writes.add(TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(ClockItems.key(entry.employeeId()))
                        .updateExpression(update.toString())
                        .conditionExpression(condition.toString())
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                        .build())
                .build());
        if (audit != null) {
            if (auditTable == null) {
                throw new IllegalStateException("this punch clock store has no audit table for someone else's punch");
            }
            writes.add(AuditItems.put(
                    auditTable, audit, "time_entry", entry.id(), null, Json.write(TimeJson.entry(dated))));
        }
        // The live totals move with the punch, in the same transaction (docs/storage.md, "Live day totals").
        writes.addAll(LiveTotalsItems.adds(
                table, entry.employeeId(), ClockFigures.of(after, timeline).minus(ClockFigures.of(before, timeline))));
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException refused) {
            for (int i = 0; i < clockIndex; i++) {
                if (Transactions.failedCondition(refused, i)) {
                    throw new UnauthenticatedException("This token was revoked or withdrawn");
                }
            }
            if (Transactions.failedCondition(refused, clockIndex)) {
                throw refusal(refused.cancellationReasons().get(clockIndex).item(), added);
            }
            throw refused;
        }
        return after;
    }

    /** The clock as the punch's write leaves it. */
    private static PunchClock appended(PunchClock before, TimeEntry entry, String requestHash) {
        List<TimeEntry> journal = new ArrayList<>(before.journal());
        journal.add(entry);
        Map<String, PunchReceipt> receipts = new HashMap<>(before.receipts());
        if (entry.clientPunchId() != null) {
            receipts.put(entry.clientPunchId(), new PunchReceipt(requestHash, entry.id(), entry.timestamp()));
        }
        return new PunchClock(
                before.employeeId(),
                before.zone(),
                before.active(),
                journal,
                receipts,
                before.tokenGeneration(),
                before.revokedTokens(),
                before.version() + 1,
                before.journalStart(),
                entry.timestamp(),
                before.lastFinalOut());
    }

    /**
     * The closed-date conditions (docs/storage.md, "Punches on closed dates"): on the version the punch was decided
     * on, or else that the open cycle began late enough to be after the lock in every zone and that none of the
     * weeks the punch's date may fall in is approved ({@code contains} on a missing set is false:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
     */
    private static void guard(PunchGuard guard, StringBuilder condition, Map<String, AttributeValue> values) {
        if (guard.pinnedVersion() != null) {
            condition.append(" AND version = :decided_on");
            values.put(":decided_on", AttributeValue.fromN(Long.toString(guard.pinnedVersion())));
            return;
        }
        if (guard.openCycleSince() != null) {
            condition
                    .append(" AND (attribute_not_exists(")
                    .append(ClockItems.OPEN_AT)
                    .append(") OR ")
                    .append(ClockItems.OPEN_AT)
                    .append(" >= :cycle_since)");
            values.put(":cycle_since", ClockItems.lastAt(guard.openCycleSince()));
        }
        for (int i = 0; i < guard.unapprovedWeeks().size(); i++) {
            condition
                    .append(" AND NOT contains(")
                    .append(ClockItems.APPROVED_WEEKS)
                    .append(", :week_")
                    .append(i)
                    .append(")");
            values.put(":week_" + i, s(guard.unapprovedWeeks().get(i).toString()));
        }
    }

    /** The refusal of a conditional write, from the clock it returned (ALL_OLD); none when the item is missing. */
    private static Refused refusal(Map<String, AttributeValue> item, long added) {
        if (item == null || item.isEmpty()) {
            return new Refused(null, false);
        }
        return new Refused(interpreted(item), ClockItems.lacksRoom(item, added));
    }

    /** The clock in an item; one that cannot be interpreted is logged with the reason the client is not told. */
    private static PunchClock interpreted(Map<String, AttributeValue> item) {
        try {
            return ClockItems.fromItem(item);
        } catch (UnreadableClockException unreadable) {
            Log.warn(
                    "A punch clock's data cannot be interpreted; only this employee is affected",
                    "employee_id",
                    unreadable.employeeId(),
                    "reason",
                    unreadable.reason());
            throw unreadable;
        }
    }

    @Override
    public Optional<PunchClock> read(String employeeId, UnconfirmedPrincipal caller) {
        if (caller.isEmployee(employeeId)) {
            // The clock carries the employee's token state: one GetItem both reads and lets the caller check.
            return Optional.ofNullable(readOrNull(employeeId));
        }
        // Someone else's clock: the caller's token checks ride in the same BatchGetItem.
        var found = BatchReads.get(
                db,
                Map.of(sessions.table(), sessions.keysToConfirm(caller), table, List.of(ClockItems.key(employeeId))));
        SessionStore.checkItems(caller, found.get(sessions.table()));
        List<Map<String, AttributeValue>> clocks = found.getOrDefault(table, List.of());
        return clocks.isEmpty() ? Optional.empty() : Optional.of(interpreted(clocks.get(0)));
    }

    private @Nullable PunchClock readOrNull(String employeeId) {
        var item = db.getItem(get ->
                        get.tableName(table).key(ClockItems.key(employeeId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : interpreted(item);
    }

    /**
     * A final entry, found from its receipt: its work date is within a day of its timestamp's UTC date (time
     * zones are at most 14 h away), so one Query over three dates of the partition, filtered by id, finds it.
     */
    @Override
    public Optional<TimeEntry> finalizedEntry(String employeeId, PunchReceipt receipt) {
        java.time.LocalDate utcDate = java.time.LocalDate.ofInstant(receipt.timestamp(), java.time.ZoneOffset.UTC);
        var items = db.query(query -> query.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .filterExpression("id = :id")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                s("EMPLOYEE#" + employeeId),
                                ":from",
                                s(DynamoTimeRecords.ENTRY_PREFIX + utcDate.minusDays(1)),
                                ":to",
                                s(DynamoTimeRecords.ENTRY_PREFIX + utcDate.plusDays(1) + "~"),
                                ":id",
                                s(receipt.entryId()))))
                .items();
        return items.isEmpty() ? Optional.empty() : Optional.of(TimeItems.entryFromItem(items.get(0)));
    }
}
