package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB round trips per request, counted by an SDK interceptor on handlers built with their own client. Each
 * handler is warmed with one request first (its business-hours timeline is cached for 60 s per instance, so only
 * the first request of an instance makes that Query).
 *
 * <p>Measured (warm instance):
 * <ul>
 *   <li>employee's own punch: 2 (GetItem, TransactWriteItems with the live totals' ADDs)</li>
 *   <li>employee's own status: 1 (GetItem)</li>
 *   <li>someone else's status, read by a manager: 1 (BatchGetItem: the caller's token checks and the clock)</li>
 *   <li>admin punch for someone else: 2 (BatchGetItem: token checks and the clock; TransactWriteItems: token checks,
 *       clock update, audit record)</li>
 *   <li>entries or sessions, own or someone else's: 3 (BatchGetItem for the route's token check; GetItem of the own
 *       clock or BatchGetItem of someone else's with the token checks again; Query of the final items)</li>
 *   <li>a cold instance adds one Query (business hours) to punches, status reads and sessions</li>
 * </ul>
 */
@ExtendWith(LocalAwsExtension.class)
class RoundTripsTest {
    private TestStack stack;
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private DynamoDbClient counting;
    private PunchHandler punchHandler;
    private StatusHandler statusHandler;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.counting = AwsClients.dynamoDbBuilder(
                        stack.deployment("PunchFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                                    }
                                })
                                .build())
                .build();
        this.punchHandler = new PunchHandler(stack.deployment("PunchFunction").withDb(counting));
        this.statusHandler =
                new StatusHandler(stack.deployment("StatusFunction").withDb(counting));
        // The figures are the round trips when DynamoDB processes every batch item, as it does below its size and
        // throughput limits; a partly unprocessed batch costs one more (BatchRetriesTest covers that).
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().suspend();
        }
    }

    @AfterEach
    void tearDown() {
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().resume();
        }
        counting.close();
    }

    /**
     * Two calls, not one: the punch's write is one TransactWriteItems that also ADDs its change to the live day totals
     * (docs/storage.md, "Live day totals"), and a transaction returns no item, so the clock is read first (the delta
     * and the answer are computed from it, the write holds on its version). The lead chose this over a stream consumer
     * so that the reports are exact at all times, not a stream's delay later.
     */
    @Test
    void anEmployeesOwnPunchIsAGetItemAndOneTransaction() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api().via(punchHandler);
        assertEquals(
                List.of("Query", "GetItem", "GetItem", "TransactWriteItems"),
                count(() -> api.post(PUNCH, body("action", "punch_in")), 201),
                "a cold instance loads the business hours and the pay-period lock first (each kept a minute), then "
                        + "reads the clock and writes");
        for (String action : List.of("break_start", "break_end", "punch_out")) {
            assertEquals(
                    List.of("GetItem", "TransactWriteItems"),
                    count(() -> api.post(PUNCH, body("action", action)), 201),
                    action);
        }
        Map<String, Object> keyed = body("action", "punch_in", "client_punch_id", "rt-" + UUID.randomUUID());
        assertEquals(
                List.of("GetItem", "TransactWriteItems"),
                count(() -> api.post(PUNCH, keyed), 201),
                "with a client punch id");
        assertEquals(List.of("GetItem"), count(() -> api.post(PUNCH, keyed), 200), "its replay: found on the clock");
        assertEquals(
                List.of("GetItem"),
                count(() -> api.post(PUNCH, body("action", "punch_in")), 409),
                "a refused punch learns why from the clock it read, and writes nothing");
    }

    @Test
    void anEmployeesOwnStatusIsOneGetItem() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api().via(statusHandler);
        String path = "/api/timetracking/status/" + employee.employeeId() + "/";
        assertEquals(
                List.of("GetItem", "Query"), count(() -> api.get(path), 200), "cold: the clock, then business hours");
        assertEquals(List.of("GetItem"), count(() -> api.get(path), 200));
        employee.api().post(PUNCH, body("action", "punch_in"));
        assertEquals(List.of("GetItem"), count(() -> api.get(path), 200), "while working");
    }

    @Test
    void someoneElsesStatusReadByAManagerIsOneBatchGetItem() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api manager = Fixtures.manager(stack).via(statusHandler);
        Api admin = Fixtures.admin(stack).via(statusHandler);
        String path = "/api/timetracking/status/" + employee.employeeId() + "/";
        count(() -> manager.get(path), 200); // warms the business hours
        assertEquals(List.of("BatchGetItem"), count(() -> manager.get(path), 200));
        assertEquals(List.of("BatchGetItem"), count(() -> admin.get(path), 200));
        assertEquals(
                List.of("BatchGetItem"), count(() -> manager.get("/api/timetracking/status/no-such-employee/"), 404));
    }

    @Test
    void anAdminPunchForSomeoneElseIsOneBatchGetItemAndOneTransaction() {
        Api admin = Fixtures.admin(stack);
        String target = newTarget(admin);
        Api via = admin.via(punchHandler);
        count(() -> via.post(PUNCH, body("employee_id", target, "action", "punch_in", "notes", "warm-up")), 201);
        assertEquals(
                List.of("BatchGetItem", "TransactWriteItems"),
                count(() -> via.post(PUNCH, body("employee_id", target, "action", "break_start", "notes", "n")), 201));
        assertEquals(
                List.of("BatchGetItem"),
                count(() -> via.post(PUNCH, body("employee_id", target, "action", "break_start", "notes", "n")), 409),
                "a punch the clock already refuses is not attempted");
        assertEquals(
                List.of("BatchGetItem"),
                count(
                        () -> via.post(
                                PUNCH, body("employee_id", "no-such-employee", "action", "punch_in", "notes", "n")),
                        404));
    }

    @Test
    void entriesListingsAreThreeCallsAndSessionsFive() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        employee.api().post(PUNCH, body("action", "punch_in"));
        employee.api().post(PUNCH, body("action", "break_start"));
        Api own = employee.api().via(statusHandler);
        Api manager = Fixtures.manager(stack).via(statusHandler);
        String entries = "/api/timetracking/entries/?employee_id=" + employee.employeeId();
        String sessions = "/api/timetracking/sessions/?employee_id=" + employee.employeeId();
        count(() -> own.get(sessions), 200); // warms the business hours
        assertEquals(List.of("BatchGetItem", "GetItem", "Query"), count(() -> own.get(entries), 200), "own entries");
        // Sessions say whether their date is closed: the lock (GetItem) and the approved weeks (Query) of the range.
        assertEquals(
                List.of("BatchGetItem", "GetItem", "GetItem", "Query", "Query"),
                count(() -> own.get(sessions), 200),
                "own sessions");
        assertEquals(
                List.of("BatchGetItem", "BatchGetItem", "Query"),
                count(() -> manager.get(entries), 200),
                "someone else's entries");
        assertEquals(
                List.of("BatchGetItem", "BatchGetItem", "GetItem", "Query", "Query"),
                count(() -> manager.get(sessions), 200),
                "someone else's sessions");
        // The next page of the journal needs no Query.
        Response first = own.get(entries + "&limit=1");
        String cursor = first.json().get("next_cursor").asText();
        assertEquals(
                List.of("BatchGetItem", "GetItem"),
                count(() -> own.get(entries + "&limit=1&cursor=" + cursor), 200),
                "a journal page");
    }

    /** The operations one request makes, in order, after checking its status. */
    private List<String> count(Supplier<Response> request, int expectedStatus) {
        calls.clear();
        Response response = request.get();
        assertEquals(expectedStatus, response.status(), response::toString);
        return List.copyOf(calls);
    }

    private static String newTarget(Api admin) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.post(
                "/api/employees/",
                Map.of("email", "rt." + unique + "@example.com", "first_name", "Round", "last_name", unique));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }
}
