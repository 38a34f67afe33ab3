package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * DynamoDB failing under a punch. The calls a punch makes on a fresh handler instance (business hours not cached
 * yet) are enumerated first; then each call in turn fails, on every attempt the SDK makes, either before the
 * request is sent (nothing reached DynamoDB) or after DynamoDB answered (the response is lost: a write was
 * applied, the function cannot know). The client must get 503 problem+json with Retry-After. When nothing reached
 * DynamoDB, the clock item, the entries and (for admin punches) the audit trail are exactly as before; when a
 * response was lost, the punch is either not there at all or there completely (entry and audit record), and the
 * client's retry with the same client_punch_id gives the one entry: 201 if it was not stored, 200 if it was.
 */
@ExtendWith(LocalAwsExtension.class)
class PunchFaultsTest {
    private static final List<String> CYCLE = List.of("punch_in", "break_start", "break_end", "punch_out");

    /** What DynamoDB, or the way to it, does wrong. */
    enum Fault {
        /** DynamoDB answers 500 InternalServerError (retryable; the SDK retries, then gives up). */
        DYNAMODB_500(() -> DynamoDbException.builder()
                .statusCode(500)
                .message("Internal server error")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("InternalServerError")
                        .serviceName("DynamoDb")
                        .errorMessage("Internal server error")
                        .build())
                .build()),
        /** The connection breaks: what the SDK throws for a reset or timed-out connection once its retries are spent. */
        NETWORK_FAILURE(() -> SdkClientException.builder()
                .message("Unable to execute HTTP request: Connection reset")
                .cause(new IOException("Connection reset"))
                .build());

        final Supplier<RuntimeException> exception;

