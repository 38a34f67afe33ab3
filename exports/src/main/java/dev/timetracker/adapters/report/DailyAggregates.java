package dev.timetracker.adapters.report;

import dev.timetracker.adapters.dynamodb.Attributes;
import dev.timetracker.domain.report.DayTotals;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The nightly job's aggregate of one work date ({@code DAILY} / {@code YYYY-MM-DD} in the time table). */
public final class DailyAggregates {
    static final String PARTITION = "DAILY";

    private DailyAggregates() {}

    public static Map<String, AttributeValue> key(LocalDate date) {
        return Map.of("pk", AttributeValue.fromS(PARTITION), "sk", AttributeValue.fromS(date.toString()));
    }

    /** The aggregate item of these totals, naming the date's CSV file and its rows. */
    public static Map<String, AttributeValue> item(DayTotals totals, String file, long rows) {
        Map<String, AttributeValue> item = new HashMap<>(key(totals.date()));
        item.put("date", AttributeValue.fromS(totals.date().toString()));
        item.put("employees_present", number(totals.employeesPresent()));
        item.put("worked_seconds", number(totals.workedSeconds()));
        item.put("break_seconds", number(totals.breakSeconds()));
        item.put("late_count", number(totals.lateCount()));
        item.put("late_seconds", number(totals.lateSeconds()));
        item.put("overtime_seconds", number(totals.overtimeSeconds()));
        item.put("file", AttributeValue.fromS(file));
        item.put("rows", number(rows));
        return item;
    }

    static DayTotals fromItem(Map<String, AttributeValue> item) {
        return new DayTotals(
                LocalDate.parse(Attributes.required(item, "date").s()),
                number(item, "employees_present"),
                number(item, "worked_seconds"),
                number(item, "break_seconds"),
                number(item, "late_count"),
                number(item, "late_seconds"),
                number(item, "overtime_seconds"));
    }

    /** Absent reads as 0: aggregates written before a figure was stored lack it. */
    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
