package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.report.LiveFigures;
import dev.timetracker.domain.report.LiveTotals;
import dev.timetracker.domain.report.StateCounts;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The live totals in the time table (docs/storage.md, "Live day totals"): {@code DAYTOTAL#<work date>#<shard>} /
 * {@code TOTAL} per date and shard, {@code STATES#<shard>} / {@code STATES} per shard, and the marker
 * {@code LIVE_TOTALS} / {@code SINCE} of an installation that began keeping them with data already in place. Writers
 * ADD a {@link ClockFigures} delta in the transaction of their own change: an ADD creates a missing item and counts
 * from zero, and additions commute, so concurrent writers of one shard never conflict on a condition
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html#Expressions.UpdateExpressions.ADD).
 * A transaction cannot touch one item twice
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html): the delta holds each date
 * once, and one writer's items are all of its employee's shard.
 */
public final class LiveTotalsItems {
    static final String DAY_PREFIX = "DAYTOTAL#";
    static final String DAY_SORT = "TOTAL";
    static final String STATES_PREFIX = "STATES#";
    static final String STATES_SORT = "STATES";
    private static final String MARKER_PK = "LIVE_TOTALS";
    /** The marker item: {@code since}, the first date the totals hold completely; absent: every date. */
    public static final Map<String, AttributeValue> MARKER = Map.of("pk", s(MARKER_PK), "sk", s("SINCE"));

    static final String JUDGED_WITH = "judged_with";
    private static final String[] FIGURES = {
        "present", "late", "closed_worked", "closed_break", "working", "working_since", "on_break", "break_since"
    };

    private LiveTotalsItems() {}

    /**
     * A stored clock's figures as every writer computes them (a clock that cannot be read counts for nothing): for code
     * that changes a clock item outside the stores, such as test seeding, to keep the totals in step.
     */
    public static ClockFigures figuresOf(Map<String, AttributeValue> clockItem, BusinessHoursTimeline timeline) {
        try {
            ClockItems.CorrectionBasis clock = ClockItems.forCorrection(clockItem);
            return ClockFigures.ofReadable(
                    clock.employeeId(), clock.zone(), clock.active(), clock.datedJournal(), timeline);
        } catch (RuntimeException unreadable) {
            return ClockFigures.NONE;
        }
    }

    /** The items a change adds to: one per date whose figures it changes, and the states when they change. */
    public static int itemCount(ClockFigures delta) {
        return delta.days().size() + (delta.states().equals(StateCounts.none()) ? 0 : 1);
    }

    /** The ADDs of a delta, for the writer's transaction (none when it changes nothing). */
    public static List<TransactWriteItem> adds(String table, String employeeId, ClockFigures delta) {
        int shard = ClockFigures.shard(employeeId);
        List<TransactWriteItem> writes = new ArrayList<>();
        delta.days().forEach((date, figures) -> {
            long[] numbers = numbers(figures);
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            List<String> adds = new ArrayList<>();
            for (int i = 0; i < FIGURES.length; i++) {
                if (numbers[i] != 0) {
                    names.put("#f" + i, FIGURES[i]);
                    values.put(":f" + i, AttributeValue.fromN(Long.toString(numbers[i])));
                    adds.add("#f" + i + " :f" + i);
                }
            }
            Set<String> judged = delta.judgedWith().getOrDefault(date, Set.of());
            if (!judged.isEmpty()) {
                adds.add(JUDGED_WITH + " :judged");
                values.put(":judged", AttributeValue.fromSs(List.copyOf(judged)));
            }
            Update.Builder update = Update.builder()
                    .tableName(table)
                    .key(dayKey(date, shard))
                    .updateExpression("ADD " + String.join(", ", adds))
                    .expressionAttributeValues(values);
            if (!names.isEmpty()) {
                update.expressionAttributeNames(names);
            }
            writes.add(TransactWriteItem.builder().update(update.build()).build());
        });
        StateCounts states = delta.states();
        if (!states.equals(StateCounts.none())) {
            writes.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(table)
                            .key(statesKey(shard))
                            .updateExpression("ADD active :active, working :working, on_break :on_break")
                            .expressionAttributeValues(Map.of(
                                    ":active", AttributeValue.fromN(Long.toString(states.active())),
                                    ":working", AttributeValue.fromN(Long.toString(states.working())),
                                    ":on_break", AttributeValue.fromN(Long.toString(states.onBreak()))))
                            .build())
                    .build());
        }
        return writes;
    }

    /**
     * The totals of these dates (and the states), one BatchGetItem of 16 keys per date (+ 16 states keys and the
     * marker), 100 keys a call, eventually consistent: half the read units of a consistent read
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html#read-operation-consumption);
     * a read within about a second of a write may miss that write.
     */
    public static LiveTotals read(DynamoDbClient db, String table, Collection<LocalDate> dates, boolean withStates) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(MARKER);
        for (int shard = 0; shard < ClockFigures.SHARDS; shard++) {
            if (withStates) {
                keys.add(statesKey(shard));
            }
            for (LocalDate date : new HashSet<>(dates)) {
                keys.add(dayKey(date, shard));
            }
        }
        LocalDate since = LocalDate.MIN;
        long active = 0;
        long working = 0;
        long onBreak = 0;
        Map<LocalDate, LiveFigures> days = new HashMap<>();
        Map<LocalDate, Set<String>> judged = new HashMap<>();
        for (Map<String, AttributeValue> item :
                BatchReads.getMany(db, table, keys, null, BatchReads.Consistency.EVENTUAL)) {
            String pk = required(item, "pk").s();
            if (pk.equals(MARKER_PK)) {
                since = LocalDate.parse(required(item, "since").s());
            } else if (pk.startsWith(STATES_PREFIX)) {
                active += number(item, "active");
                working += number(item, "working");
                onBreak += number(item, "on_break");
            } else {
                LocalDate date = LocalDate.parse(pk.substring(DAY_PREFIX.length(), pk.lastIndexOf('#')));
                long[] numbers = new long[FIGURES.length];
                for (int i = 0; i < FIGURES.length; i++) {
                    numbers[i] = number(item, FIGURES[i]);
                }
                days.merge(
                        date,
                        new LiveFigures(
                                numbers[0],
                                numbers[1],
                                numbers[2],
                                numbers[3],
                                numbers[4],
                                numbers[5],
                                numbers[6],
                                numbers[7]),
                        LiveFigures::plus);
                AttributeValue versions = item.get(JUDGED_WITH);
                if (versions != null) {
                    judged.computeIfAbsent(date, d -> new HashSet<>()).addAll(versions.ss());
                }
            }
        }
        return new LiveTotals(
                since, new StateCounts(active, working, onBreak, active - working - onBreak), days, judged);
    }

    static Map<String, AttributeValue> dayKey(LocalDate date, int shard) {
        return Map.of("pk", s(DAY_PREFIX + date + "#" + shard), "sk", s(DAY_SORT));
    }

    static Map<String, AttributeValue> statesKey(int shard) {
        return Map.of("pk", s(STATES_PREFIX + shard), "sk", s(STATES_SORT));
    }

    private static long[] numbers(LiveFigures figures) {
        return new long[] {
            figures.present(),
            figures.late(),
            figures.closedWorked(),
            figures.closedBreak(),
            figures.working(),
            figures.workingSince(),
            figures.onBreak(),
            figures.breakSince()
        };
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
