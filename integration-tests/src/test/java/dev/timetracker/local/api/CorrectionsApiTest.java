package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Corrections end to end through the periods function (API contract, "Corrections, timesheet approval and locked
 * periods"): an employee's request waits, an admin or manager decides it once, and nobody else sees or decides it.
 */
@ExtendWith(LocalAwsExtension.class)
class CorrectionsApiTest {
    private static final String CORRECTIONS = "/api/timetracking/corrections/";

    private TestStack stack;
    private Fixtures.Caller worker;
    private Instant punchIn;
    private LocalDate workDate;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        // Two hours ago (an offline punch): a day whose forgotten punch_out can be added in the past.
        punchIn = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        workDate = LocalDate.ofInstant(punchIn, ZoneOffset.UTC);
        Response in = worker.api()
                .post("/api/timetracking/punch/", Map.of("action", "punch_in", "timestamp", punchIn.toString()));
        assertEquals(201, in.status(), in::toString);
    }

    private Map<String, Object> addPunchOut(Instant at) {
        return Map.of(
                "work_date",
                workDate.toString(),
                "reason",
                "Forgot to punch out",
                "changes",
                List.of(Map.of("op", "add", "action", "punch_out", "timestamp", at.toString())));
    }

    @Test
    void aRequestWaitsAndOfTwoDecisionsAtOnceExactlyOneApplies() throws Exception {
        Response requested = worker.api().post(CORRECTIONS, addPunchOut(punchIn.plus(Duration.ofHours(1))));
        assertEquals(201, requested.status(), requested::toString);
        assertEquals("pending", requested.json().get("status").asText());
        String id = requested.json().get("id").asText();
        assertEquals(
                "working",
                worker.api()
                        .get("/api/timetracking/status/" + worker.employeeId() + "/")
                        .json()
                        .get("status")
                        .asText());

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> decisions = new ArrayList<>();
            for (Api decider : List.of(Fixtures.manager(stack), Fixtures.admin(stack))) {
                decisions.add(pool.submit(() -> {
                    start.await();
                    return decider.post(CORRECTIONS + id + "/approve/", Map.of("note", "ok"));
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> decision : decisions) {
                statuses.add(decision.get().status());
            }
            statuses.sort(Integer::compare);
            assertEquals(List.of(200, 409), statuses, "exactly one decision applies");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                "off",
                worker.api()
                        .get("/api/timetracking/status/" + worker.employeeId() + "/")
                        .json()
                        .get("status")
                        .asText());
        Response entries = worker.api().get("/api/timetracking/entries/?from=" + workDate + "&to=" + workDate);
        assertEquals(200, entries.status(), entries::toString);
        assertEquals(2, entries.json().get("items").size(), "the punch and the one added, once");
        assertEquals(
                "correction", entries.json().get("items").get(1).get("source").asText());
        assertTrue(entries.json().get("items").get(0).get("voided_by") == null, "effective entries carry no voided_by");

        Response audit = Fixtures.admin(stack).get("/api/audit/?entity_type=correction&entity_id=" + id);
        List<String> actions = new ArrayList<>();
        audit.json()
                .get("items")
                .forEach(record -> actions.add(record.get("action").asText()));
        assertEquals(List.of("correction_approve", "correction_request"), actions);
        stack.awaitIndexes();
        Response mine = worker.api().get(CORRECTIONS + "?status=applied");
        assertEquals(200, mine.status(), mine::toString);
        assertEquals(id, mine.json().get("items").get(0).get("id").asText());
    }

    @Test
    void employeesNeitherSeeNorDecideOthersCorrectionsNorTheirOwn() {
        Response requested = worker.api().post(CORRECTIONS, addPunchOut(punchIn.plus(Duration.ofHours(1))));
        String id = requested.json().get("id").asText();
        Fixtures.Caller stranger = Fixtures.newEmployee(stack);
        assertEquals(
                403,
                stranger.api()
                        .get(CORRECTIONS + "?employee_id=" + worker.employeeId())
                        .status());
        stack.awaitIndexes();
        Response own = stranger.api().get(CORRECTIONS);
        assertEquals(200, own.status(), own::toString);
        assertEquals(0, own.json().get("items").size(), "only their own");
        assertEquals(
                403,
                stranger.api().post(CORRECTIONS + id + "/approve/", Map.of()).status());
        assertEquals(
                403, worker.api().post(CORRECTIONS + id + "/approve/", Map.of()).status());
        assertEquals(
                403,
                stranger.api()
                        .post(
                                CORRECTIONS,
                                Map.of(
                                        "employee_id",
                                        worker.employeeId(),
                                        "work_date",
                                        workDate.toString(),
                                        "reason",
                                        "Not mine",
                                        "changes",
                                        List.of(Map.of("op", "void", "entry_id", "x"))))
                        .status());
        Response rejected = Fixtures.manager(stack).post(CORRECTIONS + id + "/reject/", Map.of("note", "Ask HR"));
        assertEquals(200, rejected.status(), rejected::toString);
        assertEquals("rejected", rejected.json().get("status").asText());
        assertEquals(
                "working",
                worker.api()
                        .get("/api/timetracking/status/" + worker.employeeId() + "/")
                        .json()
                        .get("status")
                        .asText());
    }

    @Test
    void aMovedEntryIsHiddenUnlessVoidedOnesAreAskedFor() {
        String original = worker.api()
                .get("/api/timetracking/entries/?from=" + workDate + "&to=" + workDate)
                .json()
                .at("/items/0/id")
                .asText();
        Response moved = Fixtures.admin(stack)
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                worker.employeeId(),
                                "work_date",
                                workDate.toString(),
                                "reason",
                                "Came in later",
                                "changes",
                                List.of(Map.of(
                                        "op",
                                        "move",
                                        "entry_id",
                                        original,
                                        "timestamp",
                                        punchIn.plus(Duration.ofMinutes(10)).toString()))));
        assertEquals(201, moved.status(), moved::toString);
        assertEquals("applied", moved.json().get("status").asText());
        String range = "from=" + workDate + "&to=" + workDate;
        JsonNode effective =
                worker.api().get("/api/timetracking/entries/?" + range).json().get("items");
        assertEquals(1, effective.size(), effective::toString);
        assertEquals("correction", effective.get(0).get("source").asText());
        JsonNode all = worker.api()
                .get("/api/timetracking/entries/?" + range + "&include_voided=true")
                .json()
                .get("items");
        assertEquals(2, all.size(), all::toString);
        JsonNode voided = all.get(0).get("id").asText().equals(original) ? all.get(0) : all.get(1);
        assertEquals(moved.json().get("id").asText(), voided.get("voided_by").asText());
        assertEquals(
                400,
                worker.api()
                        .get("/api/timetracking/entries/?" + range + "&include_voided=yes")
                        .status());
    }

    @Test
    void aDateInAnApprovedTimesheetRefusesCorrectionsAndTheirApproval() {
        Response requested = worker.api().post(CORRECTIONS, addPunchOut(punchIn.plus(Duration.ofHours(1))));
        assertEquals(201, requested.status(), requested::toString);
        String week = dev.timetracker.domain.period.IsoWeek.of(workDate).toString();
        String sheet = "/api/timetracking/timesheets/" + worker.employeeId() + "/" + week + "/";
        assertEquals(200, worker.api().post(sheet + "submit/", Map.of()).status());
        assertEquals(
                200, Fixtures.manager(stack).post(sheet + "approve/", Map.of()).status());

        Response approval = Fixtures.admin(stack)
                .post(CORRECTIONS + requested.json().get("id").asText() + "/approve/", Map.of());
        assertEquals(422, approval.status(), approval::toString);
        assertEquals(
                "https://timetracker.dev/problems/period-locked",
                approval.json().get("type").asText());
        Response direct = Fixtures.admin(stack)
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                worker.employeeId(),
                                "work_date",
                                workDate.toString(),
                                "reason",
                                "Closed week",
                                "changes",
                                List.of(Map.of(
                                        "op",
                                        "add",
                                        "action",
                                        "punch_out",
                                        "timestamp",
                                        punchIn.plus(Duration.ofHours(1)).toString()))));
        assertEquals(422, direct.status(), direct::toString);
        assertEquals(
                "working",
                worker.api()
                        .get("/api/timetracking/status/" + worker.employeeId() + "/")
                        .json()
                        .get("status")
                        .asText(),
                "nothing applied");
    }

    @Test
    void anInvalidChangeIs422NamingItAndMalformedBodiesAre400() {
        Response twice = Fixtures.admin(stack)
                .post(
                        CORRECTIONS,
                        Map.of(
                                "employee_id",
                                worker.employeeId(),
                                "work_date",
                                workDate.toString(),
                                "reason",
                                "Second punch in",
                                "changes",
                                List.of(Map.of(
                                        "op",
                                        "add",
                                        "action",
                                        "punch_in",
                                        "timestamp",
                                        punchIn.plus(Duration.ofMinutes(30)).toString()))));
        assertEquals(422, twice.status(), twice::toString);
        assertEquals(
                "https://timetracker.dev/problems/invalid-correction",
                twice.json().get("type").asText());
        assertEquals("changes[0]", twice.json().at("/errors/0/field").asText());

        Response unknown = worker.api()
                .post(
                        CORRECTIONS,
                        Map.of(
                                "work_date",
                                workDate.toString(),
                                "reason",
                                "Typo",
                                "changes",
                                List.of(Map.of("op", "void", "entry_id", "x", "timestamp", punchIn.toString()))));
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals(
                "changes[0].timestamp", unknown.json().at("/errors/0/field").asText());
        Response badStatus = worker.api().get(CORRECTIONS + "?status=done");
        assertEquals(400, badStatus.status(), badStatus::toString);
        JsonNode noNote = Fixtures.manager(stack)
                .post(CORRECTIONS + "nope/reject/", Map.of())
                .json();
        assertTrue(noNote.get("status").asInt() == 400 || noNote.get("status").asInt() == 404, noNote::toString);
    }
}
