package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchReceipt;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkDateAssignment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The punch clock item of the time table, one per employee ({@code EMPLOYEE#<id>} / {@code CLOCK}). It holds
 * the journal of unfinalised entries and everything a punch must check, so that a punch is a single
 * conditional UpdateItem: the employee's zone and activity (kept in step by the employees function, in the
 * same transaction as the profile), the token generation and revoked token ids (kept in step with the auth
 * table), receipts of client punch ids, {@code last_at}, the latest entry's time in epoch milliseconds (always
 * whole seconds: entries are kept at TimePrecision), {@code journal_start}, the recording number of the
 * journal's first entry, and {@code journal_bytes}, what the journal and the receipts take of the item.
 */
public final class ClockItems {
    static final String SORT_KEY = "CLOCK";
    static final String LAST_AT = "last_at";
    static final String JOURNAL_START = "journal_start";
    static final String JOURNAL_BYTES = "journal_bytes";
    /** The last punch_out of the latest final work date (ISO instant), for the rest rule; absent until one is. */
    static final String LAST_FINAL_OUT = "last_final_out";
    /**
     * How many bytes the journal and the receipts may take together. A clock item can hold 400 KB; the rest is for
     * the fixed attributes and the revoked token ids, which logouts add and the nightly job prunes once the tokens
     * have expired. A punch that would go beyond is refused (422 clock-full) instead of failing at DynamoDB's limit.
     */
    static final long JOURNAL_ROOM = 300 * 1024;
    /** Partition key of the {@code clocks} index, which lists every clock (the nightly job, the overview). */
    public static final String CLOCK_LIST = "clock_list";

    public static final String CLOCKS_INDEX = "clocks";
    /**
     * The punch_in instant (epoch ms, as {@code last_at}) of the clock's open cycle; absent while the clock is off.
     * Set by the punch_in's own UpdateItem and removed by the punch_out's (or the nightly auto-close), so the sparse
     * {@code open-clocks} index ({@code clock_list}, {@code open_at}) lists exactly the open cycles: what moving the
     * pay-period lock checks. An instant, not a work date: the punch path knows no zone before its one write.
     */
    public static final String OPEN_AT = "open_at";
    /**
     * The employee's approved ISO weeks ({@code 2026-W48}, a string set), kept by the timesheet's own transaction,
     * so that a punch's condition can refuse a date in one of them.
     */
    public static final String APPROVED_WEEKS = "approved_weeks";

    public static final String OPEN_CLOCKS_INDEX = "open-clocks";

    private ClockItems() {}

    /**
     * The one Query of every clock, in employee-id order: the {@code clocks} index's single partition. Callers add
     * their projection, page size and start key.
     */
    public static QueryRequest.Builder allClocks(QueryRequest.Builder query, String table) {
        return query.tableName(table)
                .indexName(CLOCKS_INDEX)
                .keyConditionExpression(CLOCK_LIST + " = :list")
                .expressionAttributeValues(Map.of(":list", s(SORT_KEY)));
    }

