package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Entries and sessions of one employee over a range of work dates, oldest first. Final ones are items in the
 * employee's partition of the time table ({@code ENTRY#<work date>#...}, {@code SESSION#<work date>}), read
 * with one Query per page; the rest are in the punch clock's journal, which always comes after them in time.
 * A page runs through the final items first, then the journal, and its cursor says where it stopped.
 */
public final class DynamoTimeRecords {
    static final String ENTRY_PREFIX = "ENTRY#";
    static final String SESSION_PREFIX = "SESSION#";
    private static final String JOURNAL_OFFSET = "journal_offset";
    /**
     * Entries a correction voided stay as they were punched, marked {@code voided_by}; lists show the effective ones.
     * Limit applies before the filter (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html),
     * so a thinned page is topped up by the next Query of the loop below.
     */
    private static final String EFFECTIVE_ONLY = "attribute_not_exists(" + DynamoCorrectionStore.VOIDED_BY + ")";

    private final DynamoDbClient db;
    private final String table;
    private final CursorCodec cursors;

    public DynamoTimeRecords(DynamoDbClient db, String table, CursorCodec cursors) {
        this.db = db;
        this.table = table;
        this.cursors = cursors;
    }

    public Page<TimeEntry> entries(PunchClock clock, DateRange range, PageRequest page) {
        Page<ListedEntry> listed = entries(clock, range, page, false);
        return new Page<>(listed.items().stream().map(ListedEntry::entry).toList(), listed.nextCursor());
    }

    /** An entry as listed: {@code voidedBy} names the correction that voided it, null for an effective entry. */
    public record ListedEntry(TimeEntry entry, @Nullable String voidedBy) {}

    /** @param includeVoided whether entries voided by corrections are listed too (they are final items) */
    public Page<ListedEntry> entries(PunchClock clock, DateRange range, PageRequest page, boolean includeVoided) {
        List<ListedEntry> journal = clock.ledger().datedEntries().stream()
                .filter(entry -> entry.workDate() != null && within(entry.workDate(), range))
                .map(entry -> new ListedEntry(entry, null))
                .toList();
        return page(
                clock.employeeId(),
                ENTRY_PREFIX,
                range,
                page,
                includeVoided ? "entries-all" : "entries",
                item -> new ListedEntry(
                        TimeItems.entryFromItem(item), Attributes.string(item, DynamoCorrectionStore.VOIDED_BY)),
                journal,
                includeVoided ? null : EFFECTIVE_ONLY);
    }

    public Page<WorkSession> sessions(
            PunchClock clock, DateRange range, PageRequest page, BusinessHoursTimeline timeline, Instant now) {
        List<WorkSession> journal = clock.ledger().sessions(timeline, now).stream()
                .filter(session -> within(session.workDate(), range))
                .toList();
        return page(
                clock.employeeId(), SESSION_PREFIX, range, page, "sessions", TimeItems::sessionFromItem, journal, null);
    }

    private <T> Page<T> page(
            String employeeId,
            String prefix,
            DateRange range,
            PageRequest page,
            String kind,
            Function<Map<String, AttributeValue>, T> mapper,
            List<T> journal,
            @Nullable String filter) {
        String listing = page.listing(kind + "/" + employeeId + "/" + range.from() + "/" + range.to());
        Map<String, AttributeValue> cursor = cursors.decodeAny(listing, page.cursor());
        List<T> items = new ArrayList<>();
        int journalOffset = 0;
        if (cursor == null || !cursor.containsKey(JOURNAL_OFFSET)) {
            Map<String, AttributeValue> start = cursor;
            if (start != null && !start.keySet().equals(java.util.Set.of("pk", "sk"))) {
                throw CursorCodec.invalid();
            }
            do {
                Map<String, AttributeValue> from = start;
                QueryResponse response = db.query(query -> query.tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .filterExpression(filter)
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                s("EMPLOYEE#" + employeeId),
                                ":from",
                                s(prefix + range.from()),
                                ":to",
                                s(prefix + range.to() + "~")))
                        .exclusiveStartKey(from)
                        .limit(page.limit() - items.size()));
                response.items().forEach(item -> items.add(mapper.apply(item)));
                start = response.hasLastEvaluatedKey()
                                && !response.lastEvaluatedKey().isEmpty()
                        ? response.lastEvaluatedKey()
                        : null;
                if (items.size() == page.limit() && start != null) {
                    return new Page<>(items, cursors.encode(listing, start));
                }
            } while (start != null);
        } else {
            journalOffset = parseOffset(cursor);
        }
        int end = Math.min(journal.size(), journalOffset + page.limit() - items.size());
        items.addAll(journal.subList(Math.min(journalOffset, end), end));
        String next =
                end < journal.size() ? cursors.encode(listing, Map.of(JOURNAL_OFFSET, s(Integer.toString(end)))) : null;
        return new Page<>(items, next);
    }

    private static int parseOffset(Map<String, AttributeValue> cursor) {
        AttributeValue offset = cursor.get(JOURNAL_OFFSET);
        if (cursor.size() != 1 || offset == null) {
            throw CursorCodec.invalid();
        }
        try {
            int parsed = Integer.parseInt(offset.s());
            if (parsed < 0) {
                throw CursorCodec.invalid();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw CursorCodec.invalid();
        }
    }

    private static boolean within(LocalDate date, DateRange range) {
        return !date.isBefore(range.from()) && !date.isAfter(range.to());
    }
}
