package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.OwnStack;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample event in events/ routes as its routeKey says and gets the answer it should. */
@ExtendWith(LocalAwsExtension.class)
@OwnStack // moves the pay-period lock, which the deployment has once
class SampleEventsTest {

    /**
     * API Gateway events, in the order they run: a create comes before the lookups of what it created, and each id
     * in a sample names something the test seeded (see {@link Seeds}), so that every event reaches its endpoint
     * and is answered by it. unmatched-route.json is the sample of the template's $default route.
     */
    private static final Map<String, Integer> EXPECTED_STATUS = new LinkedHashMap<>();
    /** Operator invocations that do not come through API Gateway. */
    private static final List<String> DIRECT_INVOCATIONS = List.of(
            "auth-bootstrap-admin.json",
            "aggregation-backfill.json",
            "schedule-nightly.json",
            "schedule-export-jobs.json");

    static {
        EXPECTED_STATUS.put("auth-login.json", 200);
        EXPECTED_STATUS.put("auth-admin-users-create.json", 201);
        EXPECTED_STATUS.put("auth-admin-users-list.json", 200);
        EXPECTED_STATUS.put("auth-admin-users-update.json", 200);
        EXPECTED_STATUS.put("auth-admin-users-deactivate.json", 204);
        EXPECTED_STATUS.put("employees-create.json", 201);
        EXPECTED_STATUS.put("employees-list.json", 200);
        EXPECTED_STATUS.put("employees-by-email.json", 200);
        EXPECTED_STATUS.put("employees-get.json", 200);
        EXPECTED_STATUS.put("employees-update.json", 200);
        EXPECTED_STATUS.put("employees-deactivate.json", 204);
        EXPECTED_STATUS.put("business-hours-current.json", 200);
        EXPECTED_STATUS.put("business-hours-history.json", 200);
        EXPECTED_STATUS.put("business-hours-create.json", 201);
        EXPECTED_STATUS.put("punch-offline-in.json", 201);
        EXPECTED_STATUS.put("punch-out.json", 201);
        EXPECTED_STATUS.put("status.json", 200);
        EXPECTED_STATUS.put("entries-list.json", 200);
        EXPECTED_STATUS.put("sessions-list.json", 200);
        // The worker's week 2026-W48 through its approval and reopening; the lock is set before the run (200).
        EXPECTED_STATUS.put("timesheets-get.json", 200);
        EXPECTED_STATUS.put("timesheets-submit.json", 200);
        EXPECTED_STATUS.put("timesheets-approve.json", 200);
        EXPECTED_STATUS.put("timesheets-reopen.json", 200);
        EXPECTED_STATUS.put("locks-get.json", 200);
        EXPECTED_STATUS.put("locks-move.json", 200);
        // An admin's correction of a day of the worker's in 2001 (applied at once); decisions on the worker's requests.
        EXPECTED_STATUS.put("corrections-create.json", 201);
        EXPECTED_STATUS.put("corrections-list.json", 200);
        EXPECTED_STATUS.put("corrections-approve.json", 200);
        EXPECTED_STATUS.put("corrections-reject.json", 200);
        EXPECTED_STATUS.put("reports-overview.json", 200);
        EXPECTED_STATUS.put("reports-employees.json", 200);
        EXPECTED_STATUS.put("reports-daily.json", 200);
        EXPECTED_STATUS.put("reports-export-csv.json", 201);
        EXPECTED_STATUS.put("reports-export-status.json", 200);
        EXPECTED_STATUS.put("audit-list.json", 200);
        EXPECTED_STATUS.put("unmatched-route.json", 404);
        EXPECTED_STATUS.put("auth-logout.json", 204);
    }

    /** The ids the samples carry; each is replaced by the id of something seeded for this run. */
    private static final String SAMPLE_EMPLOYEE_ID = "3f2b8c1e-7d4a-4e59-9a61-0c5d2e8f4b17";

    private static final String SAMPLE_ADMIN_USER_ID = "5d0c1b7e-2f43-4c8e-9d1a-7b6e5f4a3c21";
    private static final String SAMPLE_CORRECTION_ID = "0b7e4c2a-9f13-4d8e-b5a6-1c2d3e4f5a6b";
    private static final String SAMPLE_EXPORT_ID = "7f9d2c4e-0b1a-4c3d-8e5f-6a7b8c9d0e1f";
    /** The offline sample's timestamp; the test moves it to ten minutes ago so the 72-hour rule holds. */
    private static final String SAMPLE_OFFLINE_TIME = "2026-11-25T17:02:00+01:00";

    private static final String CORRECTIONS = "/api/timetracking/corrections/";

