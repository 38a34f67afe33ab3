package dev.timetracker.local.api;

import static dev.timetracker.local.api.PunchApiTest.PROBLEM;
import static dev.timetracker.local.api.PunchApiTest.PUNCH;
import static dev.timetracker.local.api.PunchApiTest.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Punches for one employee sent at the same instant: the conditional write decides, so exactly one wins and no
 * entry is ever duplicated. The requests really overlap: every thread waits at a latch and all are released at once.
 */
@ExtendWith(LocalAwsExtension.class)
class PunchConcurrencyTest {
    private static final int THREADS = 20;

    private TestStack stack;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
    }

    @Test
    void twentySimultaneousPunchInsGiveOne201AndNineteen409AndOneEntry() throws Exception {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        List<Response> responses = all(() -> employee.api().post(PUNCH, body("action", "punch_in")));
        assertOneWinnerAndConflicts(responses, "working");
        List<JsonNode> stored = PunchApiTest.entries(employee.api(), employee.employeeId(), null, null);
        assertEquals(1, stored.size(), stored::toString);
        JsonNode winner = responses.stream()
                .filter(r -> r.status() == 201)
                .findFirst()
                .orElseThrow()
                .json();
        assertEquals(winner.get("entry"), stored.get(0));
        assertEquals(
                "working",
                PunchApiTest.status(employee.api(), employee.employeeId())
                        .get("status")
                        .asText());
    }

    @Test
    void twentySimultaneousRetriesOfOneClientPunchIdGiveOne201AndTheSameEntryToAll() throws Exception {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Map<String, Object> punch = body("action", "punch_in", "client_punch_id", "retry-storm-" + UUID.randomUUID());
        List<Response> responses = all(() -> employee.api().post(PUNCH, punch));
        assertSameEntryToAll(responses);
        assertEquals(
                1,
                PunchApiTest.entries(employee.api(), employee.employeeId(), null, null)
                        .size());
    }

    /** The same through the Idempotency-Key header, as an admin punching for someone else (the transaction path). */
    @Test
    void twentySimultaneousAdminRetriesOfOneIdempotencyKeyGiveOneEntryAndOneAuditRecord() throws Exception {
        Api admin = Fixtures.admin(stack);
        String target = newTarget(admin);
        Api keyed = admin.withHeaders(Map.of("Idempotency-Key", "admin-storm-" + UUID.randomUUID()));
        List<Response> responses = all(() ->
                keyed.post(PUNCH, body("employee_id", target, "action", "punch_in", "notes", "Badge reader down")));
        String entryId = assertSameEntryToAll(responses);
        assertEquals(1, PunchApiTest.entries(admin, target, null, null).size());
        Response trail = admin.get("/api/audit/?entity_type=time_entry&entity_id=" + entryId);
        assertEquals(1, trail.json().get("items").size(), trail::toString);
    }

    @Test
    void twentySimultaneousAdminPunchInsForOneEmployeeGiveOne201AndNineteen409() throws Exception {
        Api admin = Fixtures.admin(stack);
        String target = newTarget(admin);
        List<Response> responses = all(() ->
                admin.post(PUNCH, body("employee_id", target, "action", "punch_in", "notes", "Everyone at once")));
        assertOneWinnerAndConflicts(responses, "working");
        List<JsonNode> stored = PunchApiTest.entries(admin, target, null, null);
        assertEquals(1, stored.size(), stored::toString);
        Response trail = admin.get("/api/audit/?entity_type=time_entry&entity_id="
                + stored.get(0).get("id").asText());
        assertEquals(1, trail.json().get("items").size(), trail::toString);
    }

    /** Runs the request on {@link #THREADS} threads released at once; returns every answer. */
    private static List<Response> all(Supplier<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                calls.add(() -> {
                    ready.countDown();
                    assertTrue(start.await(30, TimeUnit.SECONDS), "start signal");
                    return request.get();
                });
            }
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(call));
            }
            assertTrue(ready.await(30, TimeUnit.SECONDS), "all threads ready");
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneWinnerAndConflicts(List<Response> responses, String stateAfterWinner) {
        List<Integer> statuses = responses.stream().map(Response::status).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
        assertEquals(THREADS - 1, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
        for (Response response : responses) {
            if (response.status() == 409) {
                assertEquals(
                        PROBLEM + "invalid-transition",
                        response.json().get("type").asText(),
                        response::toString);
                assertEquals(
                        stateAfterWinner, response.json().get("current_status").asText(), response::toString);
            }
        }
    }

    /** @return the one entry id every answer carries */
    private static String assertSameEntryToAll(List<Response> responses) {
        List<Integer> statuses = responses.stream().map(Response::status).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
        assertEquals(THREADS - 1, statuses.stream().filter(s -> s == 200).count(), statuses::toString);
        Set<String> ids = new TreeSet<>();
        Set<String> entries = new TreeSet<>();
        for (Response response : responses) {
            ids.add(response.json().at("/entry/id").asText());
            entries.add(response.json().get("entry").toString());
        }
        assertEquals(1, ids.size(), ids::toString);
        assertEquals(1, entries.size(), "the very same entry in every answer: " + entries);
        return ids.iterator().next();
    }

    private static String newTarget(Api admin) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.post(
                "/api/employees/",
                Map.of("email", "race." + unique + "@example.com", "first_name", "Race", "last_name", unique));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }
}
