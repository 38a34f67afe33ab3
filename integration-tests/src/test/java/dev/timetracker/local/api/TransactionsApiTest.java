package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * DynamoDB transactions as they behave in AWS: a write that meets a running transaction is refused
 * (TransactionConflictException, which the SDK does not retry), and a transaction whose answer is lost is retried
 * by the SDK. The emulator pauses a transaction after it locked its items, so each collision is deterministic.
 */
@EmulatorOnly("pauses transactions with the emulator's conflict hook")
@ExtendWith(LocalAwsExtension.class)
class TransactionsApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestStack stack;
    private String timeTable;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.timeTable = stack.deployment("PunchFunction").tables().time();
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /**
     * The employee logs out on their phone (a transaction that revokes the token on their punch clock) while
     * punching on the terminal: the punch meets the running transaction, is tried again once it committed, and
     * the employee gets 201, not a 500.
     */
    @Test
    void anOwnPunchMeetingARunningTransactionOnTheSameClockIsTriedAgainAndStored() throws Exception {
        Fixtures.Caller terminal = Fixtures.newEmployee(stack);
        Fixtures.Caller phone = Fixtures.login(stack, terminal.login(), Fixtures.PASSWORD, terminal.employeeId());
        var logout = stack.dynamoEmulator().transactions().pauseNext(timeTable, "EMPLOYEE#" + terminal.employeeId());
        logout.resumeOnConflict();
        Future<Response> loggingOut = pool.submit(() -> phone.api().send("POST", "/api/auth/logout/", null));
        assertTrue(logout.awaitLocked(WAIT), "the logout transaction holds the clock");
        long refusedBefore = stack.dynamoEmulator().transactions().conflictsRefused();

        Response punch = terminal.api().post(PUNCH, body("action", "punch_in"));

        assertEquals(201, punch.status(), punch::toString);
        assertTrue(
                stack.dynamoEmulator().transactions().conflictsRefused() > refusedBefore,
                "the punch met the running transaction");
        assertEquals(204, loggingOut.get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
        assertEquals(
                "working",
                terminal.api()
                        .get("/api/timetracking/status/" + terminal.employeeId() + "/")
                        .json()
                        .get("status")
                        .asText());
        assertEquals(401, phone.api().post(PUNCH, body("action", "break_start")).status(), "the phone logged out");
    }

    /** A transaction that stays running longer than the punch's bounded retries: 503 with Retry-After, no 500. */
    @Test
    void anOwnPunchMeetingATransactionThatKeepsRunningAnswers503() throws Exception {
        Fixtures.Caller terminal = Fixtures.newEmployee(stack);
        Fixtures.Caller phone = Fixtures.login(stack, terminal.login(), Fixtures.PASSWORD, terminal.employeeId());
        var logout = stack.dynamoEmulator().transactions().pauseNext(timeTable, "EMPLOYEE#" + terminal.employeeId());
        Future<Response> loggingOut = pool.submit(() -> phone.api().send("POST", "/api/auth/logout/", null));
        assertTrue(logout.awaitLocked(WAIT));

        Response punch = terminal.api().post(PUNCH, body("action", "punch_in"));

        PunchFaultsTest.assertRetryLater("punch during a running transaction", punch);
        logout.resume();
        assertEquals(204, loggingOut.get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
        Response retried = terminal.api().post(PUNCH, body("action", "punch_in"));
        assertEquals(201, retried.status(), retried::toString);
    }

    /**
     * The answer to the transaction that creates an employee is lost after DynamoDB committed it, and the SDK
     * sends the call again. With the same ClientRequestToken, DynamoDB acknowledges the repeat without applying
     * it; without, the repeat's conditions fail on what the first attempt wrote and the admin gets a false 409
     * "email taken" for the employee that was just created.
     */
    @Test
    void anEmployeeCreationWhoseAnswerIsLostAndRetriedByTheSdkAnswers201() {
        Api admin = Fixtures.admin(stack);
        String email = "lost.answer." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response created;
        try (PunchFaultsTest.Faults faults = new PunchFaultsTest.Faults(
                PunchFaultsTest.Fault.NETWORK_FAILURE,
                stack.deployment("EmployeesFunction").environment())) {
            faults.loseFirstResponseOf("TransactWriteItems");
            created = admin.via(new EmployeesHandler(
                            stack.deployment("EmployeesFunction").withDb(faults.client)))
                    .post("/api/employees/", Map.of("email", email, "first_name", "Lost", "last_name", "Answer"));
            assertEquals(1, faults.thrown.get(), "one answer was lost");
            assertEquals(
                    List.of("TransactWriteItems"),
                    faults.calls().stream()
                            .filter(call -> call.equals("TransactWriteItems"))
                            .toList(),
                    "one call, retried inside the SDK");
        }
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();
        assertEquals(
                email,
                admin.get("/api/employees/" + id + "/").json().get("email").asText());
    }
}
