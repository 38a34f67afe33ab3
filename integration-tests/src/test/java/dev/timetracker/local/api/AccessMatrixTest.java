package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.OwnStack;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Who may call what: every route of every router against every kind of caller, each cell with its exact
 * status. The table must name every route the routers serve, so a new route cannot be added without deciding
 * here who may call it. Cells that change something work on throw-away records of their own.
 */
@ExtendWith(LocalAwsExtension.class)
@OwnStack // moves the pay-period lock, which the deployment has once
class AccessMatrixTest {

    /** The callers: "self" is the employee a read route is about, "other" is another employee. */
    enum Who {
        ADMIN,
        MANAGER,
        EMPLOYEE_SELF,
        EMPLOYEE_OTHER,
        ANONYMOUS
    }

    /** One cell's request, made as that caller; it may check side effects before returning the response. */
    @FunctionalInterface
    interface Cell {
        Response call(Who who);
    }

    record Row(String route, Map<Who, Integer> expected, Cell cell) {
        Row {
            if (expected.size() != Who.values().length) {
                throw new IllegalArgumentException(route + " must name the status of every caller");
            }
        }
    }

    private static final int OK = 200;
    private static final int CREATED = 201;
    private static final int NO_CONTENT = 204;
    private static final int UNAUTHENTICATED = 401;
    private static final int FORBIDDEN = 403;

    /** The matrix's employees, created once for the class: each login costs a password hash. */
    private static final Map<String, Fixtures.Caller> EMPLOYEES = new LinkedHashMap<>();

    private static final java.util.concurrent.atomic.AtomicInteger CORRECTED_DAYS =
            new java.util.concurrent.atomic.AtomicInteger();

    private TestStack stack;
    /** Employees in the matrix's own role: the subject of the read routes, and somebody else. */
    private Fixtures.Caller self;

