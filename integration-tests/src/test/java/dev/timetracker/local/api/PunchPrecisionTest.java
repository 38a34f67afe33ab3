package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.assertRuleViolation;
import static dev.timetracker.local.api.PunchApiTest.body;
import static dev.timetracker.local.api.PunchApiTest.punchOk;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One time precision end to end (issue 10, "one employee can break the organisation's reports"): instants are
 * kept to the second on the way in, and what is stored is what is compared and what is answered. Before, two
 * punches a fraction of a millisecond apart in reverse order both passed the "not earlier than the latest entry"
 * check (milliseconds) and were stored with their nanoseconds, and the employee's clock could never be read again.
 */
@ExtendWith(LocalAwsExtension.class)
class PunchPrecisionTest {

    @Test
    void offlinePunchesWithSubSecondTimestampsInReverseOrderAreStoredComparedAndAnsweredToTheSecond(TestStack stack) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Deployment deployment = stack.deployment("PunchFunction").withClock(Clock.fixed(now, ZoneOffset.UTC));
        Api punches = employee.api().via(new PunchHandler(deployment));
        Instant second = now.minus(Duration.ofHours(1));

        JsonNode in = punchOk(
                punches,
                body(
                        "action",
                        "punch_in",
                        "timestamp",
                        second.plusNanos(900_000).toString()),
                201);
        JsonNode onBreak = punchOk(
                punches,
                body(
                        "action",
                        "break_start",
                        "timestamp",
                        second.plusNanos(100_000).toString()),
                201);

        assertEquals(second.toString(), in.at("/entry/timestamp").asText());
        assertEquals(second.toString(), onBreak.at("/entry/timestamp").asText());
        assertEquals("on_break", onBreak.at("/status/status").asText());
        // The check runs on the stored second: anything in an earlier second is before the latest entry.
        assertRuleViolation(
                punches.post(
                        PUNCH,
                        body(
                                "action",
                                "break_end",
                                "timestamp",
                                second.minusNanos(100_000).toString())),
                "before-latest-entry");

        Map<String, AttributeValue> item = stack.dynamoDb()
                .getItem(get -> get.tableName(deployment.tables().time())
                        .key(ClockItems.key(employee.employeeId()))
                        .consistentRead(true))
                .item();
        assertEquals(
                List.of(second.toString(), second.toString()),
                item.get("journal").l().stream()
                        .map(entry -> entry.m().get("ts").s())
                        .toList(),
                "stored to the second");
        assertEquals(Long.toString(second.toEpochMilli()), item.get("last_at").n());
        assertReadable(employee, new StatusHandler(deployment), List.of("punch_in", "break_start"), second);
    }

    /** Two Lambda instances whose clocks disagree by less than a millisecond punch one employee in turn. */
    @Test
    void serverTimePunchesFromClocksASubMillisecondApartInReverseOrderKeepTheClockReadable(TestStack stack) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Deployment ahead =
                stack.deployment("PunchFunction").withClock(Clock.fixed(second.plusNanos(900_000), ZoneOffset.UTC));
        Deployment behind =
                stack.deployment("PunchFunction").withClock(Clock.fixed(second.plusNanos(500_000), ZoneOffset.UTC));

        JsonNode in = punchOk(employee.api().via(new PunchHandler(ahead)), body("action", "punch_in"), 201);
        JsonNode onBreak = punchOk(employee.api().via(new PunchHandler(behind)), body("action", "break_start"), 201);

        assertEquals(second.toString(), in.at("/entry/timestamp").asText());
        assertEquals(second.toString(), onBreak.at("/entry/recorded_at").asText());
        assertReadable(employee, new StatusHandler(behind), List.of("punch_in", "break_start"), second);
    }

    private static void assertReadable(
            Fixtures.Caller employee, StatusHandler statusHandler, List<String> actions, Instant since) {
        Api reads = employee.api().via(statusHandler);
        Response status = reads.get("/api/timetracking/status/" + employee.employeeId() + "/");
        assertEquals(200, status.status(), status::toString);
        assertEquals(since.toString(), status.json().get("since").asText());
        String day = since.atZone(ZoneOffset.UTC).toLocalDate().toString();
        List<JsonNode> entries = PunchApiTest.pages(reads, "/api/timetracking/entries/?from=" + day + "&to=" + day, 1);
        assertEquals(
                actions,
                entries.stream().map(entry -> entry.get("action").asText()).toList());
        assertEquals(
                1,
                PunchApiTest.pages(reads, "/api/timetracking/sessions/?from=" + day + "&to=" + day, 1)
                        .size());
    }
}
