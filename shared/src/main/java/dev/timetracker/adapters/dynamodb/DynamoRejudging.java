package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.domain.hours.RejudgeRequest;
import dev.timetracker.domain.period.IsoWeek;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.FinalDaysRejudging;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Re-judging final days after a backdated business-hours version (docs/storage.md, "Re-judging final days").
 *
 * <p>The request is the item {@code REJUDGE} / {@code <requested_at>#<version id>} of the time table, put in the
 * version's own transaction; the nightly run takes every request made before it started, re-judges each employee's
 * final days from the earliest {@code from} on, and marks them done ({@code done_by}, with a TTL) once every page of
 * clocks is done.
 *
 * <p>Per employee: one GetItem of the clock (zone, version, approved weeks), one Query of the employee's partition
 * from {@code ENTRY#<from>} to {@code SESSION#~} (their final entries and sessions of the range), one Query for the
 * last_out before it, and only when a session changes one TransactWriteItems per 40 days: the sessions, their year
 * items, the live totals' delta (stored session out, re-judged one in), a ConditionCheck on {@code LOCK} and the
 * clock's Update {@code version = version + 1} on {@code version = :read} (and none of the days' weeks approved).
 * Every correction, closing and punch of the employee moves that version, so nothing read here can have changed
 * when the write commits (a transaction's conditions all hold or nothing is written:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html), and a correction that
 * read the session before it changed here fails its own version condition and reads it again.
 */
public final class DynamoRejudging {
    static final String PARTITION = "REJUDGE";
    private static final String DONE_BY = "done_by";
    /**
     * Sessions per transaction: each with its totals item, plus year items, the clock and the lock, within the 100
     * actions on distinct items a transaction may hold
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
     */
    private static final int DAYS_PER_TRANSACTION = 40;

    private static final int MAX_ATTEMPTS = 3;

    private final DynamoDbClient db;
    private final String table;

    public DynamoRejudging(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** The request's Put, for the version's transaction: a new item, never one overwritten. */
    public static TransactWriteItem requestPut(String table, RejudgeRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(PARTITION));
        item.put("sk", s(SortableInstant.format(request.requestedAt()) + "#" + request.versionId()));
        item.put("version_id", s(request.versionId()));
        item.put("from", s(request.from().toString()));
        item.put("requested_at", s(request.requestedAt().toString()));
        return Transactions.putNew(table, item);
    }

    /** The requests not done yet that were made at or before {@code at}: one consistent Query of their partition. */
    public List<RejudgeRequest> pending(Instant at) {
        List<RejudgeRequest> pending = new ArrayList<>();
        db.queryPaginator(query -> query.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk <= :at")
                        .filterExpression("attribute_not_exists(" + DONE_BY + ")")
                        // '~' sorts after the '#' that follows a request made at exactly `at`.
                        .expressionAttributeValues(
                                Map.of(":pk", s(PARTITION), ":at", s(SortableInstant.format(at) + "~"))))
                .items()
                .forEach(item -> pending.add(new RejudgeRequest(
                        required(item, "version_id").s(),
                        LocalDate.parse(required(item, "from").s()),
                        Instant.parse(required(item, "requested_at").s()))));
        return pending;
    }

    /** Marks the requests done by a run; they expire with the run's checkpoint. Doing it again changes nothing. */
    public void done(List<RejudgeRequest> requests, String runId, Instant expiresAt) {
        for (RejudgeRequest request : requests) {
            db.updateItem(update -> update.tableName(table)
                    .key(Map.of(
                            "pk",
                            s(PARTITION),
                            "sk",
                            s(SortableInstant.format(request.requestedAt()) + "#" + request.versionId())))
                    .updateExpression("SET " + DONE_BY + " = if_not_exists(" + DONE_BY + ", :run), expires_at = "
                            + "if_not_exists(expires_at, :expires)")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(
                            ":run",
                            s(runId),
                            ":expires",
                            AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
        }
    }

    /**
     * Judges the employee's final days from {@code from} on again with {@code timeline}, leaving closed dates as they
     * are, and stores the sessions that change.
     *
     * @param lock the pay-period lock as stored, read again when it moved meanwhile
     * @return the dates whose session changed (empty when none did, or the employee has no clock)
     */
    public Set<LocalDate> rejudge(
            String employeeId, LocalDate from, BusinessHoursTimeline timeline, Supplier<PayPeriodLock> lock) {
        PayPeriodLock currentLock = lock.get();
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> clockItem = ClockItems.readLatest(db, table, employeeId);
            if (clockItem == null) {
                return Set.of();
            }
            ClockItems.CorrectionBasis clock = ClockItems.forCorrection(clockItem);
            Set<String> approvedWeeks = clockItem.containsKey(ClockItems.APPROVED_WEEKS)
                    ? Set.copyOf(clockItem.get(ClockItems.APPROVED_WEEKS).ss())
                    : Set.of();
            List<TimeEntry> entries = new ArrayList<>();
            Map<LocalDate, WorkSession> stored = new TreeMap<>();
            db.queryPaginator(query -> TimeItems.employeeRange(
                            query,
                            table,
                            employeeId,
                            DynamoTimeRecords.ENTRY_PREFIX + from,
                            DynamoTimeRecords.SESSION_PREFIX + "~"))
                    .items()
                    .forEach(item -> {
                        String sk = required(item, "sk").s();
                        if (sk.startsWith(DynamoTimeRecords.SESSION_PREFIX)) {
                            WorkSession session = TimeItems.sessionFromItem(item);
                            stored.put(session.workDate(), session);
                        } else if (sk.startsWith(DynamoTimeRecords.ENTRY_PREFIX)
                                && !item.containsKey(DynamoCorrectionStore.VOIDED_BY)) {
                            entries.add(TimeItems.entryFromItem(item));
                        }
                    });
            if (stored.isEmpty()) {
                return Set.of();
            }
            // Sorted by time: within a date the keys already are; a stable sort keeps the recording order of a second.
            entries.sort(Comparator.comparing(TimeEntry::timestamp));
            PayPeriodLock lockRead = currentLock;
            List<FinalDaysRejudging.Rejudged> changed = FinalDaysRejudging.changedDays(
                    clock.zone(),
                    entries,
                    stored,
                    DynamoClockClosing.lastOutBefore(db, table, employeeId, from),
                    timeline,
                    date -> !lockRead.locks(date)
                            && !approvedWeeks.contains(IsoWeek.of(date).toString()));
            if (changed.isEmpty()) {
                return Set.of();
            }
            try {
                write(clock, changed, timeline);
                Set<LocalDate> dates = new TreeSet<>();
                changed.forEach(day -> dates.add(day.workDate()));
                return dates;
            } catch (ChangedMeanwhile meanwhile) {
                if (attempt == MAX_ATTEMPTS) {
                    throw new KeptChanging(employeeId);
                }
                currentLock = lock.get();
            }
        }
    }

    /** The employee's days changed under every attempt (punches, corrections): to be tried again later. */
    public static final class KeptChanging extends RuntimeException {
        KeptChanging(String employeeId) {
            super("The final days of " + employeeId + " kept changing while they were judged again");
        }
    }

    /** A condition of the write failed: the clock, the lock or an approval moved after the read. */
    private static final class ChangedMeanwhile extends RuntimeException {
        ChangedMeanwhile() {
            super(null, null, false, false);
        }
    }

    /** The changed days, {@link #DAYS_PER_TRANSACTION} a transaction, each on the clock's version as it stands. */
    private void write(
            ClockItems.CorrectionBasis clock,
            List<FinalDaysRejudging.Rejudged> changed,
            BusinessHoursTimeline timeline) {
        long version = clock.version();
        for (int start = 0; start < changed.size(); start += DAYS_PER_TRANSACTION) {
            List<FinalDaysRejudging.Rejudged> chunk =
                    changed.subList(start, Math.min(changed.size(), start + DAYS_PER_TRANSACTION));
            List<WorkSession> judged =
                    chunk.stream().map(FinalDaysRejudging.Rejudged::judged).toList();
            List<WorkSession> replaced =
                    chunk.stream().map(FinalDaysRejudging.Rejudged::stored).toList();
            List<TransactWriteItem> writes = new ArrayList<>();
            for (WorkSession session : judged) {
                writes.add(TransactWriteItem.builder()
                        .put(Put.builder()
                                .tableName(table)
                                .item(TimeItems.sessionItem(session))
                                .build())
                        .build());
            }
            writes.addAll(SessionYears.updates(table, clock.employeeId(), judged, List.of()));
            // The stored sessions' figures are what the totals hold for them: out with those, in with the new ones.
            writes.addAll(LiveTotalsItems.adds(
                    table,
                    clock.employeeId(),
                    ClockFigures.ofFinal(judged, timeline).minus(ClockFigures.ofFinal(replaced, timeline))));
            int conditionsFrom = writes.size();
            writes.add(clockVersion(clock.employeeId(), version, judged));
            writes.add(DynamoCorrectionStore.lockCheck(table, judged.get(0).workDate()));
            try {
                Transactions.write(db, writes);
            } catch (TransactionCanceledException refused) {
                if (Transactions.failedConditionIn(refused, conditionsFrom, writes.size())) {
                    throw new ChangedMeanwhile();
                }
                throw refused;
            }
            version++;
        }
    }

    /**
     * The clock's version moves on (so a correction that read the old session fails and reads again), on the one
     * read, and none of the days' weeks approved meanwhile (the timesheet keeps its copy on the clock; {@code contains}
     * of a string set is true when the set holds the value, and a clock without the set holds none:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html#Expressions.OperatorsAndFunctions.Functions).
     */
    private TransactWriteItem clockVersion(String employeeId, long version, List<WorkSession> judged) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":read", AttributeValue.fromN(Long.toString(version)));
        values.put(":one", AttributeValue.fromN("1"));
        StringBuilder condition = new StringBuilder("version = :read");
        new TreeSet<>(judged.stream()
                        .map(session -> IsoWeek.of(session.workDate()).toString())
                        .toList())
                .forEach(isoWeek -> {
                    String name = ":w" + values.size();
                    values.put(name, s(isoWeek));
                    condition
                            .append(" AND NOT contains(")
                            .append(ClockItems.APPROVED_WEEKS)
                            .append(", ")
                            .append(name)
                            .append(')');
                });
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(ClockItems.key(employeeId))
                        .updateExpression("SET version = version + :one")
                        .conditionExpression(condition.toString())
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }
}