    private Fixtures.Caller other;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
    }

    /** The matrix. Keys are the routers' own "METHOD /template/" descriptions. */
    private Map<String, Row> table() {
        List<Row> rows = List.of(
                // ---- AuthFunction
                new Row(
                        "POST /api/auth/login/",
                        expect(OK, OK, OK, OK, OK),
                        who -> api(who).post(
                                        "/api/auth/login/",
                                        Map.of("username", self().login(), "password", Fixtures.PASSWORD))),
                new Row(
                        "POST /api/auth/logout/",
                        expect(NO_CONTENT, NO_CONTENT, NO_CONTENT, NO_CONTENT, UNAUTHENTICATED),
                        this::logout),
                new Row(
                        "GET /api/auth/admin-users/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/auth/admin-users/")),
                new Row(
                        "POST /api/auth/admin-users/",
                        expect(CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::createAdminUser),
                new Row(
                        "PUT /api/auth/admin-users/{id}/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::updateAdminUser),
                new Row(
                        "DELETE /api/auth/admin-users/{id}/",
                        expect(NO_CONTENT, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::deactivateAdminUser),
                new Row(
                        "GET /api/audit/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/audit/?limit=1")),
                // ---- EmployeesFunction
                new Row(
                        "GET /api/employees/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/employees/?limit=1")),
                new Row(
                        "POST /api/employees/",
                        expect(CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::createEmployee),
                new Row(
                        "GET /api/employees/by_email/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> ownRecord(api(who).get("/api/employees/by_email/?email=" + self().login()))),
                new Row(
                        "GET /api/employees/{id}/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> ownRecord(api(who).get("/api/employees/" + self().employeeId() + "/"))),
                new Row(
                        "PUT /api/employees/{id}/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::updateEmployee),
                new Row(
                        "DELETE /api/employees/{id}/",
                        expect(NO_CONTENT, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::deactivateEmployee),
                new Row(
                        "GET /api/employees/business-hours/current/",
                        expect(OK, OK, OK, OK, UNAUTHENTICATED),
                        who -> api(who).get("/api/employees/business-hours/current/")),
                new Row(
                        "GET /api/employees/business-hours/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/employees/business-hours/?limit=1")),
                new Row(
                        "POST /api/employees/business-hours/",
                        expect(CREATED, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::createBusinessHours),
                // ---- PunchFunction: employees punch for themselves, admins and managers for anyone (with notes)
                new Row(
                        "POST /api/timetracking/punch/",
                        expect(CREATED, CREATED, CREATED, FORBIDDEN, UNAUTHENTICATED),
                        this::punch),
                // ---- StatusFunction: admins and managers read anyone's time, an employee only their own
                new Row(
                        "GET /api/timetracking/status/{employee_id}/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> ownRecord(
                                api(who).get("/api/timetracking/status/" + self().employeeId() + "/"), "employee_id")),
                new Row(
                        "GET /api/timetracking/entries/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/timetracking/entries/?employee_id=" + self().employeeId())),
                new Row(
                        "GET /api/timetracking/sessions/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/timetracking/sessions/?employee_id=" + self().employeeId())),
                // ---- PeriodsFunction: an employee reads and submits their own weeks; admins and managers read and
                // approve anyone's, only admins reopen; the lock is read by admins and managers, moved by admins
                new Row(
                        "GET /api/timetracking/timesheets/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> ownRecord(
                                api(who).get("/api/timetracking/timesheets/?employee_id=" + self().employeeId()
                                        + "&week=2026-W48"),
                                "employee_id")),
                new Row(
                        "POST /api/timetracking/timesheets/{employee_id}/{week}/submit/",
                        expect(FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> timesheetTransition(who, "open", "submit", null)),
                new Row(
                        "POST /api/timetracking/timesheets/{employee_id}/{week}/approve/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> timesheetTransition(who, "submitted", "approve", null)),
                new Row(
                        "POST /api/timetracking/timesheets/{employee_id}/{week}/reopen/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> timesheetTransition(who, "approved", "reopen", Map.of("reason", "Matrix reopening"))),
                new Row(
                        "GET /api/timetracking/locks/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/timetracking/locks/")),
                new Row(
                        "POST /api/timetracking/locks/",
                        expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        this::moveLock),
                // Corrections: an employee requests their own (pending), admins and managers correct at once and decide
                // others' requests; nobody sees or decides another employee's
                new Row(
                        "GET /api/timetracking/corrections/",
                        expect(OK, OK, OK, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/timetracking/corrections/?employee_id=" + self().employeeId())),
                new Row(
                        "POST /api/timetracking/corrections/",
                        expect(CREATED, CREATED, CREATED, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).post("/api/timetracking/corrections/", oneCycleCorrection())),
                new Row(
                        "POST /api/timetracking/corrections/{id}/approve/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).post(
                                        "/api/timetracking/corrections/" + requestedCorrection() + "/approve/",
                                        Map.of())),
                new Row(
                        "POST /api/timetracking/corrections/{id}/reject/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).post(
                                        "/api/timetracking/corrections/" + requestedCorrection() + "/reject/",
                                        Map.of("note", "Matrix rejection"))),
                // ---- ReportsFunction: admins and managers only
                new Row(
                        "GET /api/reports/overview/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/reports/overview/")),
                new Row(
                        "GET /api/reports/employees/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/reports/employees/")),
                new Row(
                        "GET /api/reports/daily/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/reports/daily/?employee_id=" + self().employeeId())),
                // One day of one employee: small enough to be written within the request (201, not 202).
                new Row(
                        "POST /api/reports/export/csv/",
                        expect(CREATED, CREATED, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).post("/api/reports/export/csv/", exportBody())),
                new Row(
                        "GET /api/reports/exports/{export_id}/",
                        expect(OK, OK, FORBIDDEN, FORBIDDEN, UNAUTHENTICATED),
                        who -> api(who).get("/api/reports/exports/" + anExport() + "/")));
        Map<String, Row> table = new LinkedHashMap<>();
        rows.forEach(row -> {
            if (table.put(row.route(), row) != null) {
                throw new IllegalStateException("Two rows for " + row.route());
            }
        });
        return table;
    }

    @Test
    void theTableCoversEveryRouteOfEveryRouterAndNoOther() throws Exception {
        TreeSet<String> served = new TreeSet<>();
        for (FunctionResource function : stack.template().functions()) {
            if (function.routes().isEmpty()) {
                continue;
            }
            HttpFunction handler = (HttpFunction) stack.handler(function.logicalId());
            served.addAll(handler.router().describe());
        }
        assertFalse(served.isEmpty());
        TreeSet<String> covered = new TreeSet<>(table().keySet());
        TreeSet<String> missing = new TreeSet<>(served);
        missing.removeAll(covered);
        TreeSet<String> stale = new TreeSet<>(covered);
        stale.removeAll(served);
        assertTrue(
                missing.isEmpty(), "Routes served but not in the access matrix (decide who may call them): " + missing);
        assertTrue(stale.isEmpty(), "Rows for routes no router serves: " + stale);
    }

    @TestFactory
    Stream<DynamicContainer> everyCallerGetsExactlyTheExpectedStatusOnEveryRoute() {
        return table().values().stream()
                .map(row -> DynamicContainer.dynamicContainer(
                        row.route(), Stream.of(Who.values()).map(who -> {
                            int expected = row.expected().get(who);
                            return DynamicTest.dynamicTest(
                                    who.name().toLowerCase(Locale.ROOT).replace('_', '-') + " → " + expected, () -> {
                                        Response response = row.cell().call(who);
                                        assertEquals(
                                                expected,
                                                response.status(),
                                                row.route() + " as " + who + ": " + response);
                                        if (expected >= 400) {
                                            assertEquals(
                                                    "application/problem+json",
                                                    response.header("content-type"),
                                                    response::toString);
                                        }
                                    });
                        })));
    }

    /** Ownership cannot be side-stepped: an employee learns nothing about other records, existing or not. */
    @Test
    void employeesReachOnlyTheirOwnRecordWhateverIdOrEmailTheyName() {
        Api stranger = other().api();
        Response existing = stranger.get("/api/employees/" + self().employeeId() + "/");
        Response missing = stranger.get("/api/employees/" + UUID.randomUUID() + "/");
        assertEquals(FORBIDDEN, existing.status());
        assertEquals(existing.body(), missing.body(), "an existing and a missing id look alike");

        Response existingEmail = stranger.get("/api/employees/by_email/?email=" + self().login());
        Response missingEmail =
                stranger.get("/api/employees/by_email/?email=nobody." + UUID.randomUUID() + "@example.com");
        Response upperCased =
                stranger.get("/api/employees/by_email/?email=" + self().login().toUpperCase(Locale.ROOT));
        assertEquals(FORBIDDEN, existingEmail.status());
        assertEquals(existingEmail.body(), missingEmail.body(), "an existing and a missing email look alike");
        assertEquals(existingEmail.body(), upperCased.body());

        Response own = self().api()
                .get("/api/employees/by_email/?email=" + self().login().toUpperCase(Locale.ROOT));
        assertEquals(OK, own.status(), own::toString);
        assertEquals(self().employeeId(), own.json().get("id").asText(), "their own record, in any case");
        assertEquals(
                OK, self().api().get("/api/employees/" + self().employeeId()).status(), "without the trailing slash");
        assertEquals(
                FORBIDDEN,
                stranger.get("/api/employees/" + self().employeeId()).status(),
                "without the trailing slash");
    }

    // ---------------------------------------------------------------- the cells that need more than one request

    private Response logout(Who who) {
        // A session of its own: logging out the shared fixtures' tokens would break every other test.
        Api session = switch (who) {
            case ADMIN -> Fixtures.login(stack, "root", Fixtures.PASSWORD, null).api();
            case MANAGER ->
                Fixtures.login(stack, Fixtures.managerCaller(stack).login(), Fixtures.PASSWORD, null)
                        .api();
            case EMPLOYEE_SELF ->
                Fixtures.login(stack, self().login(), Fixtures.PASSWORD, self().employeeId())
                        .api();
            case EMPLOYEE_OTHER ->
                Fixtures.login(stack, other().login(), Fixtures.PASSWORD, other().employeeId())
                        .api();
            case ANONYMOUS -> new Api(stack);
        };
        Response response = session.send("POST", "/api/auth/logout/", null);
        if (response.status() == NO_CONTENT) {
            assertEquals(
                    UNAUTHENTICATED,
                    session.send("POST", "/api/auth/logout/", null).status(),
                    "the token is revoked");
        }
        return response;
    }

    private Response createAdminUser(Who who) {
        String username = "matrix-" + unique();
        Response response = api(who).post(
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
        if (response.status() != CREATED) {
            assertTrue(
                    adminUsers().stream()
                            .noneMatch(u -> u.get("username").asText().equals(username)),
                    "nothing created");
        }
        return response;
    }

    private Response updateAdminUser(Who who) {
        String username = "matrix-edit-" + unique();
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
        assertEquals(CREATED, created.status(), created::toString);
        String id = created.json().get("id").asText();
        String email = "changed-" + username + "@example.com";
        Response response = api(who).put("/api/auth/admin-users/" + id + "/", Map.of("email", email));
        String stored = adminUsers().stream()
                .filter(u -> u.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow()
                .get("email")
                .asText();
        assertEquals(response.status() == OK, email.equals(stored), "changed exactly when the answer says so");
        return response;
    }

    private Response deactivateAdminUser(Who who) {
        String username = "matrix-target-" + unique();
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
        assertEquals(CREATED, created.status(), created::toString);
        String id = created.json().get("id").asText();
        Response response = api(who).delete("/api/auth/admin-users/" + id + "/");
        boolean active = adminUsers().stream()
                .filter(u -> u.get("id").asText().equals(id))
                .findFirst()
                .orElseThrow()
                .get("is_active")
                .asBoolean();
        assertEquals(response.status() != NO_CONTENT, active, "deactivated exactly when the answer says so");
        return response;
    }

    private Response createEmployee(Who who) {
        String email = "matrix." + unique() + "@example.com";
        Response response = api(who).post(
                        "/api/employees/", Map.of("email", email, "first_name", "Matrix", "last_name", "Created"));
        if (response.status() != CREATED) {
            assertEquals(
                    404,
                    Fixtures.admin(stack)
                            .get("/api/employees/by_email/?email=" + email)
                            .status(),
                    "nothing created");
        }
        return response;
    }

    private Response updateEmployee(Who who) {
        Target target = target(who);
        Response response = target.caller().put("/api/employees/" + target.id() + "/", Map.of("position", "Changed"));
        JsonNode stored =
                Fixtures.admin(stack).get("/api/employees/" + target.id() + "/").json();
        assertEquals(
                response.status() == OK,
                "Changed".equals(stored.path("position").asText(null)),
                "changed exactly when the answer says so: " + stored);
        return response;
    }

    private Response deactivateEmployee(Who who) {
        Target target = target(who);
        Response response = target.caller().delete("/api/employees/" + target.id() + "/");
        JsonNode stored =
                Fixtures.admin(stack).get("/api/employees/" + target.id() + "/").json();
        assertEquals(
                response.status() != NO_CONTENT,
                stored.get("is_active").asBoolean(),
                "deactivated exactly when the answer says so: " + stored);
        return response;
    }

    private Response createBusinessHours(Who who) {
        // Configurations go to a table of this cell's own, so "current" does not change under other tests.
        Deployment deployment = stack.deployment("EmployeesFunction");
        TableNames tables = deployment.tables();
        EmployeesHandler isolated =
                new EmployeesHandler(deployment.withTables(tables.withEmployees(stack.freshTable("EmployeesTable"))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", "Europe/Vienna");
        body.put("work_days", List.of(1, 2, 3, 4, 5));
        body.put("start_time", "08:00");
        body.put("end_time", "16:30");
        Response response = api(who).via(isolated).post("/api/employees/business-hours/", body);
        int stored = Fixtures.admin(stack)
                .via(isolated)
                .get("/api/employees/business-hours/")
                .json()
                .get("items")
                .size();
        assertEquals(response.status() == CREATED ? 1 : 0, stored, "stored exactly when the answer says so");
        return response;
    }

    private Response punch(Who who) {
        Target target = target(who);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("employee_id", target.id());
        body.put("action", "punch_in");
        if (who != Who.EMPLOYEE_SELF) {
            body.put("notes", "Punched by the access matrix");
        }
        Response response = target.caller().post("/api/timetracking/punch/", body);
        String status = Fixtures.admin(stack)
                .get("/api/timetracking/status/" + target.id() + "/")
                .json()
                .get("status")
                .asText();
        assertEquals(
                response.status() == CREATED ? "working" : "off", status, "punched exactly when the answer says so");
        return response;
    }

    /** Weeks of 2025 for the timesheet cells: each cell call decides on a week of its own. */
    private static final java.util.concurrent.atomic.AtomicInteger WEEKS =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Brings a fresh week of "self" to {@code from} (submitted by self, approved by an admin), then lets the caller
     * try {@code transition}; the stored state changes exactly when the answer says so.
     */
    private Response timesheetTransition(Who who, String from, String transition, Map<String, Object> body) {
        String week = String.format("2025-W%02d", WEEKS.incrementAndGet());
        String path = "/api/timetracking/timesheets/" + self().employeeId() + "/" + week + "/";
        if (!from.equals("open")) {
            assertEquals(OK, self().api().post(path + "submit/", Map.of()).status());
        }
        if (from.equals("approved")) {
            assertEquals(
                    OK, Fixtures.admin(stack).post(path + "approve/", Map.of()).status());
        }
        Response response = api(who).post(path + transition + "/", body == null ? Map.of() : body);
        String stored = Fixtures.admin(stack)
                .get("/api/timetracking/timesheets/?employee_id=" + self().employeeId() + "&week=" + week)
                .json()
                .get("status")
                .asText();
        assertEquals(response.status() == OK, !stored.equals(from), "changed exactly when the answer says so");
        return response;
    }

    /**
     * One cycle added to a day of self's in 2001 (after the matrix's lock, before every other test's dates), a new
     * day each time so that no two corrections overlap.
     */
    private Map<String, Object> oneCycleCorrection() {
        String date = java.time.LocalDate.parse("2001-01-01")
                .plusDays(CORRECTED_DAYS.incrementAndGet())
                .toString();
        return Map.of(
                "employee_id",
                self().employeeId(),
                "work_date",
                date,
                "reason",
                "Access matrix",
                "changes",
                List.of(
                        Map.of("op", "add", "action", "punch_in", "timestamp", date + "T12:00:00Z"),
                        Map.of("op", "add", "action", "punch_out", "timestamp", date + "T13:00:00Z")));
    }

    /** A pending request of self's, for a decision. */
    private String requestedCorrection() {
        Response requested = self().api().post("/api/timetracking/corrections/", oneCycleCorrection());
        assertEquals(CREATED, requested.status(), requested::toString);
        return requested.json().get("id").asText();
    }

    /** The lock stays in 1985 (long before any test's dates); set once first, so every cell is a move (200). */
    private Response moveLock(Who who) {
        Map<String, Object> body = Map.of("through", "1985-01-31", "reason", "Access matrix");
        int first = Fixtures.admin(stack).post("/api/timetracking/locks/", body).status();
        assertTrue(first == OK || first == CREATED, "the lock is set");
        JsonNode before = Fixtures.admin(stack).get("/api/timetracking/locks/").json();
        Response response = api(who).post("/api/timetracking/locks/", body);
        JsonNode after = Fixtures.admin(stack).get("/api/timetracking/locks/").json();
        assertEquals(
                response.status() == OK ? after : before,
                response.status() == OK ? response.json() : after,
                "the stored lock is what a successful answer says, and unchanged otherwise");
        return response;
    }

    /** Whom a PUT, DELETE or punch is about: a new employee, who is the caller in the "self" cell. */
    private record Target(String id, Api caller) {}

    private Target target(Who who) {
        if (who == Who.EMPLOYEE_SELF) {
            Fixtures.Caller fresh = Fixtures.newEmployee(stack);
            return new Target(fresh.employeeId(), fresh.api());
        }
        Response created = Fixtures.admin(stack)
                .post(
                        "/api/employees/",
                        Map.of(
                                "email",
                                "matrix.target." + unique() + "@example.com",
                                "first_name",
                                "Matrix",
                                "last_name",
                                "Target"));
        assertEquals(CREATED, created.status(), created::toString);
        return new Target(created.json().get("id").asText(), api(who));
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, Object> exportBody() {
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        return Map.of("from", today, "to", today, "employee_ids", List.of(self().employeeId()));
    }

    private String export;

    /** An export made by an admin, for the cells that read one. */
    private String anExport() {
        if (export == null) {
            Response created = Fixtures.admin(stack).post("/api/reports/export/csv/", exportBody());
            assertEquals(CREATED, created.status(), created::toString);
            export = created.json().get("export_id").asText();
        }
        return export;
    }

    private Api api(Who who) {
        return switch (who) {
            case ADMIN -> Fixtures.admin(stack);
            case MANAGER -> Fixtures.manager(stack);
            case EMPLOYEE_SELF -> self().api();
            case EMPLOYEE_OTHER -> other().api();
            case ANONYMOUS -> new Api(stack);
        };
    }

    private Fixtures.Caller self() {
        if (self == null) {
            self = shared(stack, "self");
        }
        return self;
    }

    private Fixtures.Caller other() {
        if (other == null) {
            other = shared(stack, "other");
        }
        return other;
    }

    private static synchronized Fixtures.Caller shared(TestStack stack, String name) {
        return EMPLOYEES.computeIfAbsent(name, n -> Fixtures.newEmployee(stack));
    }

    /** A 200 from a read route about "self" must be self's record. */
    private Response ownRecord(Response response) {
        return ownRecord(response, "id");
    }

    private Response ownRecord(Response response, String idField) {
        if (response.status() == OK) {
            assertEquals(self().employeeId(), response.json().get(idField).asText(), response::toString);
        }
        return response;
    }

    private List<JsonNode> adminUsers() {
        stack.awaitIndexes(); // the admin-user listing is an index query: it shows changes once the index caught up
        List<JsonNode> users = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = Fixtures.admin(stack)
                    .get("/api/auth/admin-users/?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(OK, page.status(), page::toString);
            page.json().get("items").forEach(users::add);
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
            assertTrue(++pages < 100);
        } while (cursor != null);
        return users;
    }

    private static Map<Who, Integer> expect(
            int admin, int manager, int employeeSelf, int employeeOther, int anonymous) {
        Map<Who, Integer> expected = new EnumMap<>(Who.class);
        expected.put(Who.ADMIN, admin);
        expected.put(Who.MANAGER, manager);
        expected.put(Who.EMPLOYEE_SELF, employeeSelf);
        expected.put(Who.EMPLOYEE_OTHER, employeeOther);
        expected.put(Who.ANONYMOUS, anonymous);
        return expected;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