    /**
     * What the samples' ids name, made once for the run: the worker the time-tracking samples act for, another
     * employee for the employee samples (whose last one deactivates them), an admin user, two correction requests
     * waiting for a decision, and an export.
     */
    private record Seeds(
            Fixtures.Caller worker,
            String employeeId,
            String adminUserId,
            String toApprove,
            String toReject,
            String exportId) {
        private static Seeds seeds;
        private static TestStack seededIn;

        static synchronized Seeds of(TestStack stack) {
            if (seeds == null || seededIn != stack) {
                seededIn = stack;
                Api admin = Fixtures.admin(stack);
                Fixtures.Caller worker = Fixtures.newEmployee(stack);
                // The lock is one for everyone: set before, the sample's move is a move (200), whatever ran earlier.
                int lockSet = admin.post(
                                "/api/timetracking/locks/", Map.of("through", "1985-01-31", "reason", "Sample events"))
                        .status();
                assertTrue(lockSet == 200 || lockSet == 201, "the lock is set: " + lockSet);
                String unique = UUID.randomUUID().toString().substring(0, 8);
                String adminUser = created(
                        admin.post(
                                "/api/auth/admin-users/",
                                Map.of(
                                        "username",
                                        "samples-" + unique,
                                        "email",
                                        "samples-" + unique + "@example.com",
                                        "password",
                                        Fixtures.PASSWORD,
                                        "role",
                                        "manager")),
                        "id");
                seeds = new Seeds(
                        worker,
                        Fixtures.newEmployee(stack).employeeId(),
                        adminUser,
                        requestCorrection(worker, "2001-03-05"),
                        requestCorrection(worker, "2001-03-06"),
                        created(
                                admin.post(
                                        "/api/reports/export/csv/", Map.of("from", "2026-03-23", "to", "2026-03-24")),
                                "export_id"));
            }
            return seeds;
        }

        private static String requestCorrection(Fixtures.Caller worker, String date) {
            Response requested = worker.api()
                    .post(
                            CORRECTIONS,
                            Fixtures.shiftAdded(date, "A paper day", date + "T08:00:00Z", date + "T16:00:00Z"));
            assertEquals("pending", requested.json().path("status").asText(), requested::toString);
            return created(requested, "id");
        }

        private static String created(Response response, String idField) {
            assertEquals(201, response.status(), response::toString);
            return response.json().get(idField).asText();
        }

        /** The sample event with its ids replaced by the seeded ones and a token of its own. */
        ObjectNode event(String file, TestStack stack) {
            String employee = file.startsWith("employees-") ? employeeId : worker.employeeId();
            String correction = file.equals("corrections-reject.json") ? toReject : toApprove;
            ObjectNode event = (ObjectNode) readTree(Json.write(TestStack.event(file))
                    .replace(SAMPLE_EMPLOYEE_ID, employee)
                    .replace(SAMPLE_ADMIN_USER_ID, adminUserId)
                    .replace(SAMPLE_CORRECTION_ID, correction)
                    .replace(SAMPLE_EXPORT_ID, exportId)
                    .replace(
                            SAMPLE_OFFLINE_TIME,
                            Instant.now()
                                    .minusSeconds(600)
                                    .truncatedTo(ChronoUnit.SECONDS)
                                    .atOffset(ZoneOffset.ofHours(1))
                                    .toString()));
            if (event.at("/headers/authorization").isTextual()) {
                boolean asEmployee = file.startsWith("punch-") || file.equals("timesheets-submit.json");
                // The logout event revokes the token it carries: it gets one of its own.
                String token = asEmployee
                        ? worker.token()
                        : file.equals("auth-logout.json")
                                ? Fixtures.login(stack, "root", Fixtures.PASSWORD, null)
                                        .token()
                                : Fixtures.adminCaller(stack).token();
                ((ObjectNode) event.get("headers")).put("authorization", "Bearer " + token);
            }
            return event;
        }
    }

    static Stream<Arguments> apiEvents() {
        return EXPECTED_STATUS.entrySet().stream()
                .map(expected -> Arguments.of(expected.getKey(), expected.getValue()));
    }

    @Test
    void everySampleEventIsCoveredHere() throws IOException {
        Path events = SamTemplate.locate().getParent().resolve("events");
        try (Stream<Path> files = Files.list(events)) {
            List<String> names = files.map(file -> file.getFileName().toString())
                    .filter(n -> n.endsWith(".json"))
                    .sorted()
                    .toList();
            List<String> covered = Stream.concat(EXPECTED_STATUS.keySet().stream(), DIRECT_INVOCATIONS.stream())
                    .sorted()
                    .toList();
            assertEquals(covered, names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiEvents")
    void eachEventReachesItsRouteAndIsAnsweredByItsEndpoint(String file, int expectedStatus, TestStack stack) {
        ObjectNode event = Seeds.of(stack).event(file, stack);
        String method = event.at("/requestContext/http/method").asText();
        String path = event.get("rawPath").asText();
        String function = stack.functionFor(method, path);
        assertNotNull(function, file + " matches no route of template.yaml");
        assertEquals(event.get("routeKey").asText(), stack.routeKeyFor(method, path), file);
        JsonNode result = stack.invoke(function, event);
        assertEquals(expectedStatus, result.get("statusCode").asInt(), file + ": " + result);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theScheduledAndBackfillEventsRunTheJob(TestStack stack) {
        JsonNode backfill = stack.invoke("DailyAggregationFunction", TestStack.event("aggregation-backfill.json"));
        assertEquals("done", backfill.get("status").asText(), backfill::toString);
        assertEquals(
                "exports/daily/2026-11-20.csv", backfill.get("exports").get(0).asText(), backfill::toString);
        JsonNode nightly = stack.invoke("DailyAggregationFunction", TestStack.event("schedule-nightly.json"));
        assertEquals("done", nightly.get("status").asText(), nightly::toString);
        JsonNode exports = stack.invoke("DailyAggregationFunction", TestStack.event("schedule-export-jobs.json"));
        assertNotNull(exports.get("ready"), exports::toString);
    }

    @Test
    void theBootstrapEventIsRefusedOnceAnAdminExists(TestStack stack) {
        Fixtures.adminCaller(stack);
        JsonNode result = stack.invoke("AuthFunction", TestStack.event("auth-bootstrap-admin.json"));
        assertFalse(result.get("created").asBoolean(), result::toString);
        assertEquals(
                "The first admin exists already; log in as an admin",
                result.get("error").asText());
    }
}
