package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.assertRuleViolation;
import static dev.timetracker.local.api.PunchApiTest.body;
import static dev.timetracker.local.api.PunchApiTest.punchOk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoClockClosing;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.domain.time.WorkState;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MotoDeviates;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * One employee's clock item is bounded at write time (issue 10, "unbounded growth of one item"): break after break
 * with the longest notes and client punch ids the API takes fills the item, and before, once it reached DynamoDB's
 * 400 KB every punch answered 500 until the nightly trim. Now the punch that would not fit is refused with 422
 * clock-full, nothing of it is stored, reading goes on, and the nightly closing makes room again.
 */
@ExtendWith(LocalAwsExtension.class)
class ClockCapacityTest {
    /** 500 characters of three UTF-8 bytes each: the largest notes the punch route takes. */
    private static final String LONG_NOTES = "\u20ac".repeat(500);
    /** Far more punches than any item could hold, so the loop always ends by a refusal. */
    private static final int MAX_PUNCHES = 2_000;

    /*
     * moto 5.2.1 judges an UpdateItem's size while it applies each SET, adding the new value to the item as it was
     * (DynamoItem.__setitem__ sums every current attribute, the replaced one included, plus the new one): a SET of
     * the ~200 KB journal counts it twice and is refused as over 405 KB, where DynamoDB judges the item the update
     * produces (at most 400 KB, https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
     */
    @MotoDeviates(
            value = "moto counts an attribute that an update replaces twice towards the 400 KB item size",
            aws = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html")
    @Test
    void punchesThatWouldOverfillTheClockItemAre422ClockFullNeverA500AndTheNightlyRunMakesRoom(TestStack stack) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        MutableClock server = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Deployment deployment = stack.deployment("PunchFunction").withClock(server);
        Api punches = employee.api().via(new PunchHandler(deployment));
        // Offline punches from 71 h ago, one second apart: their work dates are over when the nightly run comes.
        Instant first = server.instant().minus(Duration.ofHours(71));
        WorkState state = WorkState.OFF;
        int accepted = 0;
        Response refused = null;
        while (refused == null && accepted < MAX_PUNCHES) {
            PunchAction action = next(state);
            Response response = punches.post(PUNCH, longPunch(action, first.plusSeconds(accepted), accepted));
            if (response.status() == 201) {
                state = PunchStateMachine.next(state, action);
                accepted++;
                server.advance(Duration.ofSeconds(1));
            } else {
                refused = response;
            }
        }
        assertTrue(refused != null, "never refused after " + accepted + " punches");
        assertRuleViolation(refused, "clock-full");
        assertTrue(accepted > 100, "a clock holds far more than a day of punches: " + accepted);
        long itemBytes = itemBytes(stack, deployment, employee.employeeId());
        assertTrue(itemBytes < 400 * 1024 - 50_000, "room left for revoked tokens: " + itemBytes + " bytes");

        // Admins punching for the employee (the transaction path) fill what is left and are refused the same way.
        Api admin = Fixtures.admin(stack).via(new PunchHandler(deployment));
        Response adminRefused = null;
        while (adminRefused == null && accepted < MAX_PUNCHES) {
            PunchAction action = next(state);
            Response response = admin.post(
                    PUNCH, body("employee_id", employee.employeeId(), "action", action.wire(), "notes", LONG_NOTES));
            if (response.status() == 201) {
                state = PunchStateMachine.next(state, action);
                accepted++;
                server.advance(Duration.ofSeconds(1));
            } else {
                adminRefused = response;
            }
        }
        assertTrue(adminRefused != null, "never refused after " + accepted + " punches");
        assertRuleViolation(adminRefused, "clock-full");
        assertEquals(
                accepted, journal(stack, deployment, employee.employeeId()).l().size(), "nothing refused was stored");
        // Reading a full clock works.
        assertEquals(
                state.wire(),
                PunchApiTest.status(employee.api(), employee.employeeId())
                        .get("status")
                        .asText());

        // The nightly closing finalises the days that are over (closing the open cycle after the maximum shift)
        // and counts again what the clock holds.
        var item = stack.dynamoDb()
                .getItem(get -> get.tableName(deployment.tables().time())
                        .key(ClockItems.key(employee.employeeId()))
                        .consistentRead(true))
                .item();
        new DynamoClockClosing(
                        stack.dynamoDb(),
                        deployment.tables().time(),
                        deployment.tables().audit())
                .close(
                        ClockItems.fromItem(item),
                        tenHourShifts(),
                        server.instant(),
                        () -> UUID.randomUUID().toString());
        assertEquals(0, journal(stack, deployment, employee.employeeId()).l().size());
        punchOk(punches, longPunch(PunchAction.PUNCH_IN, server.instant(), accepted), 201);
    }

    private static PunchAction next(WorkState state) {
        return switch (state) {
            case OFF -> PunchAction.PUNCH_IN;
            case WORKING -> PunchAction.BREAK_START;
            case ON_BREAK -> PunchAction.BREAK_END;
        };
    }

    /** A punch with the longest notes and client punch id the route takes (128 characters, unique). */
    private static Map<String, Object> longPunch(PunchAction action, Instant at, int n) {
        String punchId = (n + "-" + UUID.randomUUID() + "-").repeat(4).substring(0, 128);
        return body(
                "action", action.wire(), "timestamp", at.toString(), "client_punch_id", punchId, "notes", LONG_NOTES);
    }

    private static AttributeValue journal(TestStack stack, Deployment deployment, String employeeId) {
        return stack.dynamoDb()
                .getItem(get -> get.tableName(deployment.tables().time())
                        .key(ClockItems.key(employeeId))
                        .consistentRead(true))
                .item()
                .get("journal");
    }

    /**
     * At most how large the item is: a strongly consistent read costs one unit per 4 KB of item
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
     */
    private static long itemBytes(TestStack stack, Deployment deployment, String employeeId) {
        var response = stack.dynamoDb()
                .getItem(get -> get.tableName(deployment.tables().time())
                        .key(ClockItems.key(employeeId))
                        .consistentRead(true)
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
        return Math.round(response.consumedCapacity().capacityUnits()) * 4096;
    }

    private static BusinessHoursTimeline tenHourShifts() {
        return BusinessHoursTimeline.of(new BusinessHours(
                "capacity-test",
                ZoneOffset.UTC,
                EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                0,
                0,
                10,
                480,
                Instant.EPOCH,
                Instant.EPOCH,
                "test",
                null));
    }
}
