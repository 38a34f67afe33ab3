package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * GET /api/audit/: every mutation that exists leaves exactly one record, with who, what, and the entity as the
 * API showed it before and after; a failed mutation leaves neither a change nor a record; only admins read it.
 */
@ExtendWith(LocalAwsExtension.class)
class AuditTrailTest {
    private static final String PASSWORD_2 = "another correct horse battery";

    private TestStack stack;
    private Fixtures.Caller adminCaller;
    private Api admin;
    private String unique;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.adminCaller = Fixtures.adminCaller(stack);
        this.admin = adminCaller.api();
        this.unique = UUID.randomUUID().toString().substring(0, 8);
    }

    // ---------------------------------------------------------------- every mutation, one record

    @Test
    void employeeCreateUpdatePasswordChangeAndDeactivationEachLeaveOneRecord() {
        Map<String, Object> body = employeeBody("audit");
        body.put("password", Fixtures.PASSWORD);
        body.put("position", "Picker");
        Response created = admin.post("/api/employees/", body);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();

        List<JsonNode> trail = trail("employee", id);
        assertEquals(1, trail.size(), trail::toString);
        JsonNode create = trail.get(0);
        assertRecord(create, "create", "employee", id, null, created.json());
        assertNoSecrets(create, Fixtures.PASSWORD);

        JsonNode beforeUpdate = admin.get("/api/employees/" + id + "/").json();
        Response updated =
                admin.put("/api/employees/" + id + "/", Map.of("position", "Lead", "department", "Dock-" + unique));
        assertEquals(200, updated.status(), updated::toString);
        trail = trail("employee", id);
        assertEquals(2, trail.size(), trail::toString);
        assertRecord(trail.get(0), "update", "employee", id, beforeUpdate, updated.json());
        assertEquals(create, trail.get(1), "earlier records stay as they were");
        assertFalse(trail.get(0).get("after").has("password_changed"), "no password was changed");

        JsonNode beforePassword = admin.get("/api/employees/" + id + "/").json();
        Response passwordChanged = admin.put("/api/employees/" + id + "/", Map.of("password", PASSWORD_2));
        assertEquals(200, passwordChanged.status(), passwordChanged::toString);
        assertFalse(passwordChanged.json().has("password_changed"), "the API representation itself is unchanged");
        trail = trail("employee", id);
        assertEquals(3, trail.size(), trail::toString);
        JsonNode passwordRecord = trail.get(0);
        ObjectNode expectedAfter = ((ObjectNode) passwordChanged.json()).deepCopy();
        expectedAfter.put("password_changed", true);
        assertRecord(passwordRecord, "update", "employee", id, beforePassword, expectedAfter);
        assertTrue(passwordRecord.at("/after/password_changed").booleanValue(), passwordRecord::toString);
        assertNoSecrets(passwordRecord, PASSWORD_2);
        assertNoSecrets(passwordRecord, Fixtures.PASSWORD);

        JsonNode beforeDeactivation = admin.get("/api/employees/" + id + "/").json();
        assertEquals(204, admin.delete("/api/employees/" + id + "/").status());
        JsonNode deactivated = admin.get("/api/employees/" + id + "/").json();
        assertFalse(deactivated.get("is_active").asBoolean());
        trail = trail("employee", id);
        assertEquals(4, trail.size(), trail::toString);
        assertRecord(trail.get(0), "deactivate", "employee", id, beforeDeactivation, deactivated);

        assertEquals(
                List.of("deactivate", "update", "update", "create"),
                trail.stream().map(r -> r.get("action").asText()).toList(),
                "newest first");
        assertNewestFirst(trail);
        for (JsonNode record : trail) {
            assertNoSecrets(record, Fixtures.PASSWORD);
            assertNoSecrets(record, PASSWORD_2);
        }
    }

    @Test
    void adminUserCreateAndDeactivateEachLeaveOneRecord() {
        String username = "audited-" + unique;
        Response created = admin.post(
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
        String id = created.json().get("id").asText();

        List<JsonNode> trail = trail("admin_user", id);
        assertEquals(1, trail.size(), trail::toString);
        assertRecord(trail.get(0), "create", "admin_user", id, null, created.json());
        assertNoSecrets(trail.get(0), Fixtures.PASSWORD);

        JsonNode listedBefore = listedAdminUser(id);
        assertEquals(created.json(), listedBefore, "the listing shows what the create returned");
        assertEquals(204, admin.delete("/api/auth/admin-users/" + id + "/").status());
        JsonNode listedAfter = listedAdminUser(id);
        assertFalse(listedAfter.get("is_active").asBoolean());

        trail = trail("admin_user", id);
        assertEquals(2, trail.size(), trail::toString);
        assertRecord(trail.get(0), "deactivate", "admin_user", id, listedBefore, listedAfter);
        assertEquals("create", trail.get(1).get("action").asText());
        assertNewestFirst(trail);
    }

    @Test
    void businessHoursCreateLeavesOneRecord() {
        // A table of our own for the configurations, so "current" does not change under other tests; the
        // audit record still goes to the shared audit table.
        Api hoursApi = admin.via(isolatedEmployeesHandler());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", "Europe/Lisbon");
        body.put("work_days", List.of(1, 2, 3, 4));
        body.put("start_time", "08:00");
        body.put("end_time", "16:00");
        body.put("late_grace_minutes", 7);
        Response created = hoursApi.post("/api/employees/business-hours/", body);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();

        List<JsonNode> trail = trail("business_hours", id);
        assertEquals(1, trail.size(), trail::toString);
        assertRecord(trail.get(0), "create", "business_hours", id, null, created.json());
    }

    // ---------------------------------------------------------------- reading: order and filters

    @Test
    void theTrailIsNewestFirstAndFiltersByDateTypeAndId() {
        // "at" has whole seconds: the employees function runs on a clock this test moves, so the order shows in it too.
        MutableClock clock = new MutableClock(Instant.now());
        Api employees = admin.via(
                new EmployeesHandler(stack.deployment("EmployeesFunction").withClock(clock)));
        Response created = employees.post("/api/employees/", employeeBody("filters"));
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();
        clock.advance(Duration.ofSeconds(2));
        assertEquals(
                200,
                employees
                        .put("/api/employees/" + id + "/", Map.of("position", "One"))
                        .status());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(
                200,
                employees
                        .put("/api/employees/" + id + "/", Map.of("position", "Two"))
                        .status());

        List<JsonNode> trail = trail("employee", id);
        assertEquals(3, trail.size(), trail::toString);
        assertEquals(
                List.of("Two", "One"),
                List.of(
                        trail.get(0).at("/after/position").asText(),
                        trail.get(1).at("/after/position").asText()));
        assertEquals("create", trail.get(2).get("action").asText());
        assertNewestFirst(trail);
        Instant newest = Instant.parse(trail.get(0).get("at").asText());
        Instant oldest = Instant.parse(trail.get(2).get("at").asText());
        assertTrue(newest.isAfter(oldest), "strictly newer: " + trail);

        LocalDate first = LocalDate.ofInstant(oldest, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(newest, ZoneOffset.UTC);
        String entity = "entity_type=employee&entity_id=" + id;
        assertEquals(trail, all("/api/audit/?" + entity + "&from=" + first + "&to=" + last));
        assertEquals(
                trail,
                all("/api/audit/?" + entity + "&from=" + last.minusDays(365) + "&to=" + last),
                "a range of exactly 366 days is allowed");
        assertEquals(trail, all("/api/audit/?" + entity + "&from=" + first));
        assertEquals(trail, all("/api/audit/?" + entity + "&to=" + last));
        assertEquals(List.of(), all("/api/audit/?" + entity + "&from=" + last.plusDays(1)));
        assertEquals(List.of(), all("/api/audit/?" + entity + "&to=" + first.minusDays(1)));
        assertEquals(List.of(), all("/api/audit/?" + entity + "&from=" + last.plusDays(1) + "&to=" + last.plusDays(2)));

        // The same records through the other indexes: all records of a type, and the whole trail.
        List<String> ids = trail.stream().map(r -> r.get("id").asText()).toList();
        List<JsonNode> ofType = all("/api/audit/?entity_type=employee&from=" + first + "&to=" + last);
        assertNewestFirst(ofType);
        assertTrue(ofType.stream().allMatch(r -> r.get("entity_type").asText().equals("employee")));
        assertEquals(
                ids,
                ofType.stream()
                        .map(r -> r.get("id").asText())
                        .filter(ids::contains)
                        .toList());
        List<JsonNode> whole = all("/api/audit/?from=" + first + "&to=" + last);
        assertNewestFirst(whole);
        assertEquals(
                ids,
                whole.stream()
                        .map(r -> r.get("id").asText())
                        .filter(ids::contains)
                        .toList());
        List<JsonNode> byIdOnly = all("/api/audit/?entity_id=" + id);
        assertEquals(trail, byIdOnly, "entity_id alone finds the same records");
        List<JsonNode> otherType = all("/api/audit/?entity_type=admin_user&entity_id=" + id);
        assertEquals(List.of(), otherType, "the id of an employee names no admin user");
    }

    @Test
    void badFiltersAre400() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("to before from", "from=2026-03-10&to=2026-03-09");
        queries.put("367 days", "from=2025-01-01&to=2026-01-02");
        queries.put("from not a date", "from=yesterday");
        queries.put("to not a date", "to=2026/01/31");
        queries.put("impossible date", "from=2026-02-30&to=2026-03-01");
        queries.put("date with time", "from=2026-03-01T00:00:00Z");
        queries.put("unknown entity type", "entity_type=widget");
        queries.put("entity type in another case", "entity_type=EMPLOYEE");
        queries.put("bad limit", "limit=0");
        queries.put("bad cursor", "cursor=not-a-cursor");
        queries.forEach((kind, query) -> {
            Response response = admin.get("/api/audit/?" + query);
            assertEquals(400, response.status(), kind + ": " + response);
            assertEquals("application/problem+json", response.header("content-type"), kind);
        });
        assertEquals(200, admin.get("/api/audit/?from=2024-01-01&to=2024-12-31").status(), "366 days (a leap year)");
        assertEquals(200, admin.get("/api/audit/?from=2026-03-10&to=2026-03-10").status(), "a single day");
    }

    @Test
    void theTrailCannotBeChangedThroughTheApi() {
        Response put = admin.send("PUT", "/api/audit/", "{}");
        assertEquals(405, put.status(), put::toString);
        assertEquals("GET, HEAD", put.header("allow"));
        assertEquals(405, admin.send("POST", "/api/audit/", "{}").status());
        assertEquals(405, admin.delete("/api/audit/").status());
        assertEquals(404, admin.delete("/api/audit/" + UUID.randomUUID() + "/").status());
    }

    // ---------------------------------------------------------------- failures leave no trace

    @Test
    void aConflictingEmployeeUpdateChangesNothingAndIsNotAudited() {
        JsonNode first = createEmployee(employeeBody("first"));
        JsonNode second = createEmployee(employeeBody("second"));
        String secondId = second.get("id").asText();
        List<JsonNode> before = trail("employee", secondId);

        Response conflict = admin.put(
                "/api/employees/" + secondId + "/",
                Map.of("email", first.get("email").asText().toUpperCase(Locale.ROOT), "position", "Thief"));
        assertEquals(409, conflict.status(), conflict::toString);

        assertEquals(second, admin.get("/api/employees/" + secondId + "/").json(), "nothing changed");
        assertEquals(before, trail("employee", secondId), "no record for the refused update");
        assertEquals(1, trail("employee", first.get("id").asText()).size());
        assertEquals(
                first.get("id"),
                admin.get("/api/employees/by_email/?email=" + first.get("email").asText())
                        .json()
                        .get("id"),
                "the address still belongs to its owner");
    }

    @Test
    void aDuplicateAdminUsernameChangesNothingAndIsNotAudited() {
        String username = "dup-" + unique;
        Response created = admin.post(
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
        String id = created.json().get("id").asText();
        LocalDate today = LocalDate.ofInstant(
                Instant.parse(created.json().get("created_at").asText()), ZoneOffset.UTC);

        String otherEmail = "other-" + username + "@example.com";
        Response duplicate = admin.post(
                "/api/auth/admin-users/",
                Map.of(
                        "username",
                        username.toUpperCase(Locale.ROOT),
                        "email",
                        otherEmail,
                        "password",
                        Fixtures.PASSWORD,
                        "role",
                        "admin"));
        assertEquals(409, duplicate.status(), duplicate::toString);
        assertEquals(
                "https://timetracker.dev/problems/username-taken",
                duplicate.json().get("type").asText());

        assertEquals(1, trail("admin_user", id).size(), "only the first create is audited");
        List<JsonNode> adminUserRecords =
                all("/api/audit/?entity_type=admin_user&from=" + today + "&to=" + today.plusDays(1));
        assertTrue(
                adminUserRecords.stream()
                        .noneMatch(r -> r.path("after").path("email").asText().equals(otherEmail)),
                "no record of the refused create");
        List<JsonNode> users = adminUsers();
        assertTrue(users.stream().noneMatch(u -> u.get("email").asText().equals(otherEmail)), "nobody was created");
        assertEquals(
                1,
                users.stream()
                        .filter(u -> u.get("username").asText().equalsIgnoreCase(username))
                        .count());
        assertEquals(created.json(), listedAdminUser(id), "the first user is unchanged");
    }

    /**
     * DynamoDB answers 500 to the mutation's TransactWriteItems call: the client is told to retry later, and
     * the stack holds neither the change nor an audit record.
     */
    @Test
    void aDynamoDbServerErrorDuringAMutationAnswers503AndLeavesNoTrace() {
        assertFaultAnswers503(
                "DynamoDB 500",
                () -> DynamoDbException.builder()
                        .statusCode(500)
                        .message("Internal server error")
                        .awsErrorDetails(AwsErrorDetails.builder()
                                .errorCode("InternalServerError")
                                .serviceName("DynamoDb")
                                .errorMessage("Internal server error")
                                .build())
                        .build());
    }

    /**
     * The connection to DynamoDB fails during the mutation's TransactWriteItems call (what the SDK throws for a
     * reset, refused or timed-out connection once its retries are spent): the same 503 and no trace.
     */
    @Test
    void aNetworkFailureDuringAMutationAnswers503AndLeavesNoTrace() {
        assertFaultAnswers503(
                "network failure",
                () -> SdkClientException.builder()
                        .message("Unable to execute HTTP request: Connection reset")
                        .cause(new IOException("Connection reset"))
                        .build());
    }

    private void assertFaultAnswers503(String kind, Supplier<RuntimeException> fault) {
        List<String> failures = new ArrayList<>();
        AtomicInteger thrown = new AtomicInteger();
        try (DynamoDbClient failing = AwsClients.dynamoDbBuilder(
                        stack.deployment("EmployeesFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new FailTransactions(fault, thrown))
                                .build())
                .build()) {
            Api faulty = admin.via(
                    new EmployeesHandler(stack.deployment("EmployeesFunction").withDb(failing)));
            // Both checks run, whichever fails, so the report shows the create and the update.
            try {
                checkFaultyCreate(kind, faulty, thrown);
            } catch (AssertionError e) {
                failures.add("create: " + e.getMessage());
            }
            try {
                checkFaultyUpdate(kind, faulty, thrown);
            } catch (AssertionError e) {
                failures.add("update: " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }

    private void checkFaultyCreate(String kind, Api faulty, AtomicInteger thrown) {
        Map<String, Object> body = employeeBody("faulty-create-" + kind.replace(' ', '-'));
        String email = body.get("email").toString();
        Instant start = Instant.now();
        int before = thrown.get();
        Response response = faulty.post("/api/employees/", body);
        assertTrue(thrown.get() > before, kind + ": the fault was injected");
        assertRetryLater(kind + ", create", response);
        assertEquals(404, admin.get("/api/employees/by_email/?email=" + email).status(), kind + ": nothing created");
        LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC);
        List<JsonNode> records = all("/api/audit/?entity_type=employee&from=" + day + "&to=" + day.plusDays(1));
        assertTrue(
                records.stream()
                        .noneMatch(r -> r.path("after").path("email").asText().equals(email)),
                kind + ": no record of the failed create");
    }

    private void checkFaultyUpdate(String kind, Api faulty, AtomicInteger thrown) {
        JsonNode existing = createEmployee(employeeBody("faulty-update"));
        String id = existing.get("id").asText();
        int before = thrown.get();
        Response response = faulty.put("/api/employees/" + id + "/", Map.of("position", "Changed", "is_active", false));
        assertTrue(thrown.get() > before, kind + ": the fault was injected");
        assertRetryLater(kind + ", update", response);
        assertEquals(existing, admin.get("/api/employees/" + id + "/").json(), kind + ": nothing changed");
        assertEquals(1, trail("employee", id).size(), kind + ": only the create is audited");
    }

    private static void assertRetryLater(String kind, Response response) {
        assertEquals(503, response.status(), kind + ": " + response);
        assertEquals("application/problem+json", response.header("content-type"), kind);
        String retryAfter = response.header("retry-after");
        assertNotNull(retryAfter, kind + ": Retry-After");
        assertTrue(retryAfter.matches("\\d+") && Long.parseLong(retryAfter) > 0, kind + ": Retry-After " + retryAfter);
        assertFalse(
                response.body().contains("TransactWriteItems")
                        || response.body().contains("Exception"),
                kind + ": no internals in " + response.body());
    }

    /** Fails every TransactWriteItems call before it is sent; everything else goes through. */
    private static final class FailTransactions implements ExecutionInterceptor {
        private final Supplier<RuntimeException> fault;
        private final AtomicInteger thrown;

        FailTransactions(Supplier<RuntimeException> fault, AtomicInteger thrown) {
            this.fault = fault;
            this.thrown = thrown;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            if (request instanceof TransactWriteItemsRequest) {
                thrown.incrementAndGet();
                throw fault.get();
            }
        }
    }

    // ---------------------------------------------------------------- who may read

    @Test
    void onlyAdminsReadTheTrail() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String ownTrail = "/api/audit/?entity_type=employee&entity_id=" + employee.employeeId();
        assertEquals(200, admin.get(ownTrail).status());
        assertForbidden(Fixtures.manager(stack).get("/api/audit/"), 403);
        assertForbidden(Fixtures.manager(stack).get(ownTrail), 403);
        assertForbidden(employee.api().get("/api/audit/"), 403);
        assertForbidden(employee.api().get(ownTrail), 403);
        assertForbidden(new Api(stack).get("/api/audit/"), 401);
        assertForbidden(new Api(stack).get(ownTrail), 401);
        assertForbidden(
                new Api(stack)
                        .withHeaders(Map.of("authorization", "Bearer not-a-token"))
                        .get("/api/audit/"),
                401);
    }

    private static void assertForbidden(Response response, int status) {
        assertEquals(status, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        assertFalse(response.body().contains("\"items\""), "no records leak: " + response.body());
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> employeeBody(String prefix) {
        String local =
                prefix + "." + unique + "." + UUID.randomUUID().toString().substring(0, 4);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", local + "@example.com");
        body.put("first_name", "Audit");
        body.put("last_name", "Trail " + unique);
        return body;
    }

    private JsonNode createEmployee(Map<String, Object> body) {
        Response created = admin.post("/api/employees/", body);
        assertEquals(201, created.status(), created::toString);
        return created.json();
    }

    private void assertRecord(
            JsonNode record, String action, String entityType, String entityId, JsonNode before, JsonNode after) {
        assertNotNull(record.get("id"), record::toString);
        assertEquals(adminCaller.subjectId(), record.get("actor_id").asText(), record::toString);
        assertEquals("admin", record.get("actor_role").asText());
        assertEquals(action, record.get("action").asText(), record::toString);
        assertEquals(entityType, record.get("entity_type").asText());
        assertEquals(entityId, record.get("entity_id").asText());
        if (before == null) {
            assertTrue(record.get("before").isNull(), "a create has no before: " + record);
        } else {
            assertEquals(before, record.get("before"), "before is the entity as the API showed it");
        }
        assertEquals(after, record.get("after"), "after is the entity as the API returned it");
        assertTrue(record.get("reason").isNull(), record::toString);
        Instant at = Instant.parse(record.get("at").asText());
        assertTrue(Duration.between(at, Instant.now()).abs().compareTo(Duration.ofMinutes(1)) < 0, "at is now: " + at);
    }

    private static void assertNoSecrets(JsonNode record, String password) {
        String text = record.toString();
        assertFalse(text.contains(password), "the password is never audited: " + text);
        assertFalse(text.contains("pbkdf2"), "nor its hash: " + text);
        for (String side : List.of("before", "after")) {
            JsonNode entity = record.get(side);
            assertFalse(
                    entity.has("password") || entity.has("password_hash"), side + " holds no password field: " + text);
        }
    }

    private static void assertNewestFirst(List<JsonNode> records) {
        for (int i = 1; i < records.size(); i++) {
            Instant newer = Instant.parse(records.get(i - 1).get("at").asText());
            Instant older = Instant.parse(records.get(i).get("at").asText());
            assertFalse(older.isAfter(newer), "newest first, but " + records.get(i) + " follows " + records.get(i - 1));
        }
    }

    private List<JsonNode> trail(String entityType, String entityId) {
        return all("/api/audit/?entity_type=" + entityType + "&entity_id=" + entityId);
    }

    /** Every page of an audit listing. */
    private List<JsonNode> all(String pathAndQuery) {
        // By type or the whole trail, the audit listing is an index query: it shows records once the index caught up.
        stack.awaitIndexes();
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = admin.get(pathAndQuery + "&limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.json().get("items").forEach(items::add);
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
            assertTrue(++pages < 100, "too many pages");
        } while (cursor != null);
        return items;
    }

    private List<JsonNode> adminUsers() {
        stack.awaitIndexes(); // the admin-user listing is an index query: it shows changes once the index caught up
        List<JsonNode> users = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = admin.get("/api/auth/admin-users/?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.json().get("items").forEach(users::add);
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
            assertTrue(++pages < 100, "too many pages");
        } while (cursor != null);
        return users;
    }

    private JsonNode listedAdminUser(String id) {
        return adminUsers().stream()
                .filter(u -> u.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("admin user " + id + " is not listed"));
    }

    private EmployeesHandler isolatedEmployeesHandler() {
        Deployment deployment = stack.deployment("EmployeesFunction");
        TableNames tables = deployment.tables();
        return new EmployeesHandler(deployment.withTables(tables.withEmployees(stack.freshTable("EmployeesTable"))));
    }
}