    /**
     * The employee's clock item as a writer that conditions on its version must see it: a strongly consistent
     * GetItem, so the read follows every write acknowledged before it
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html).
     *
     * @return null when the employee has no clock (never punched and never created with one)
     */
    static @Nullable Map<String, AttributeValue> readLatest(DynamoDbClient db, String table, String employeeId) {
        Map<String, AttributeValue> item = db.getItem(
                        get -> get.tableName(table).key(key(employeeId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    public static Map<String, AttributeValue> key(String employeeId) {
        return Map.of("pk", s("EMPLOYEE#" + employeeId), "sk", s(SORT_KEY));
    }

    /** The new employee's clock: off, empty, counting their first tokens. */
    public static TransactWriteItem create(String table, Employee employee) {
        Map<String, AttributeValue> item = new HashMap<>(key(employee.id()));
        item.put("employee_id", s(employee.id()));
        item.put(CLOCK_LIST, s(SORT_KEY));
        item.put("zone", s(employee.timezone().getId()));
        item.put("active", AttributeValue.fromBool(employee.active()));
        item.put("state", s("off"));
        item.put("journal", AttributeValue.fromL(List.of()));
        item.put("receipts", AttributeValue.fromM(Map.of()));
        item.put("revoked", AttributeValue.fromM(Map.of()));
        item.put("token_generation", AttributeValue.fromN("0"));
        item.put("version", AttributeValue.fromN("0"));
        item.put(JOURNAL_START, AttributeValue.fromN("0"));
        item.put(JOURNAL_BYTES, AttributeValue.fromN("0"));
        return Transactions.putNew(table, item);
    }

    /**
     * Keeps the clock's copy of the zone and activity in step; {@code withdrawTokens} (a deactivation or a new
     * password) advances the clock's token generation with the auth table's.
     */
    public static TransactWriteItem employeeChanged(String table, Employee after, boolean withdrawTokens) {
        return employeeChanged(table, after, withdrawTokens, null);
    }

    /**
     * @param readVersion the clock's version as read, which the update then requires and advances (the live totals'
     *                    delta was computed from that clock); null: the clock could not be read, no condition on it
     */
    public static TransactWriteItem employeeChanged(
            String table, Employee after, boolean withdrawTokens, @Nullable Long readVersion) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":zone", s(after.timezone().getId()));
        values.put(":active", AttributeValue.fromBool(after.active()));
        String update = "SET #zone = :zone, active = :active";
        List<String> adds = new ArrayList<>();
        if (withdrawTokens) {
            adds.add("token_generation :one");
            values.put(":one", AttributeValue.fromN("1"));
        }
        String condition = "attribute_exists(pk)";
        if (readVersion != null) {
            // Every writer that computes the clock's figures reads the version; a zone or activity changed under it
            // must refuse its write, so this change advances the version too.
            adds.add("version :one");
            values.put(":one", AttributeValue.fromN("1"));
            values.put(":read", AttributeValue.fromN(Long.toString(readVersion)));
            condition = "version = :read";
        }
        if (!adds.isEmpty()) {
            update += " ADD " + String.join(", ", adds);
        }
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(key(after.id()))
                        .updateExpression(update)
                        .expressionAttributeNames(Map.of("#zone", "zone"))
                        .expressionAttributeValues(values)
                        .conditionExpression(condition)
                        .build())
                .build();
    }

    static AttributeValue entry(TimeEntry entry) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("id", s(entry.id()));
        map.put("action", s(entry.action().wire()));
        map.put("ts", s(entry.timestamp().toString()));
        map.put("rec", s(entry.recordedAt().toString()));
        map.put("src", s(entry.source().wire()));
        putIfPresent(map, "notes", entry.notes());
        putIfPresent(map, "pid", entry.clientPunchId());
        return AttributeValue.fromM(map);
    }

    static TimeEntry entry(String employeeId, Map<String, AttributeValue> map) {
        return new TimeEntry(
                required(map, "id").s(),
                employeeId,
                PunchAction.fromWire(required(map, "action").s()),
                Instant.parse(required(map, "ts").s()),
                Instant.parse(required(map, "rec").s()),
                null,
                EntrySource.fromWire(required(map, "src").s()),
                Attributes.string(map, "notes"),
                Attributes.string(map, "pid"));
    }

    static AttributeValue receipt(String requestHash, TimeEntry entry) {
        return receipt(new PunchReceipt(requestHash, entry.id(), entry.timestamp()));
    }

    private static AttributeValue receipt(PunchReceipt receipt) {
        return AttributeValue.fromM(Map.of(
                "h",
                s(receipt.requestHash()),
                "e",
                s(receipt.entryId()),
                "t",
                s(receipt.timestamp().toString())));
    }

    /** {@code last_at}: the instant as the conditions of the punch path compare it. */
    static AttributeValue lastAt(Instant at) {
        return AttributeValue.fromN(Long.toString(at.toEpochMilli()));
    }

    /** What appending this entry (and its receipt, when it has a client punch id) adds to {@code journal_bytes}. */
    static long bytesAdded(TimeEntry entry, String requestHash) {
        long bytes = 1 + ItemSizes.value(entry(entry));
        if (entry.clientPunchId() != null) {
            bytes += ItemSizes.mapEntry(entry.clientPunchId(), receipt(requestHash, entry));
        }
        return bytes;
    }

    /** {@code journal_bytes} of a journal and receipts as they will be stored. */
    static long journalBytes(List<TimeEntry> journal, Map<String, PunchReceipt> receipts) {
        long bytes = 0;
        for (TimeEntry entry : journal) {
            bytes += 1 + ItemSizes.value(entry(entry));
        }
        for (Map.Entry<String, PunchReceipt> receipt : receipts.entrySet()) {
            bytes += ItemSizes.mapEntry(receipt.getKey(), receipt(receipt.getValue()));
        }
        return bytes;
    }

    /** Whether the stored clock had less room than {@code needed} bytes (the condition the punch path writes on). */
    static boolean lacksRoom(Map<String, AttributeValue> item, long needed) {
        AttributeValue used = item.get(JOURNAL_BYTES);
        return used != null && used.n() != null && Long.parseLong(used.n()) > JOURNAL_ROOM - needed;
    }

