package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PROBLEM;
import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * Issue 12, "Done means", concurrency through the API: a correction approved while the employee punches on the same
 * day, and two managers approving one request at once, leave exactly one consistent result (entries, sessions and
 * status agree). Each interleaving is forced, not hoped for: the approval's transaction is held by the emulator while
 * the punch arrives, or the punch is sent between the approval's reading of the day and its transaction (a hook on
 * the periods function's own DynamoDB client), or both approvals wait at a barrier until each has read the request
 * as pending.
 */
@EmulatorOnly("holds transactions with the emulator's conflict hook")
@ExtendWith(LocalAwsExtension.class)
class CorrectionConcurrencyTest {
    private static final String CORRECTIONS = "/api/timetracking/corrections/";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private TestStack stack;
    private Fixtures.Caller worker;
    private Instant punchIn;
    private LocalDate workDate;
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        // Two hours ago (an offline punch): the employee is working, and earlier moments of the day can be corrected.
        punchIn = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        workDate = LocalDate.ofInstant(punchIn, ZoneOffset.UTC);
        Response in = worker.api().post(PUNCH, body("action", "punch_in", "timestamp", punchIn.toString()));
        assertEquals(201, in.status(), in::toString);
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** The employee asks for their forgotten punch_out (an hour after the punch_in) to be added. */
    private String requestPunchOutAt(Instant at) {
        return request(List.of(Map.of("op", "add", "action", "punch_out", "timestamp", at.toString())));
    }

    private String request(List<Map<String, String>> changes) {
        Response requested = worker.api()
                .post(
                        CORRECTIONS,
                        Map.of("work_date", workDate.toString(), "reason", "Forgot to record it", "changes", changes));
        assertEquals(201, requested.status(), requested::toString);
        assertEquals("pending", requested.json().get("status").asText());
        return requested.json().get("id").asText();
    }

    /**
     * The approval wins: its transaction holds the clock when the punch_out arrives; the punch meets it, the approval
     * commits, and the punch, tried again, is judged against the corrected day (already off: 409, nothing stored).
     */
    @Test
    void anApprovalHoldingTheClockWinsAndThePunchIsJudgedAgainstTheCorrectedDay() throws Exception {
        String id = requestPunchOutAt(punchIn.plus(Duration.ofHours(1)));
        String timeTable = stack.deployment("PeriodsFunction").tables().time();
        var approval = stack.dynamoEmulator().transactions().pauseNext(timeTable, "CORRECTION#" + id);
        approval.resumeOnConflict();
        Future<Response> approving =
                pool.submit(() -> Fixtures.manager(stack).post(CORRECTIONS + id + "/approve/", Map.of("note", "ok")));
        assertTrue(approval.awaitLocked(WAIT), "the approval's transaction holds the clock");

        Response punch = worker.api().post(PUNCH, body("action", "punch_out"));

        assertEquals(200, approving.get(WAIT.toSeconds(), TimeUnit.SECONDS).status());
        assertEquals(409, punch.status(), punch::toString);
        assertEquals(PROBLEM + "invalid-transition", punch.json().get("type").asText(), punch::toString);
        assertEquals("off", punch.json().get("current_status").asText(), punch::toString);
        assertDay("off", List.of("punch_in/offline", "punch_out/correction"), 3600);
    }

    /**
     * The punch wins, and the request still applies: the punch_out lands between the approval's reading of the day
     * and its transaction, whose version condition then fails; the approval reads the day again, validates the break
     * against it and applies (200). The day has both.
     */
    @Test
    void aPunchBetweenTheApprovalsReadAndWriteMakesItValidateAgainAndApplyToTheNewDay() {
        String id = request(List.of(
                Map.of(
                        "op",
                        "add",
                        "action",
                        "break_start",
                        "timestamp",
                        punchIn.plus(Duration.ofMinutes(30)).toString()),
                Map.of(
                        "op",
                        "add",
                        "action",
                        "break_end",
                        "timestamp",
                        punchIn.plus(Duration.ofMinutes(45)).toString())));
        AtomicReference<Response> punch = new AtomicReference<>();
        Api manager = Fixtures.manager(stack)
                .via(periodsWithHookBeforeFirstTransaction(
                        () -> punch.set(worker.api().post(PUNCH, body("action", "punch_out")))));

        Response approved = manager.post(CORRECTIONS + id + "/approve/", Map.of());

        assertEquals(201, punch.get().status(), () -> String.valueOf(punch.get()));
        assertEquals(200, approved.status(), approved::toString);
        long worked = Duration.between(
                        punchIn,
                        Instant.parse(punch.get().json().at("/entry/timestamp").asText()))
                .minusMinutes(15)
                .toSeconds();
        assertDay(
                "off",
                List.of("punch_in/offline", "break_start/correction", "break_end/correction", "punch_out/app"),
                worked);
    }

