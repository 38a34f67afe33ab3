package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sparse {@code open-clocks} index lists a clock exactly while its latest cycle is open. The punch path's own
 * write sets and removes {@code open_at} (PeriodsApiTest punches through it); here the nightly job's automatic
 * punch_out must take the clock out too, or a forgotten punch_out would block the pay-period lock for ever.
 */
@ExtendWith(LocalAwsExtension.class)
class OpenClocksIndexTest {

    @Test
    void theNightlyAutoCloseTakesTheClockOutOfTheOpenClocksIndex(TestStack stack) {
        Instant punchIn = Instant.parse("2026-03-23T08:00:00Z");
        Dataset data = Dataset.fresh(stack)
                .standardHours()
                .employee("emp-open", "Olga", "Open", "7", "Ops", "Europe/Berlin", true)
                .journal("emp-open", List.of(in(punchIn.toString())));
        // What the punch_in's own UpdateItem sets: seeded journals are written straight into the table.
        stack.dynamoDb()
                .updateItem(update -> update.tableName(data.timeTable)
                        .key(ClockItems.key("emp-open"))
                        .updateExpression("SET " + ClockItems.OPEN_AT + " = :at")
                        .expressionAttributeValues(
                                Map.of(":at", AttributeValue.fromN(Long.toString(punchIn.toEpochMilli())))));
        stack.awaitIndexes();
        assertEquals(List.of("emp-open"), openClocks(stack, data));

        ObjectNode result = data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        assertEquals("done", result.get("status").asText(), result::toString);

        var clock = stack.dynamoDb()
                .getItem(get -> get.tableName(data.timeTable)
                        .key(ClockItems.key("emp-open"))
                        .consistentRead(true))
                .item();
        assertEquals("off", clock.get("state").s(), "closed by an automatic punch_out");
        assertFalse(clock.containsKey(ClockItems.OPEN_AT), clock::toString);
        stack.awaitIndexes();
        assertEquals(List.of(), openClocks(stack, data));
    }

    private static List<String> openClocks(TestStack stack, Dataset data) {
        return stack
                .dynamoDb()
                .query(query -> query.tableName(data.timeTable)
                        .indexName(ClockItems.OPEN_CLOCKS_INDEX)
                        .keyConditionExpression(ClockItems.CLOCK_LIST + " = :clocks")
                        .expressionAttributeValues(Map.of(":clocks", AttributeValue.fromS("CLOCK"))))
                .items()
                .stream()
                .map(item -> item.get("employee_id").s())
                .toList();
    }
}
