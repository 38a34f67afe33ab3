package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.adapters.http.Log;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.TimeJson;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.IsoWeek;
import dev.timetracker.domain.period.PeriodStore;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.ClockClosing;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchReceipt;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.domain.time.SessionTally;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Applies the nightly {@link ClockClosing} of one punch clock. Final entries are put first (idempotent puts
 * with fixed keys, so a retry after a crash rewrites the same items); then one transaction, conditional on
 * the clock's version, puts the final sessions, replaces the journal by what remains, and puts an automatic
 * punch_out (the entry, when its date is final, and its audit record): that entry is new, so it must appear
 * together with the clock change or not at all. A punch that lands in between changes the version: the
 * transaction fails and the clock is planned again from what is stored. Last, old receipts and revocations are
 * pruned from the clock in updates of their own (see {@link #prune}).
 */
public final class DynamoClockClosing {
    /** Receipts answer retries of offline punches, which may come up to 72 h late; keep them a day longer (96 h). */
    static final Duration RECEIPTS_KEPT = Duration.ofDays(4);
    /**
     * A transaction holds at most 100 items: sessions per transaction, leaving room for as many live totals' items (a
     * date's figures can change as it becomes final), the clock, audit, states and year items.
     */
    private static final int MAX_DAYS_PER_TRANSACTION = 45;

    private static final int MAX_TRANSACTION_ITEMS = 100;
    private static final int MAX_ATTEMPTS = 3;
    /** The audit action of a cycle left open because its date is closed. */
    public static final String AUTO_CLOSE_REFUSED = "auto_close_refused";
    /**
     * Map entries one prune update removes. An expression is at most 4 KB
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-expression-parameters);
     * 100 paths such as {@code receipts.#r99} take about 1.5 KB, whatever the receipt ids are (they are placeholders).
     */
    private static final int REMOVALS_PER_UPDATE = 100;
    /**
     * Map entries the closing's own clock update removes (a night's expired receipts, usually), so that a clock
     * closed every night costs no extra update for them; the rest are pruned after it.
     */
    private static final int REMOVALS_IN_CLOSING = 50;

    private final DynamoDbClient db;
    private final String table;
    private final String auditTable;
    private final PeriodStore periods;
    private final CachedPayPeriodLock lock;

    public DynamoClockClosing(DynamoDbClient db, String table, String auditTable) {
        this.db = db;
        this.table = table;
        this.auditTable = auditTable;
        this.periods = new DynamoPeriodStore(db, table, auditTable);
        this.lock = new CachedPayPeriodLock(periods, Clock.systemUTC());
    }

    /** @return the closing that was applied (possibly planned again after a concurrent punch) */
    public ClockClosing close(PunchClock clock, BusinessHoursTimeline timeline, Instant now, Supplier<String> ids) {
        PunchClock current = clock;
        // Weeks whose approval refused an automatic close in this closing: planned again without it.
        Set<IsoWeek> approved = new HashSet<>();
        for (int attempt = 1; ; attempt++) {
            String employeeId = current.employeeId();
            ClockClosing plan = ClockClosing.plan(
                    current, timeline, now, ids, date -> isOpen(date, now) && !approved.contains(IsoWeek.of(date)));
            if (plan.changesNothing()) {
                plan.autoCloseRefused().ifPresent(date -> reportLeftOpen(employeeId, date, now));
                prune(current, now, 0);
                return plan;
            }
            Outcome outcome = apply(current, plan, timeline, now, ids);
            if (outcome == Outcome.APPLIED) {
                plan.autoCloseRefused().ifPresent(date -> reportLeftOpen(employeeId, date, now));
                // The closing's clock update removed the first REMOVALS_IN_CLOSING of them.
                prune(current, now, REMOVALS_IN_CLOSING);
                return plan;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException("The clock of " + clock.employeeId() + " kept changing during closing");
            }
            if (outcome == Outcome.WEEK_APPROVED) {
                approved.add(IsoWeek.of(openCycleDate(current)));
            } else {
                current = reread(clock.employeeId());
            }
        }
    }

    /**
     * Whether the pay-period lock leaves a work date open for the nightly job, as read once a minute of the run (as
     * the punch functions keep it). An approved week of the employee is checked in the closing's own transaction
     * instead ({@link DynamoPeriodStore#weekNotApproved}): no read per clock, and an approval that commits first
     * refuses the automatic close.
     */
    private boolean isOpen(LocalDate workDate, Instant now) {
        return !lock.get(now).locks(workDate);
    }

    /** The work date of the clock's open cycle: the date an automatic punch_out changes. */
    private static LocalDate openCycleDate(PunchClock clock) {
        return TimeItems.workDateOf(clock.ledger().latest().orElseThrow());
    }

    /**
     * A cycle that ran past the maximum shift on a closed date stays open (closing it would change the date, API
     * contract: "a locked date refuses ... auto-closing that would change it"): a WARN line and an audit record on
     * the employee every night until an admin reopens the date (moves the lock back or reopens the week) and the
     * cycle is ended by a punch_out, a correction or the next run.
     */
    private void reportLeftOpen(String employeeId, LocalDate workDate, Instant now) {
        Log.warn(
                "An open cycle on a closed date was not closed automatically",
                "employee_id",
                employeeId,
                "work_date",
                workDate.toString());
        String id = UUID.nameUUIDFromBytes(("auto-close-refused/" + employeeId + "/" + workDate + "/" + now)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        recordSkipped(
                employeeId,
                new AuditStamp(
                        id,
                        now,
                        Actor.SYSTEM,
                        AUTO_CLOSE_REFUSED,
                        "The cycle begun on " + workDate + " ran past the maximum shift, but " + workDate
                                + " is locked: it was left open"));
    }

    /**
     * The audit record of a clock the nightly job could not close (its data cannot be interpreted), on the
     * employee's trail. The record's id and time come from the run, so a run that goes over the same clock again
     * (resumed after a crash) finds it written and adds none.
     */
    public void recordSkipped(String employeeId, AuditStamp stamp) {
        try {
            Transactions.write(db, List.of(AuditItems.put(auditTable, stamp, "employee", employeeId, null, null)));
        } catch (TransactionCanceledException e) {
            if (!Transactions.failedCondition(e, 0)) {
                throw e;
            }
        }
    }

    /** How one attempt at the closing's transaction ended. */
    private enum Outcome {
        APPLIED,
        CLOCK_CHANGED,
        SESSION_STORED_BEFORE,
        WEEK_APPROVED
    }

    /**
     * The usual night costs one call per clock: the final days' sessions are new, so they are put on the condition
     * that none is stored yet, in one transaction with the day's entries and the clock change. Only when a condition
     * says otherwise (offline punches finalised a day a second time) are the stored sessions read and merged.
     */
    private Outcome apply(
            PunchClock clock, ClockClosing plan, BusinessHoursTimeline timeline, Instant now, Supplier<String> ids) {
        List<ClockClosing.FinalDay> days = plan.finalDays();
        if (days.size() <= MAX_DAYS_PER_TRANSACTION) {
            Outcome optimistic = write(clock, plan, days, List.of(), timeline, now, ids, true);
            if (optimistic != Outcome.SESSION_STORED_BEFORE) {
                return optimistic;
            }
        }
        List<WorkSession> replaced = new ArrayList<>();
        List<ClockClosing.FinalDay> merged = withStoredSessions(clock, days, timeline, now, replaced);
        return write(clock, plan, merged, replaced, timeline, now, ids, false);
    }

    /**
     * @param replaced    the stored sessions the closing's sessions replace
     * @param sessionsNew whether the sessions are put on the condition that none is stored yet (and the entries go
     *                    into the transaction when they fit in it); otherwise the entries are put first and the
     *                    sessions replace what is stored
     */
    private Outcome write(
            PunchClock clock,
            ClockClosing plan,
            List<ClockClosing.FinalDay> days,
            List<WorkSession> replaced,
            BusinessHoursTimeline timeline,
            Instant now,
            Supplier<String> ids,
            boolean sessionsNew) {
        List<ClockClosing.FinalDay> closedNow = days.subList(0, Math.min(days.size(), MAX_DAYS_PER_TRANSACTION));
        // Final days are the journal's first entries, in the order they were recorded (the auto punch_out comes
        // last): each keeps its recording number in its key, which the retry of a failed round computes again.
        // The automatic punch_out exists only once the clock says so: its item goes into the clock's transaction,
        // never ahead of it, so a run that dies in between leaves no entry that a retry would write a second time
        // (on a date beyond this transaction's it stays in the journal, and a later round puts it like any other).
        String autoId = plan.autoPunchOut().map(TimeEntry::id).orElse(null);
        Map<String, AttributeValue> autoItem = null;
        List<Map<String, AttributeValue>> entryItems = new ArrayList<>();
        long number = clock.journalStart();
        for (int day = 0; day < days.size(); day++) {
            for (TimeEntry entry : days.get(day).entries()) {
                long recordingNumber = number++;
                if (!entry.id().equals(autoId)) {
                    entryItems.add(TimeItems.entryItem(entry, recordingNumber));
                } else if (day < closedNow.size()) {
                    autoItem = TimeItems.entryItem(entry, recordingNumber);
                }
            }
        }
        List<TransactWriteItem> yearUpdates = SessionYears.updates(
                table,
                clock.employeeId(),
                closedNow.stream().map(ClockClosing.FinalDay::session).toList(),
                List.of());
        // Sessions, their year items, the clock, the auto entry, its audit record and its week's check: the rest of a
        // transaction's 100 items
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html) can take
        // the entries, which are then written with the clock change in the same call.
        List<TimeEntry> remaining = new ArrayList<>();
        days.subList(closedNow.size(), days.size()).forEach(day -> remaining.addAll(day.entries()));
        remaining.addAll(plan.remaining());
        // The live totals change by the final sessions (an automatic punch_out ends a cycle; a date final a second
        // time replaces its stored session) minus what the journal held: usually nothing, as a finished day's final
        // session is its journal session. In this transaction, so that no reader sees a date twice or not at all.
        List<WorkSession> finalSessions =
                closedNow.stream().map(ClockClosing.FinalDay::session).toList();
        List<TransactWriteItem> totals = LiveTotalsItems.adds(
                table,
                clock.employeeId(),
                ClockFigures.ofJournal(clock.employeeId(), clock.zone(), clock.active(), remaining, timeline)
                        .plus(ClockFigures.ofFinal(finalSessions, timeline))
                        .minus(ClockFigures.of(clock, timeline).plus(ClockFigures.ofFinal(replaced, timeline))));
        int otherItems = closedNow.size() + yearUpdates.size() + 4 + totals.size();
        boolean entriesInTransaction = sessionsNew && entryItems.size() + otherItems <= MAX_TRANSACTION_ITEMS;
        if (!entriesInTransaction) {
            BatchWrites.put(
                    db,
                    table,
                    entryItems.stream()
                            .map(item -> WriteRequest.builder()
                                    .putRequest(PutRequest.builder().item(item).build())
                                    .build())
                            .toList());
        }

        List<TransactWriteItem> writes = new ArrayList<>();
        for (ClockClosing.FinalDay day : closedNow) {
            Put.Builder put = Put.builder().tableName(table).item(TimeItems.sessionItem(day.session()));
            if (sessionsNew) {
                put.conditionExpression("attribute_not_exists(pk)");
            }
            writes.add(TransactWriteItem.builder().put(put.build()).build());
        }
        int sessionCount = writes.size();
        writes.addAll(yearUpdates);
        writes.addAll(totals);
        int clockIndex = writes.size();
        long leaving = closedNow.stream().mapToLong(day -> day.entries().size()).sum();
        writes.add(clockUpdate(clock, plan, closedNow, remaining, clock.journalStart() + leaving, now));
        if (autoItem != null) {
            writes.add(TransactWriteItem.builder()
                    .put(Put.builder().tableName(table).item(autoItem).build())
                    .build());
        }
        plan.autoPunchOut()
                .ifPresent(auto -> writes.add(AuditItems.put(
                        auditTable,
                        new AuditStamp(
                                ids.get(),
                                now,
                                Actor.SYSTEM,
                                "auto_close",
                                "missing punch_out: the cycle ran past the maximum shift"),
                        "time_entry",
                        auto.id(),
                        null,
                        Json.write(TimeJson.entry(auto)))));
        // An automatic punch_out changes its cycle's date, which an approved week closes (API contract).
        int weekIndex = writes.size();
        if (plan.autoPunchOut().isPresent()) {
            writes.add(DynamoPeriodStore.weekNotApproved(table, clock.employeeId(), openCycleDate(clock)));
        }
        if (entriesInTransaction) {
            entryItems.forEach(item -> writes.add(TransactWriteItem.builder()
                    .put(Put.builder().tableName(table).item(item).build())
                    .build()));
        }
        try {
            Transactions.write(db, writes);
            return Outcome.APPLIED;
        } catch (TransactionCanceledException e) {
            if (Transactions.failedCondition(e, clockIndex)) {
                return Outcome.CLOCK_CHANGED;
            }
            if (plan.autoPunchOut().isPresent() && Transactions.failedCondition(e, weekIndex)) {
                return Outcome.WEEK_APPROVED;
            }
            if (sessionsNew && Transactions.failedConditionIn(e, 0, sessionCount)) {
                return Outcome.SESSION_STORED_BEFORE;
            }
            throw e;
        }
    }

    /**
     * A work date can become final a second time: offline punches, accepted up to 72 h late, may bring a cycle of a
     * date whose session is stored already. That session is then recomputed from all of the date's entries, the
     * stored ones and the new ones, instead of being replaced by one made of the new cycle alone. One BatchGetItem
     * of the days' session keys tells; the date's stored entries are read only for a session that exists.
     */
    private List<ClockClosing.FinalDay> withStoredSessions(
            PunchClock clock,
            List<ClockClosing.FinalDay> days,
            BusinessHoursTimeline timeline,
            Instant now,
            List<WorkSession> replaced) {
        if (days.isEmpty()) {
            return days;
        }
        List<Map<String, AttributeValue>> keys =
                days.subList(0, Math.min(days.size(), MAX_DAYS_PER_TRANSACTION)).stream()
                        .map(day -> TimeItems.sessionKey(clock.employeeId(), day.workDate()))
                        .toList();
        Set<String> stored = new HashSet<>();
        BatchReads.get(db, Map.of(table, keys)).getOrDefault(table, List.of()).forEach(item -> {
            stored.add(required(item, "sk").s());
            replaced.add(TimeItems.sessionFromItem(item));
        });
        if (stored.isEmpty()) {
            return days;
        }
        List<ClockClosing.FinalDay> merged = new ArrayList<>(days.size());
        for (ClockClosing.FinalDay day : days) {
            if (!stored.contains(DynamoTimeRecords.SESSION_PREFIX + day.workDate())) {
                merged.add(day);
                continue;
            }
            Set<String> incoming = new HashSet<>();
            day.entries().forEach(entry -> incoming.add(entry.id()));
            List<TimeEntry> all = new ArrayList<>();
            db.queryPaginator(query -> query.tableName(table)
                            .consistentRead(true)
                            .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                            .expressionAttributeValues(Map.of(
                                    ":pk",
                                    s("EMPLOYEE#" + clock.employeeId()),
                                    ":prefix",
                                    s(DynamoTimeRecords.ENTRY_PREFIX + day.workDate() + "#"))))
                    .items()
                    .forEach(item -> {
                        if (item.containsKey(DynamoCorrectionStore.VOIDED_BY)) {
                            // Voided by a correction: kept as punched, no longer part of the day.
                            return;
                        }
                        TimeEntry entry = TimeItems.entryFromItem(item);
                        // Entries of this closing put by an attempt that did not get to its transaction.
                        if (!incoming.contains(entry.id())) {
                            all.add(entry);
                        }
                    });
            all.addAll(day.entries());
            all.sort(Comparator.comparing(TimeEntry::timestamp));
            WorkSession session = SessionTally.of(all)
                    .toSession(clock.zone(), timeline, now, lastOutBefore(clock.employeeId(), day.workDate()));
            merged.add(new ClockClosing.FinalDay(session, day.entries()));
        }
        return merged;
    }

    /**
     * The last punch_out of the stored work day before {@code date}, for the rest rule of a day recomputed after it
     * was final (the clock's last_final_out may be that day's own): one Query, newest first, limit 1.
     */
    private @Nullable Instant lastOutBefore(String employeeId, java.time.LocalDate date) {
        return lastOutBefore(db, table, employeeId, date);
    }

    static @Nullable Instant lastOutBefore(
            DynamoDbClient db, String table, String employeeId, java.time.LocalDate date) {
        var items = db.query(query -> query.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :before")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                s("EMPLOYEE#" + employeeId),
                                ":from",
                                s(DynamoTimeRecords.SESSION_PREFIX),
                                ":before",
                                s(DynamoTimeRecords.SESSION_PREFIX + date.minusDays(1) + "~")))
                        .scanIndexForward(false)
                        .limit(1))
                .items();
        return items.isEmpty() ? null : TimeItems.sessionFromItem(items.get(0)).lastOut();
    }

    /**
     * @param journalStart the recording number of the first entry that stays in the journal
     */
    private TransactWriteItem clockUpdate(
            PunchClock clock,
            ClockClosing plan,
            List<ClockClosing.FinalDay> closedNow,
            List<TimeEntry> remaining,
            long journalStart,
            Instant now) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder update = new StringBuilder("SET journal = :journal, version = version + :one, "
                + "journal_start = :start, journal_bytes = :bytes");
        values.put(
                ":journal",
                AttributeValue.fromL(remaining.stream().map(ClockItems::entry).toList()));
        values.put(":expected", AttributeValue.fromN(Long.toString(clock.version())));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":start", AttributeValue.fromN(Long.toString(journalStart)));
        Map<String, PunchReceipt> keptReceipts = new HashMap<>(clock.receipts());
        // Final days only move forward in time (a day recomputed for late offline punches is no later than the
        // latest final one), so the latest last_out of all is the one the journal's first day rests after.
        Instant lastFinalOut = clock.lastFinalOut();
        for (ClockClosing.FinalDay day : closedNow) {
            Instant out = day.session().lastOut();
            if (out != null && (lastFinalOut == null || out.isAfter(lastFinalOut))) {
                lastFinalOut = out;
            }
        }
        if (lastFinalOut != null && !lastFinalOut.equals(clock.lastFinalOut())) {
            update.append(", ").append(ClockItems.LAST_FINAL_OUT).append(" = :last_final_out");
            values.put(":last_final_out", s(lastFinalOut.toString()));
        }
        TimeEntry latest = latest(plan, remaining);
        if (latest != null) {
            // The latest entry may have left the journal; its state and time still rule the next punch.
            update.append(", #state = :state, last_at = :last");
            names.put("#state", "state");
            values.put(":state", s(PunchStateMachine.stateAfter(latest.action()).wire()));
            values.put(":last", ClockItems.lastAt(latest.timestamp()));
        }
        // The receipts the prune removes after this transaction (see prune) no longer count against the room.
        clock.receipts().forEach((punchId, receipt) -> {
            if (receipt.timestamp().isBefore(now.minus(RECEIPTS_KEPT))) {
                keptReceipts.remove(punchId);
            }
        });
        // Exactly what the journal and receipts now take: the room the punch path checks starts over from here.
        values.put(":bytes", AttributeValue.fromN(Long.toString(ClockItems.journalBytes(remaining, keptReceipts))));
        List<String> removals = new ArrayList<>();
        if (latest != null && PunchStateMachine.stateAfter(latest.action()) == WorkState.OFF) {
            // An automatic punch_out closed the open cycle: the clock leaves the open-clocks index with it.
            removals.add(ClockItems.OPEN_AT);
        }
        List<MapEntry> expired = expired(clock, now);
        for (MapEntry entry : expired.subList(0, Math.min(expired.size(), REMOVALS_IN_CLOSING))) {
            String placeholder = "#r" + names.size();
            names.put(placeholder, entry.id());
            removals.add(entry.map() + "." + placeholder);
        }
        if (!removals.isEmpty()) {
            update.append(" REMOVE ").append(String.join(", ", removals));
        }
        var builder = Update.builder()
                .tableName(table)
                .key(ClockItems.key(clock.employeeId()))
                .updateExpression(update.toString())
                .conditionExpression("version = :expected")
                .expressionAttributeValues(values);
        if (!names.isEmpty()) {
            builder.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().update(builder.build()).build();
    }

    private static @Nullable TimeEntry latest(ClockClosing plan, List<TimeEntry> remaining) {
        if (!remaining.isEmpty()) {
            return remaining.get(remaining.size() - 1);
        }
        if (plan.finalDays().isEmpty()) {
            return null;
        }
        List<TimeEntry> lastDay =
                plan.finalDays().get(plan.finalDays().size() - 1).entries();
        return lastDay.get(lastDay.size() - 1);
    }

    /** A map entry of the clock item: {@code receipts} or {@code revoked}, and the id it is kept under. */
    private record MapEntry(String map, String id) {}

    /**
     * Removes the receipts and revocations that have served their time, {@link #REMOVALS_PER_UPDATE} per UpdateItem,
     * so that a clock with any number of them never needs an expression over DynamoDB's 4 KB limit. Their removal
     * needs no atomicity with the closing's transaction and no version check, and bumps no version: no punch writes
     * such an entry again (offline punches come at most 72 h late; a revoked token has expired), so a punch in
     * between neither conflicts with it nor is refused because of it. The condition keeps an update from creating a
     * clock that is gone; a run that stops half-way leaves the rest to the next run.
     */
    private void prune(PunchClock clock, Instant now, int removedAlready) {
        List<MapEntry> all = expired(clock, now);
        List<MapEntry> expired = all.subList(Math.min(all.size(), removedAlready), all.size());
        for (int from = 0; from < expired.size(); from += REMOVALS_PER_UPDATE) {
            List<MapEntry> chunk = expired.subList(from, Math.min(expired.size(), from + REMOVALS_PER_UPDATE));
            Map<String, String> names = new HashMap<>();
            List<String> paths = new ArrayList<>();
            for (MapEntry entry : chunk) {
                String placeholder = "#r" + paths.size();
                names.put(placeholder, entry.id());
                paths.add(entry.map() + "." + placeholder);
            }
            try {
                db.updateItem(update -> update.tableName(table)
                        .key(ClockItems.key(clock.employeeId()))
                        .updateExpression("REMOVE " + String.join(", ", paths))
                        .conditionExpression("attribute_exists(pk)")
                        .expressionAttributeNames(names));
            } catch (ConditionalCheckFailedException clockGone) {
                return;
            }
        }
    }

    /** The receipts and revocations that have served their time, in the clock's order. */
    private static List<MapEntry> expired(PunchClock clock, Instant now) {
        List<MapEntry> expired = new ArrayList<>();
        clock.receipts().forEach((punchId, receipt) -> {
            if (receipt.timestamp().isBefore(now.minus(RECEIPTS_KEPT))) {
                expired.add(new MapEntry("receipts", punchId));
            }
        });
        // A revocation only matters until the token would have expired anyway.
        clock.revokedTokens().forEach((tokenId, expiresAt) -> {
            if (expiresAt.isBefore(now)) {
                expired.add(new MapEntry("revoked", tokenId));
            }
        });
        return expired;
    }

    private PunchClock reread(String employeeId) {
        Map<String, AttributeValue> item = ClockItems.readLatest(db, table, employeeId);
        if (item == null) {
            throw new IllegalStateException("the clock of " + employeeId + " was deleted while closing it");
        }
        return ClockItems.fromItem(item);
    }
}