    /**
     * The punch wins and the request no longer applies (the employee punched out themselves, after the punch_out the
     * request adds): 409 {@code correction-outdated}, nothing of it applied, still pending; rejecting it then works.
     */
    @Test
    void aPunchThatMakesTheRequestInapplicableGets409AndTheRequestStaysPendingUntilDecidedAgain() {
        String id = requestPunchOutAt(punchIn.plus(Duration.ofHours(1)));
        AtomicReference<Response> punch = new AtomicReference<>();
        Api manager = Fixtures.manager(stack)
                .via(periodsWithHookBeforeFirstTransaction(
                        () -> punch.set(worker.api().post(PUNCH, body("action", "punch_out")))));

        Response approved = manager.post(CORRECTIONS + id + "/approve/", Map.of());

        assertEquals(201, punch.get().status(), () -> String.valueOf(punch.get()));
        assertEquals(409, approved.status(), approved::toString);
        assertEquals(
                PROBLEM + "correction-outdated", approved.json().get("type").asText(), approved::toString);
        long worked = Duration.between(
                        punchIn,
                        Instant.parse(punch.get().json().at("/entry/timestamp").asText()))
                .toSeconds();
        assertDay("off", List.of("punch_in/offline", "punch_out/app"), worked);
        assertEquals(List.of("correction_request"), auditActions(id), "no decision was recorded");
        Response rejected = Fixtures.manager(stack).post(CORRECTIONS + id + "/reject/", Map.of("note", "Punched out"));
        assertEquals(200, rejected.status(), rejected::toString);
        assertEquals("rejected", rejected.json().get("status").asText());
    }

    /**
     * Two managers approve at once, both having read the request as pending: a barrier holds each approval's
     * transaction until both got there. One 200, one 409 {@code correction-decided}; one added entry, one approval
     * in the audit trail.
     */
    @Test
    void twoManagersApprovingAtOnceGiveOne200AndOne409AndOneSetOfEntries() throws Exception {
        String id = requestPunchOutAt(punchIn.plus(Duration.ofHours(1)));
        CyclicBarrier bothRead = new CyclicBarrier(2);
        PeriodsHandler periods = new PeriodsHandler(stack.deployment("PeriodsFunction")
                .withDb(clientWithHook(
                        () -> {
                            try {
                                bothRead.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException("the other approval never reached its transaction", e);
                            }
                        },
                        false)));
        List<Future<Response>> approvals = new ArrayList<>();
        for (Api manager : List.of(Fixtures.manager(stack), secondManager())) {
            approvals.add(pool.submit(() -> manager.via(periods).post(CORRECTIONS + id + "/approve/", Map.of())));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> approval : approvals) {
            answers.add(approval.get(WAIT.toSeconds() * 2, TimeUnit.SECONDS));
        }
        List<Integer> statuses =
                new ArrayList<>(answers.stream().map(Response::status).toList());
        statuses.sort(Integer::compare);
        assertEquals(List.of(200, 409), statuses, answers::toString);
        Response lost = answers.stream()
                .filter(answer -> answer.status() == 409)
                .findFirst()
                .orElseThrow();
        assertEquals(PROBLEM + "correction-decided", lost.json().get("type").asText(), lost::toString);
        assertEquals("applied", lost.json().get("current_status").asText(), lost::toString);
        assertDay("off", List.of("punch_in/offline", "punch_out/correction"), 3600);
        assertEquals(List.of("correction_approve", "correction_request"), auditActions(id));
    }

    // ------------------------------------------------------------------ helpers

    /** A periods function whose DynamoDB client runs {@code hook} once, right before its first TransactWriteItems. */
    private PeriodsHandler periodsWithHookBeforeFirstTransaction(Runnable hook) {
        return new PeriodsHandler(stack.deployment("PeriodsFunction").withDb(clientWithHook(hook, true)));
    }

    /**
     * The periods function's own client (its credentials, the emulator's endpoint) that runs {@code hook} before
     * sending a TransactWriteItems: every time, or only the first time.
     */
    private DynamoDbClient clientWithHook(Runnable hook, boolean once) {
        var environment = stack.deployment("PeriodsFunction").environment();
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            private boolean ran;

            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                if ("TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                    synchronized (this) {
                        if (once && ran) {
                            return;
                        }
                        ran = true;
                    }
                    hook.run();
                }
            }
        };
        return AwsClients.dynamoDbBuilder(
                        environment,
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(interceptor)
                                .build())
                .build();
    }

    private Api secondManager() {
        String username = "manager-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = Fixtures.admin(stack)
                .post(
                        "/api/auth/admin-users/",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.com",
                                "password",
                                Fixtures.PASSWORD,
                                "role",
                                "manager"));
        assertEquals(201, created.status(), created::toString);
        return Fixtures.login(stack, username, Fixtures.PASSWORD, null).api();
    }

    /**
     * Entries (action/source, in order), status and the date's session agree: what the employee sees is one history.
     */
    private void assertDay(String status, List<String> entries, long workedSeconds) {
        Api api = worker.api();
        List<JsonNode> listed =
                PunchApiTest.entries(api, worker.employeeId(), workDate.toString(), workDate.toString());
        assertEquals(
                entries,
                listed.stream()
                        .map(entry -> entry.get("action").asText() + "/"
                                + entry.get("source").asText())
                        .toList(),
                listed::toString);
        listed.forEach(entry -> assertNull(entry.get("voided_by"), entry::toString));
        assertEquals(
                status,
                PunchApiTest.status(api, worker.employeeId()).get("status").asText());
        List<JsonNode> sessions =
                PunchApiTest.sessions(api, worker.employeeId(), workDate.toString(), workDate.toString());
        assertEquals(1, sessions.size(), sessions::toString);
        assertEquals(workedSeconds, sessions.get(0).get("worked_seconds").asLong(), sessions::toString);
    }

    private List<String> auditActions(String correctionId) {
        Response audit = Fixtures.admin(stack).get("/api/audit/?entity_type=correction&entity_id=" + correctionId);
        assertEquals(200, audit.status(), audit::toString);
        List<String> actions = new ArrayList<>();
        audit.json()
                .get("items")
                .forEach(record -> actions.add(record.get("action").asText()));
        return actions;
    }
}
