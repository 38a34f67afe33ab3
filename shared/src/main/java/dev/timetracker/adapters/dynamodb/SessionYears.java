package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * One employee's final sessions of a calendar year in one item ({@code EMPLOYEE#<id>} / {@code YEAR#<yyyy>}): one
 * attribute per work date ({@code YYYY-MM-DD}) holding the figures the employees report adds up, as a list of
 * numbers {@code [first_in epoch s, worked, break, late, early leave, overtime, payable]} (about 15 KB for a full
 * year). The report reads a page of employees' periods with one BatchGetItem (one key per employee and calendar
 * year; a BatchGetItem takes at most 100 keys and 16 MB, and hands back keys beyond 1 MB per partition, which one
 * item per partition never reaches: https://docs.aws.amazon.com/goto/SdkForKotlin/dynamodb-2012-08-10/BatchGetItem)
 * instead of one Query per employee. Every write of a {@code SESSION#} item writes its figures here in the
 * same transaction (the nightly closing, a correction), so the two never disagree.
 */
public final class SessionYears {
    static final String PREFIX = "YEAR#";

    private SessionYears() {}

    public static Map<String, AttributeValue> key(String employeeId, int year) {
        return Map.of("pk", AttributeValue.fromS("EMPLOYEE#" + employeeId), "sk", AttributeValue.fromS(PREFIX + year));
    }

    /** The whole year item of these sessions (all of one employee and year), for seeding and backfills. */
    public static Map<String, AttributeValue> item(String employeeId, int year, List<WorkSession> sessions) {
        Map<String, AttributeValue> item = new HashMap<>(key(employeeId, year));
        for (WorkSession session : sessions) {
            if (!session.employeeId().equals(employeeId) || session.workDate().getYear() != year) {
                throw new IllegalArgumentException("a session of " + session.employeeId() + " on " + session.workDate()
                        + " in the " + year + " item of " + employeeId);
            }
            item.put(session.workDate().toString(), figures(session));
        }
        return item;
    }

    /**
     * For a transaction: the updates that record these sessions and forget these dates, one per year item ("no two
     * actions can target the same item": https://docs.aws.amazon.com/goto/WebAPI/dynamodb-2012-08-10/TransactWriteItems).
     */
    public static List<TransactWriteItem> updates(
            String table, String employeeId, List<WorkSession> recorded, List<LocalDate> forgotten) {
        Map<Integer, List<String>> sets = new TreeMap<>();
        Map<Integer, List<String>> removes = new TreeMap<>();
        Map<Integer, Map<String, String>> names = new HashMap<>();
        Map<Integer, Map<String, AttributeValue>> values = new HashMap<>();
        for (WorkSession session : recorded) {
            int year = session.workDate().getYear();
            Map<String, String> yearNames = names.computeIfAbsent(year, y -> new HashMap<>());
            String name = "#d" + yearNames.size();
            yearNames.put(name, session.workDate().toString());
            values.computeIfAbsent(year, y -> new HashMap<>()).put(":" + name.substring(1), figures(session));
            sets.computeIfAbsent(year, y -> new ArrayList<>()).add(name + " = :" + name.substring(1));
        }
        for (LocalDate date : forgotten) {
            int year = date.getYear();
            Map<String, String> yearNames = names.computeIfAbsent(year, y -> new HashMap<>());
            String name = "#d" + yearNames.size();
            yearNames.put(name, date.toString());
            removes.computeIfAbsent(year, y -> new ArrayList<>()).add(name);
        }
        List<TransactWriteItem> updates = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, String>> yearAndNames : names.entrySet()) {
            int year = yearAndNames.getKey();
            StringBuilder expression = new StringBuilder();
            if (sets.containsKey(year)) {
                expression.append("SET ").append(String.join(", ", sets.get(year)));
            }
            if (removes.containsKey(year)) {
                expression
                        .append(expression.isEmpty() ? "" : " ")
                        .append("REMOVE ")
                        .append(String.join(", ", removes.get(year)));
            }
            Update.Builder update = Update.builder()
                    .tableName(table)
                    .key(key(employeeId, year))
                    .updateExpression(expression.toString())
                    .expressionAttributeNames(yearAndNames.getValue());
            if (values.containsKey(year)) {
                update.expressionAttributeValues(values.get(year));
            }
            updates.add(TransactWriteItem.builder().update(update.build()).build());
        }
        return updates;
    }

    /**
     * The sessions of a year item from {@code from} to {@code to}, oldest first, with the figures the reports add
     * up (no cycles, no flags: those are in the {@code SESSION#} items).
     */
    public static List<WorkSession> sessions(
            String employeeId, Map<String, AttributeValue> item, LocalDate from, LocalDate to) {
        TreeMap<LocalDate, WorkSession> sessions = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.length() != 10 || !Character.isDigit(name.charAt(0)) || value.l() == null || !value.hasL()) {
                return;
            }
            LocalDate date = LocalDate.parse(name);
            if (date.isBefore(from) || date.isAfter(to)) {
                return;
            }
            List<AttributeValue> f = value.l();
            sessions.put(
                    date,
                    new WorkSession(
                            employeeId,
                            date,
                            Instant.ofEpochSecond(n(f, 0)),
                            null,
                            n(f, 1),
                            n(f, 2),
                            List.of(),
                            n(f, 3),
                            n(f, 4),
                            n(f, 5),
                            n(f, 6),
                            0,
                            SessionStatus.COMPLETE,
                            List.of()));
        });
        return List.copyOf(sessions.values());
    }

    private static AttributeValue figures(WorkSession session) {
        return AttributeValue.fromL(List.of(
                number(session.firstIn().getEpochSecond()),
                number(session.workedSeconds()),
                number(session.breakSeconds()),
                number(session.lateSeconds()),
                number(session.earlyLeaveSeconds()),
                number(session.overtimeSeconds()),
                number(session.payableSeconds())));
    }

    private static long n(List<AttributeValue> figures, int index) {
        return Long.parseLong(figures.get(index).n());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