        Fault(Supplier<RuntimeException> exception) {
            this.exception = exception;
        }
    }

    private TestStack stack;
    private Api admin;
    private String timeTable;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.admin = Fixtures.admin(stack);
        this.timeTable = stack.deployment("PunchFunction").tables().time();
        // The scenarios name the calls of a punch by position; a batch that DynamoDB answers in part adds a call
        // and shifts them (BatchRetriesTest covers those retries).
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().suspend();
        }
    }

    @AfterEach
    void resumeBatches() {
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().resume();
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void anEmployeesOwnPunchFailingBeforeAnyCallIsSentAnswers503AndChangesNothing(Fault fault) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        runEveryIndex(
                fault,
                false,
                employee.employeeId(),
                employee.api(),
                action -> body("action", action),
                false,
                // The own punch is a GetItem and one transaction too (the live totals move with it).
                "TransactWriteItems");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void anEmployeesOwnPunchWhoseResponseIsLostAnswers503AndTheRetryFindsTheOneEntry(Fault fault) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        runEveryIndex(
                fault,
                true,
                employee.employeeId(),
                employee.api(),
                action -> body("action", action),
                false,
                // The own punch is a GetItem and one transaction too (the live totals move with it).
                "TransactWriteItems");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void anAdminPunchForSomeoneElseFailingBeforeAnyCallIsSentAnswers503AndChangesNothing(Fault fault) {
        String target = newTarget();
        runEveryIndex(
                fault,
                false,
                target,
                admin,
                action -> body("employee_id", target, "action", action, "notes", "Fault test: " + action),
                true,
                "TransactWriteItems");
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void anAdminPunchWhoseResponseIsLostAnswers503AndTheRetryFindsTheOneEntryAndOneAuditRecord(Fault fault) {
        String target = newTarget();
        runEveryIndex(
                fault,
                true,
                target,
                admin,
                action -> body("employee_id", target, "action", action, "notes", "Fault test: " + action),
                true,
                "TransactWriteItems");
    }

    /**
     * A status read that fails at any of its calls answers 503 too (and a read changes nothing anyway): the
     * employee's own, and a manager's read of someone else's.
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void aStatusReadFailingAtAnyCallAnswers503(Fault fault) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        List<String> failures = new ArrayList<>();
        for (Api reader : List.of(employee.api(), Fixtures.manager(stack))) {
            String path = "/api/timetracking/status/" + employee.employeeId() + "/";
            List<String> calls;
            try (Faults faults =
                    new Faults(fault, stack.deployment("StatusFunction").environment())) {
                Response plain = reader.via(new StatusHandler(
                                stack.deployment("StatusFunction").withDb(faults.client)))
                        .get(path);
                assertEquals(200, plain.status(), plain::toString);
                calls = faults.calls();
            }
            assertFalse(calls.isEmpty());
            for (int i = 0; i < calls.size(); i++) {
                for (boolean afterResponse : List.of(false, true)) {
                    try (Faults faults =
                            new Faults(fault, stack.deployment("StatusFunction").environment())) {
                        faults.fail(i, afterResponse);
                        String scenario = fault + ", status call " + i + " of " + calls
                                + (afterResponse ? ", response lost" : ", fails before sending");
                        check(
                                failures,
                                scenario,
                                () -> assertRetryLater(
                                        scenario,
                                        reader.via(new StatusHandler(stack.deployment("StatusFunction")
                                                        .withDb(faults.client)))
                                                .get(path)));
                        check(failures, () -> assertTrue(faults.thrown.get() > 0, scenario + ": fault injected"));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * The response to the punch's write is lost once and the SDK retries the same write (as it does for 5xx and
     * I/O errors). The retry must not turn into a duplicate, nor into a 409 for the punch that was just stored:
     * without any client_punch_id, the client gets 201 and the one entry (and, for an admin, one audit record).
     */
    @ParameterizedTest
    @EnumSource(Fault.class)
    void aWriteWhoseResponseIsLostOnceAndRetriedByTheSdkAnswers201WithOneEntry(Fault fault) {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String target = newTarget();
        List<String> failures = new ArrayList<>();
        for (boolean forSomeoneElse : List.of(false, true)) {
            String employeeId = forSomeoneElse ? target : employee.employeeId();
            Api caller = forSomeoneElse ? admin : employee.api();
            for (String action : CYCLE) {
                Map<String, Object> punch = forSomeoneElse
                        ? body("employee_id", target, "action", action, "notes", "SDK retry: " + action)
                        : body("action", action);
                String scenario = fault + ", " + (forSomeoneElse ? "admin " : "own ") + action;
                State before = state(employeeId, forSomeoneElse);
                try (Faults faults =
                        new Faults(fault, stack.deployment("PunchFunction").environment())) {
                    faults.loseFirstResponseOf("TransactWriteItems");
                    check(failures, scenario, () -> {
                        Response response = caller.via(handler(faults)).post(PUNCH, punch);
                        assertEquals(1, faults.thrown.get(), scenario + ": one response lost");
                        assertEquals(201, response.status(), scenario + ": " + response);
                        State after = state(employeeId, forSomeoneElse);
                        assertEquals(
                                before.entries().size() + 1, after.entries().size(), scenario + ": one new entry");
                        assertEquals(
                                response.json().get("entry"),
                                after.entries().get(after.entries().size() - 1));
                        assertEquals(
                                before.audit().size() + (forSomeoneElse ? 1 : 0),
                                after.audit().size(),
                                scenario + ": audit records");
                    });
                }
                if (state(employeeId, forSomeoneElse).entries().size()
                        == before.entries().size()) {
                    caller.post(PUNCH, punch); // keep the cycle going for the next action
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    // ------------------------------------------------------------------------------------------ the scenarios

    /**
     * Enumerates the calls of one punch on a fresh handler, then for each index fails that call on a fresh handler
     * and checks the answer, the stored state and the retry. Every scenario runs; the failures are reported together.
     */
    private void runEveryIndex(
            Fault fault,
            boolean afterResponse,
            String employeeId,
            Api caller,
            Function<String, Map<String, Object>> request,
            boolean audited,
            String writeCall) {
        int step = 0;
        List<String> calls;
        try (Faults faults = new Faults(fault, stack.deployment("PunchFunction").environment())) {
            Response plain = caller.via(handler(faults)).post(PUNCH, withId(request.apply(CYCLE.get(step++ % 4))));
            assertEquals(201, plain.status(), plain::toString);
            calls = faults.calls();
        }
        assertTrue(calls.contains(writeCall), "the punch writes with " + writeCall + ": " + calls);
        System.out.println("[PunchFaultsTest] " + (audited ? "admin punch for someone else" : "employee's own punch")
                + " on a fresh handler makes " + calls.size() + " DynamoDB calls: " + calls);

        List<String> failures = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String action = CYCLE.get(step++ % 4);
            Map<String, Object> punch = withId(request.apply(action));
            String scenario = fault + ", " + (audited ? "admin" : "own") + " " + action + ", call " + i + " ("
                    + calls.get(i) + " of " + calls + ") " + (afterResponse ? "response lost" : "fails before sending");
            State before = state(employeeId, audited);
            int thrown;
            try (Faults faults =
                    new Faults(fault, stack.deployment("PunchFunction").environment())) {
                faults.fail(i, afterResponse);
                // Api checks every answer against docs/openapi.yaml, which documents no 500.
                check(
                        failures,
                        scenario,
                        () -> assertRetryLater(
                                scenario, caller.via(handler(faults)).post(PUNCH, punch)));
                thrown = faults.thrown.get();
            }
            check(failures, () -> assertTrue(thrown > 0, scenario + ": the fault was injected"));
            State after = state(employeeId, audited);
            boolean stored = !after.equals(before);
            if (!afterResponse || !calls.get(i).equals(writeCall)) {
                // Nothing reached DynamoDB's write, or the call was no write: nothing may have changed.
                check(failures, () -> assertEquals(before, after, scenario + ": state exactly as before"));
            } else {
                check(
                        failures,
                        () -> assertTrue(stored, scenario + ": the lost write was applied (emulated DynamoDB)"));
            }
            // The client's retry of the same punch, without faults.
            Response retry = caller.post(PUNCH, punch);
            check(failures, () -> assertEquals(stored ? 200 : 201, retry.status(), scenario + ", retry: " + retry));
            if (retry.status() / 100 == 2) {
                State done = state(employeeId, audited);
                JsonNode entry = retry.json().get("entry");
                check(
                        failures,
                        () -> assertEquals(
                                before.entries().size() + 1,
                                done.entries().size(),
                                scenario + ": exactly one new entry"));
                check(
                        failures,
                        () -> assertEquals(
                                entry,
                                done.entries().get(done.entries().size() - 1),
                                scenario + ": the retry answers with the stored entry"));
                check(failures, () -> assertEquals(action, entry.get("action").asText(), scenario));
                if (audited) {
                    check(
                            failures,
                            () -> assertEquals(
                                    before.audit().size() + 1,
                                    done.audit().size(),
                                    scenario + ": exactly one new audit record"));
                    check(
                            failures,
                            () -> assertEquals(
                                    entry.get("id").asText(),
                                    done.audit().get(done.audit().size() - 1),
                                    scenario + ": audit of the entry"));
                }
            } else {
                // Put the clock where the cycle expects it, so that the next scenario's punch is allowed.
                State now = state(employeeId, audited);
                if (now.entries().size() == before.entries().size()) {
                    caller.post(PUNCH, withId(request.apply(action)));
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    private static Map<String, Object> withId(Map<String, Object> punch) {
        punch.put("client_punch_id", "fault-" + UUID.randomUUID());
        return punch;
    }

    private PunchHandler handler(Faults faults) {
        return new PunchHandler(stack.deployment("PunchFunction").withDb(faults.client));
    }

    /** The clock item as stored, the entries listing and the audit records of the employee's entries. */
    private record State(Map<String, AttributeValue> clock, List<JsonNode> entries, List<String> audit) {
        @Override
        public String toString() {
            List<String> actions = new ArrayList<>();
            entries.forEach(entry -> actions.add(entry.get("action").asText()));
            return "clock version " + clock.get("version").n() + " "
                    + clock.get("state").s() + " with "
                    + clock.get("journal").l().size() + " journal entries and "
                    + clock.get("receipts").m().size()
                    + " receipts; entries " + actions + "; " + audit.size() + " audit records";
        }
    }

    private State state(String employeeId, boolean audited) {
        Map<String, AttributeValue> clock = stack.dynamoDb()
                .getItem(get ->
                        get.tableName(timeTable).key(ClockItems.key(employeeId)).consistentRead(true))
                .item();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<JsonNode> entries = PunchApiTest.pages(
                admin,
                "/api/timetracking/entries/?employee_id=" + employeeId + "&from=" + today.minusDays(2) + "&to="
                        + today.plusDays(2) + "&limit=200",
                -1);
        List<String> audit = new ArrayList<>();
        if (audited) {
            stack.awaitIndexes(); // the audit listing by type is an index query
            List<JsonNode> records = PunchApiTest.pages(
                    admin,
                    "/api/audit/?entity_type=time_entry&from=" + today.minusDays(1) + "&to=" + today.plusDays(1)
                            + "&limit=200",
                    -1);
            for (JsonNode record : records) {
                if (record.at("/after/employee_id").asText().equals(employeeId)) {
                    audit.add(record.get("entity_id").asText());
                }
            }
            Collections.reverse(audit); // newest first → oldest first
        }
        return new State(clock, entries, audit);
    }

    private String newTarget() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.post(
                "/api/employees/",
                Map.of("email", "fault." + unique + "@example.com", "first_name", "Fault", "last_name", unique));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    static void assertRetryLater(String scenario, Response response) {
        assertEquals(503, response.status(), scenario + ": " + response);
        assertEquals("application/problem+json", response.header("content-type"), scenario);
        assertEquals(
                "https://timetracker.dev/problems/service-unavailable",
                response.json().get("type").asText(),
                scenario);
        String retryAfter = response.header("retry-after");
        assertTrue(
                retryAfter != null && retryAfter.matches("\\d+") && Long.parseLong(retryAfter) > 0,
                scenario + ": Retry-After " + retryAfter);
        assertFalse(
                response.body().contains("Exception")
                        || response.body().contains("Dynamo")
                        || response.body().contains("UpdateItem")
                        || response.body().contains("Transact"),
                scenario + ": no internals in " + response.body());
    }

    private static void check(List<String> failures, Runnable assertion) {
        check(failures, null, assertion);
    }

    private static void check(List<String> failures, String scenario, Runnable assertion) {
        try {
            assertion.run();
        } catch (AssertionError e) {
            String message = e.getMessage();
            failures.add(scenario == null || message.startsWith(scenario) ? message : scenario + ": " + message);
        }
    }

    /**
     * A DynamoDB client whose calls are numbered in order (one number per call, whatever the SDK's retries) and
     * one of which fails on every attempt: before the request is sent, or after its response arrived.
     */
    static final class Faults implements ExecutionInterceptor, AutoCloseable {
        private static final ExecutionAttribute<Integer> INDEX = new ExecutionAttribute<>("fault-test-call-index");

        final DynamoDbClient client;
        final AtomicInteger thrown = new AtomicInteger();
        private final Fault fault;
        private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        private static final ExecutionAttribute<AtomicInteger> ATTEMPTS =
                new ExecutionAttribute<>("fault-test-attempts");

        private volatile int failIndex = -1;
        private volatile boolean afterResponse;
        private volatile String loseFirstResponseOf;

        Faults(Fault fault, Environment environment) {
            this.fault = fault;
            // Two attempts per call keep the scenarios fast; every attempt of the failing call fails anyway.
            this.client = AwsClients.dynamoDbBuilder(
                            environment,
                            ClientOverrideConfiguration.builder()
                                    .addExecutionInterceptor(this)
                                    .retryStrategy(retry -> retry.maxAttempts(2))
                                    .build())
                    .build();
        }

        void fail(int index, boolean afterResponse) {
            this.failIndex = index;
            this.afterResponse = afterResponse;
        }

        /** Loses the response of the first attempt of every call of this operation; the SDK's retry goes through. */
        void loseFirstResponseOf(String operation) {
            this.loseFirstResponseOf = operation;
        }

        List<String> calls() {
            return List.copyOf(calls);
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            synchronized (calls) {
                attributes.putAttribute(INDEX, calls.size());
                attributes.putAttribute(ATTEMPTS, new AtomicInteger());
                calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (!afterResponse && attributes.getAttribute(INDEX) == failIndex) {
                thrown.incrementAndGet();
                throw fault.exception.get();
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            int attempt = attributes.getAttribute(ATTEMPTS).incrementAndGet();
            boolean lose = afterResponse && attributes.getAttribute(INDEX) == failIndex
                    || attempt == 1
                            && attributes
                                    .getAttribute(SdkExecutionAttribute.OPERATION_NAME)
                                    .equals(loseFirstResponseOf);
            if (lose) {
                thrown.incrementAndGet();
                throw fault.exception.get();
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