    /**
     * The clock in an item, interpreted.
     *
     * @throws UnreadableClockException when any of it cannot be (a missing or malformed attribute, a journal out of
     *                                  order): it concerns this one employee, and each reader decides what to
     *                                  answer without it
     */
    public static PunchClock fromItem(Map<String, AttributeValue> item) {
        String employeeId = employeeIdOf(item);
        Long tokenGeneration = null;
        Map<String, Instant> revoked = null;
        try {
            tokenGeneration = Long.parseLong(required(item, "token_generation").n());
            revoked = revokedTokens(item);
        } catch (RuntimeException unreadableTokenFacts) {
            // Read below again, and reported as what makes the clock unreadable.
        }
        try {
            List<TimeEntry> journal = new ArrayList<>();
            for (AttributeValue value : required(item, "journal").l()) {
                journal.add(entry(employeeId, value.m()));
            }
            Map<String, PunchReceipt> receipts = receipts(item);
            AttributeValue lastAt = item.get(LAST_AT);
            AttributeValue journalStart = item.get(JOURNAL_START);
            return new PunchClock(
                    employeeId,
                    ZoneId.of(required(item, "zone").s()),
                    Boolean.TRUE.equals(required(item, "active").bool()),
                    journal,
                    receipts,
                    Long.parseLong(required(item, "token_generation").n()),
                    revokedTokens(item),
                    Long.parseLong(required(item, "version").n()),
                    journalStart == null ? 0 : Long.parseLong(journalStart.n()),
                    lastAt == null ? null : Instant.ofEpochMilli(Long.parseLong(lastAt.n())),
                    Attributes.instant(item, LAST_FINAL_OUT));
        } catch (UnreadableClockException unreadable) {
            throw unreadable;
        } catch (RuntimeException unreadable) {
            throw new UnreadableClockException(
                    employeeId, unreadable.toString(), tokenGeneration, revoked == null ? null : revoked.keySet());
        }
    }

    private static Map<String, PunchReceipt> receipts(Map<String, AttributeValue> item) {
        Map<String, PunchReceipt> receipts = new HashMap<>();
        required(item, "receipts")
                .m()
                .forEach((punchId, value) -> receipts.put(
                        punchId,
                        new PunchReceipt(
                                required(value.m(), "h").s(),
                                required(value.m(), "e").s(),
                                Instant.parse(required(value.m(), "t").s()))));
        return receipts;
    }

    /**
     * What a correction writes on: the clock's version, numbering and receipts, and its journal with work dates.
     *
     * @param datedJournal the journal in recording order
     */
    public record CorrectionBasis(
            String employeeId,
            ZoneId zone,
            boolean active,
            long version,
            long journalStart,
            Map<String, PunchReceipt> receipts,
            List<TimeEntry> datedJournal) {}

    /**
     * The clock in an item as a correction needs it. A journal that cannot be folded (out of order, or breaking
     * the state machine) is dated as recorded instead of refused, so that a correction can repair it: the day it
     * leaves is validated like any other.
     *
     * @throws UnreadableClockException when anything else cannot be interpreted (the zone, the version)
     */
    public static CorrectionBasis forCorrection(Map<String, AttributeValue> item) {
        try {
            PunchClock clock = fromItem(item);
            return new CorrectionBasis(
                    clock.employeeId(),
                    clock.zone(),
                    clock.active(),
                    clock.version(),
                    clock.journalStart(),
                    clock.receipts(),
                    clock.ledger().datedEntries());
        } catch (UnreadableClockException unreadable) {
            if (unreadable.recorded().isEmpty()) {
                throw unreadable;
            }
            // Only the folding failed, so every other attribute was read already.
            ZoneId zone = ZoneId.of(required(item, "zone").s());
            AttributeValue journalStart = item.get(JOURNAL_START);
            AttributeValue active = item.get("active");
            return new CorrectionBasis(
                    unreadable.employeeId(),
                    zone,
                    active != null && Boolean.TRUE.equals(active.bool()),
                    Long.parseLong(required(item, "version").n()),
                    journalStart == null ? 0 : Long.parseLong(journalStart.n()),
                    receipts(item),
                    WorkDateAssignment.assignAsRecorded(unreadable.recorded(), zone));
        }
    }

    /** The employee a clock item belongs to, from its key when its own attribute is damaged. */
    public static String employeeIdOf(Map<String, AttributeValue> item) {
        AttributeValue id = item.get("employee_id");
        if (id != null && id.s() != null) {
            return id.s();
        }
        String pk = required(item, "pk").s();
        return pk.startsWith("EMPLOYEE#") ? pk.substring("EMPLOYEE#".length()) : pk;
    }

    private static Map<String, Instant> revokedTokens(Map<String, AttributeValue> item) {
        Map<String, Instant> revoked = new HashMap<>();
        required(item, "revoked")
                .m()
                .forEach((tokenId, expiresAt) ->
                        revoked.put(tokenId, Instant.ofEpochSecond(Long.parseLong(expiresAt.n()))));
        return revoked;
    }
}
