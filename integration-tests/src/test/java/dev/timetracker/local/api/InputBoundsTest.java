package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Hostile input on every route: an oversized id, an oversized field, a control or invisible character, a date
 * or instant out of range. Each must be a 400 problem naming the field, decided before anything is looked up
 * or stored: every table is read before and after, and must hold exactly what it held. The table must name
 * every route that takes input, so a new route cannot skip its bounds.
 */
@ExtendWith(LocalAwsExtension.class)
class InputBoundsTest {
    /** DynamoDB refuses partition keys over 2,048 bytes; ids like this reached it (and answered 500). */
    private static final String HUGE_ID = "i".repeat(3000);

    private static final String HUGE_TEXT = "d".repeat(1500);
    private static final String NUL = "Anna\u0000";
    private static final String INVISIBLE = "\u200B\u2060\uFEFF";

    /** Routes that take nothing from the client but the token. */
    private static final Set<String> NO_INPUT = Set.of(
            "POST /api/auth/logout/", "GET /api/employees/business-hours/current/", "GET /api/timetracking/locks/");

    /** EMPLOYEE is the employee the probes name (only they submit their own timesheet). */
    private enum Caller {
        ADMIN,
        EMPLOYEE,
        ANONYMOUS
    }

    /** One hostile request and the field its 400 must name. */
    private record Probe(
            String route, String what, Caller caller, String method, String path, Object body, String field) {}

    /** An employee the probes name, created once for the class. */
    private static String employeeId;

    private static Api employeeApi;

    private TestStack stack;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        synchronized (InputBoundsTest.class) {
            if (employeeId == null) {
                Fixtures.Caller employee = Fixtures.newEmployee(stack);
                employeeId = employee.employeeId();
                employeeApi = employee.api();
            }
        }
    }

    private List<Probe> probes() {
        String employee = employeeId;
        List<Probe> probes = new ArrayList<>();
        // ---- AuthFunction
        probes.add(new Probe(
                "POST /api/auth/login/",
                "a username of 2,100 characters, without a token",
                Caller.ANONYMOUS,
                "POST",
                "/api/auth/login/",
                Map.of("username", "u".repeat(2100), "password", Fixtures.PASSWORD),
                "username"));
        probes.add(new Probe(
                "POST /api/auth/login/",
                "a NUL in the username",
                Caller.ANONYMOUS,
                "POST",
                "/api/auth/login/",
                Map.of("username", "root\u0000", "password", Fixtures.PASSWORD),
                "username"));
        probes.add(new Probe(
                "POST /api/auth/login/",
                "a password of 100,000 characters",
                Caller.ANONYMOUS,
                "POST",
                "/api/auth/login/",
                Map.of("username", "root", "password", "p".repeat(100_000)),
                "password"));
        probes.add(new Probe(
                "GET /api/auth/admin-users/",
                "a cursor of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/auth/admin-users/?cursor=" + HUGE_ID,
                null,
                "cursor"));
        probes.add(new Probe(
                "POST /api/auth/admin-users/",
                "a username of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/auth/admin-users/",
                adminUser("u".repeat(3000), "probe@example.com", Fixtures.PASSWORD),
                "username"));
        probes.add(new Probe(
                "POST /api/auth/admin-users/",
                "an email of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/auth/admin-users/",
                adminUser("probe-" + unique(), "e".repeat(3000) + "@example.com", Fixtures.PASSWORD),
                "email"));
        probes.add(new Probe(
                "POST /api/auth/admin-users/",
                "a password of 100,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/auth/admin-users/",
                adminUser("probe-" + unique(), "probe@example.com", "p".repeat(100_000)),
                "password"));
        probes.add(new Probe(
                "DELETE /api/auth/admin-users/{id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "DELETE",
                "/api/auth/admin-users/" + HUGE_ID + "/",
                null,
                "id"));
        probes.add(new Probe(
                "PUT /api/auth/admin-users/{id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "PUT",
                "/api/auth/admin-users/" + HUGE_ID + "/",
                Map.of("role", "manager"),
                "id"));
        probes.add(new Probe(
                "PUT /api/auth/admin-users/{id}/",
                "a username of 3,000 characters",
                Caller.ADMIN,
                "PUT",
                "/api/auth/admin-users/" + Fixtures.adminCaller(stack).subjectId() + "/",
                Map.of("username", "u".repeat(3000)),
                "username"));
        probes.add(new Probe(
                "PUT /api/auth/admin-users/{id}/",
                "a password of 100,000 characters",
                Caller.ADMIN,
                "PUT",
                "/api/auth/admin-users/" + Fixtures.adminCaller(stack).subjectId() + "/",
                Map.of("password", "p".repeat(100_000)),
                "password"));
        probes.add(new Probe(
                "GET /api/audit/",
                "an entity_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/audit/?entity_type=employee&entity_id=" + HUGE_ID,
                null,
                "entity_id"));
        probes.add(new Probe(
                "GET /api/audit/",
                "from=+10000-01-01",
                Caller.ADMIN,
                "GET",
                "/api/audit/?from=" + encode("+10000-01-01"),
                null,
                "from"));
        probes.add(new Probe(
                "GET /api/audit/",
                "to=9999-12-31",
                Caller.ADMIN,
                "GET",
                "/api/audit/?from=9999-12-30&to=9999-12-31",
                null,
                "from"));
        // ---- EmployeesFunction
        probes.add(new Probe(
                "GET /api/employees/",
                "a department filter over 1 KB",
                Caller.ADMIN,
                "GET",
                "/api/employees/?department=" + HUGE_TEXT,
                null,
                "department"));
        probes.add(new Probe(
                "GET /api/employees/",
                "a NUL in the department filter",
                Caller.ADMIN,
                "GET",
                "/api/employees/?department=" + encode(NUL),
                null,
                "department"));
        probes.add(new Probe(
                "POST /api/employees/",
                "a department over 1 KB",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("department", HUGE_TEXT)),
                "department"));
        probes.add(new Probe(
                "POST /api/employees/",
                "a NUL in the first name",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("first_name", NUL)),
                "first_name"));
        probes.add(new Probe(
                "POST /api/employees/",
                "a last name of invisible characters only",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("last_name", INVISIBLE)),
                "last_name"));
        probes.add(new Probe(
                "POST /api/employees/",
                "an escape sequence in the position",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("position", "Lead\u001B[2J")),
                "position"));
        probes.add(new Probe(
                "POST /api/employees/",
                "an employee code of 51 characters",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("employee_code", "c".repeat(51))),
                "employee_code"));
        probes.add(new Probe(
                "POST /api/employees/",
                "an email of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("email", "e".repeat(3000) + "@example.com")),
                "email"));
        probes.add(new Probe(
                "POST /api/employees/",
                "a Java-only time zone",
                Caller.ADMIN,
                "POST",
                "/api/employees/",
                newEmployee(Map.of("timezone", "SystemV/AST4")),
                "timezone"));
        probes.add(new Probe(
                "GET /api/employees/by_email/",
                "an email of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/employees/by_email/?email=" + "e".repeat(3000) + "@example.com",
                null,
                "email"));
        probes.add(new Probe(
                "GET /api/employees/{id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/employees/" + HUGE_ID + "/",
                null,
                "id"));
        probes.add(new Probe(
                "GET /api/employees/{id}/",
                "an id with a key separator",
                Caller.ADMIN,
                "GET",
                "/api/employees/" + employee + "%23PROFILE/",
                null,
                "id"));
        probes.add(new Probe(
                "PUT /api/employees/{id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "PUT",
                "/api/employees/" + HUGE_ID + "/",
                Map.of("position", "Lead"),
                "id"));
        probes.add(new Probe(
                "PUT /api/employees/{id}/",
                "a department of invisible characters only",
                Caller.ADMIN,
                "PUT",
                "/api/employees/" + employee + "/",
                Map.of("department", INVISIBLE),
                "department"));
        probes.add(new Probe(
                "PUT /api/employees/{id}/",
                "a time zone alias",
                Caller.ADMIN,
                "PUT",
                "/api/employees/" + employee + "/",
                Map.of("timezone", "US/Eastern"),
                "timezone"));
        probes.add(new Probe(
                "DELETE /api/employees/{id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "DELETE",
                "/api/employees/" + HUGE_ID + "/",
                null,
                "id"));
        probes.add(new Probe(
                "GET /api/employees/business-hours/",
                "a cursor of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/employees/business-hours/?cursor=" + HUGE_ID,
                null,
                "cursor"));
        probes.add(new Probe(
                "POST /api/employees/business-hours/",
                "effective_from in year +999999999",
                Caller.ADMIN,
                "POST",
                "/api/employees/business-hours/",
                businessHours(Map.of("effective_from", "+999999999-12-31T00:00:00Z")),
                "effective_from"));
        probes.add(new Probe(
                "POST /api/employees/business-hours/",
                "effective_from in year 10000",
                Caller.ADMIN,
                "POST",
                "/api/employees/business-hours/",
                businessHours(Map.of("effective_from", "10000-01-01T00:00:00Z")),
                "effective_from"));
        probes.add(new Probe(
                "POST /api/employees/business-hours/",
                "a Java-only time zone",
                Caller.ADMIN,
                "POST",
                "/api/employees/business-hours/",
                businessHours(Map.of("timezone", "SystemV/AST4")),
                "timezone"));
        // ---- PunchFunction
        probes.add(new Probe(
                "POST /api/timetracking/punch/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/punch/",
                Map.of("employee_id", HUGE_ID, "action", "punch_in", "notes", "probe"),
                "employee_id"));
        probes.add(new Probe(
                "POST /api/timetracking/punch/",
                "a NUL in the notes",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/punch/",
                Map.of("employee_id", employee, "action", "punch_in", "notes", NUL),
                "notes"));
        probes.add(new Probe(
                "POST /api/timetracking/punch/",
                "notes of invisible characters only",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/punch/",
                Map.of("employee_id", employee, "action", "punch_in", "notes", INVISIBLE),
                "notes"));
        probes.add(new Probe(
                "POST /api/timetracking/punch/",
                "notes of 501 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/punch/",
                Map.of("employee_id", employee, "action", "punch_in", "notes", "n".repeat(501)),
                "notes"));
        probes.add(new Probe(
                "POST /api/timetracking/punch/",
                "a timestamp in year +10000",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/punch/",
                Map.of(
                        "employee_id",
                        employee,
                        "action",
                        "punch_in",
                        "notes",
                        "probe",
                        "timestamp",
                        "+10000-01-01T00:00:00Z"),
                "timestamp"));
        // ---- StatusFunction
        probes.add(new Probe(
                "GET /api/timetracking/status/{employee_id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/status/" + HUGE_ID + "/",
                null,
                "employee_id"));
        probes.add(new Probe(
                "GET /api/timetracking/entries/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/entries/?employee_id=" + HUGE_ID,
                null,
                "employee_id"));
        probes.add(new Probe(
                "GET /api/timetracking/entries/",
                "from=+999999999-12-31",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/entries/?employee_id=" + employee + "&from=" + encode("+999999999-12-31"),
                null,
                "from"));
        probes.add(new Probe(
                "GET /api/timetracking/sessions/",
                "from and to of 9999-12-31",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/sessions/?employee_id=" + employee + "&from=9999-12-31&to=9999-12-31",
                null,
                "from"));
        probes.add(new Probe(
                "GET /api/timetracking/sessions/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/sessions/?employee_id=" + HUGE_ID,
                null,
                "employee_id"));
        // ---- ReportsFunction
        probes.add(new Probe(
                "GET /api/timetracking/timesheets/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/timesheets/?week=2026-W48&employee_id=" + HUGE_ID,
                null,
                "employee_id"));
        probes.add(new Probe(
                "GET /api/timetracking/timesheets/",
                "week 54 of 2026",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/timesheets/?week=2026-W54&employee_id=" + employee,
                null,
                "week"));
        probes.add(new Probe(
                "POST /api/timetracking/timesheets/{employee_id}/{week}/submit/",
                "week 99",
                Caller.EMPLOYEE,
                "POST",
                "/api/timetracking/timesheets/" + employee + "/2026-W99/submit/",
                Map.of(),
                "week"));
        probes.add(new Probe(
                "POST /api/timetracking/timesheets/{employee_id}/{week}/submit/",
                "a field to set the status",
                Caller.EMPLOYEE,
                "POST",
                "/api/timetracking/timesheets/" + employee + "/2026-W48/submit/",
                Map.of("status", "approved"),
                "status"));
        probes.add(new Probe(
                "POST /api/timetracking/timesheets/{employee_id}/{week}/approve/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/timesheets/" + HUGE_ID + "/2026-W48/approve/",
                Map.of(),
                "employee_id"));
        probes.add(new Probe(
                "POST /api/timetracking/timesheets/{employee_id}/{week}/reopen/",
                "a reason of 501 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/timesheets/" + employee + "/2026-W48/reopen/",
                Map.of("reason", "r".repeat(501)),
                "reason"));
        probes.add(new Probe(
                "GET /api/timetracking/corrections/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/corrections/?employee_id=" + HUGE_ID,
                null,
                "employee_id"));
        probes.add(new Probe(
                "GET /api/timetracking/corrections/",
                "from=+10000-01-01",
                Caller.ADMIN,
                "GET",
                "/api/timetracking/corrections/?from=%2B10000-01-01",
                null,
                "from"));
        probes.add(new Probe(
                "POST /api/timetracking/corrections/",
                "a reason of 501 characters",
                Caller.EMPLOYEE,
                "POST",
                "/api/timetracking/corrections/",
                Map.of(
                        "work_date",
                        "2026-03-02",
                        "reason",
                        "r".repeat(501),
                        "changes",
                        List.of(Map.of("op", "void", "entry_id", "x"))),
                "reason"));
        probes.add(new Probe(
                "POST /api/timetracking/corrections/",
                "a change with an unknown op",
                Caller.EMPLOYEE,
                "POST",
                "/api/timetracking/corrections/",
                Map.of(
                        "work_date",
                        "2026-03-02",
                        "reason",
                        "Typo",
                        "changes",
                        List.of(Map.of("op", "delete", "entry_id", "x"))),
                "changes[0].op"));
        probes.add(new Probe(
                "POST /api/timetracking/corrections/{id}/approve/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/corrections/" + HUGE_ID + "/approve/",
                Map.of(),
                "id"));
        probes.add(new Probe(
                "POST /api/timetracking/corrections/{id}/reject/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/corrections/" + HUGE_ID + "/reject/",
                Map.of("note", "No"),
                "id"));
        probes.add(new Probe(
                "POST /api/timetracking/locks/",
                "through=+10000-01-01",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/locks/",
                Map.of("through", "+10000-01-01"),
                "through"));
        probes.add(new Probe(
                "POST /api/timetracking/locks/",
                "a reason of 501 characters",
                Caller.ADMIN,
                "POST",
                "/api/timetracking/locks/",
                Map.of("through", "1985-01-31", "reason", "r".repeat(501)),
                "reason"));
        probes.add(new Probe(
                "GET /api/reports/overview/",
                "date=+10000-01-01",
                Caller.ADMIN,
                "GET",
                "/api/reports/overview/?date=" + encode("+10000-01-01"),
                null,
                "date"));
        probes.add(new Probe(
                "GET /api/reports/employees/",
                "to=9999-12-31",
                Caller.ADMIN,
                "GET",
                "/api/reports/employees/?from=9999-12-31&to=9999-12-31",
                null,
                "from"));
        probes.add(new Probe(
                "GET /api/reports/employees/",
                "from=0001-01-01",
                Caller.ADMIN,
                "GET",
                "/api/reports/employees/?from=0001-01-01&to=0001-01-02",
                null,
                "from"));
        probes.add(new Probe(
                "GET /api/reports/daily/",
                "an employee_id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/reports/daily/?employee_id=" + HUGE_ID,
                null,
                "employee_id"));
        probes.add(new Probe(
                "GET /api/reports/daily/",
                "to past 2999-12-31",
                Caller.ADMIN,
                "GET",
                "/api/reports/daily/?from=2999-12-31&to=3000-01-01",
                null,
                "to"));
        probes.add(new Probe(
                "POST /api/reports/export/csv/",
                "from and to of 9999-12-31",
                Caller.ADMIN,
                "POST",
                "/api/reports/export/csv/",
                Map.of("from", "9999-12-31", "to", "9999-12-31"),
                "from"));
        // This one used to store a pending job, fail with a 500, and leave the job to the worker to fail again.
        probes.add(new Probe(
                "POST /api/reports/export/csv/",
                "the last week of year +999999999",
                Caller.ADMIN,
                "POST",
                "/api/reports/export/csv/",
                Map.of("from", "+999999999-12-25", "to", "+999999999-12-31"),
                "from"));
        probes.add(new Probe(
                "POST /api/reports/export/csv/",
                "no employee at all",
                Caller.ADMIN,
                "POST",
                "/api/reports/export/csv/",
                Map.of("from", "2026-01-01", "to", "2026-01-02", "employee_ids", List.of()),
                "employee_ids"));
        probes.add(new Probe(
                "POST /api/reports/export/csv/",
                "an employee id of 3,000 characters",
                Caller.ADMIN,
                "POST",
                "/api/reports/export/csv/",
                Map.of("from", "2026-01-01", "to", "2026-01-02", "employee_ids", List.of(employee, HUGE_ID)),
                "employee_ids"));
        probes.add(new Probe(
                "GET /api/reports/exports/{export_id}/",
                "an id of 3,000 characters",
                Caller.ADMIN,
                "GET",
                "/api/reports/exports/" + HUGE_ID + "/",
                null,
                "export_id"));
        return probes;
    }

    @Test
    void everyRouteThatTakesInputIsProbed() throws Exception {
        TreeSet<String> served = new TreeSet<>();
        for (FunctionResource function : stack.template().functions()) {
            if (!function.routes().isEmpty()) {
                HttpFunction handler = (HttpFunction) stack.handler(function.logicalId());
                served.addAll(handler.router().describe());
            }
        }
        TreeSet<String> probed = probes().stream().map(Probe::route).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> missing = new TreeSet<>(served);
        missing.removeAll(probed);
        missing.removeAll(NO_INPUT);
        TreeSet<String> stale = new TreeSet<>(probed);
        stale.removeAll(served);
        assertTrue(missing.isEmpty(), "Routes that take input but are not probed: " + missing);
        assertTrue(stale.isEmpty(), "Probes of routes no router serves: " + stale);
    }

    @TestFactory
    Stream<DynamicContainer> everyHostileInputIsA400NamingItsFieldAndChangesNothing() {
        Map<String, List<Probe>> byRoute =
                probes().stream().collect(Collectors.groupingBy(Probe::route, TreeMap::new, Collectors.toList()));
        return byRoute.entrySet().stream()
                .map(route -> DynamicContainer.dynamicContainer(
                        route.getKey(),
                        route.getValue().stream()
                                .map(probe -> DynamicTest.dynamicTest(probe.what(), () -> {
                                    Api api = switch (probe.caller()) {
                                        case ADMIN -> Fixtures.admin(stack);
                                        case EMPLOYEE -> employeeApi;
                                        case ANONYMOUS -> new Api(stack);
                                    };
                                    Map<String, String> before = everyItem();
                                    Response response = api.send(
                                            probe.method(),
                                            probe.path(),
                                            probe.body() == null
                                                    ? null
                                                    : Json.write(Json.mapper().valueToTree(probe.body())));
                                    assertEquals(400, response.status(), probe + ": " + response);
                                    assertEquals("application/problem+json", response.header("content-type"));
                                    List<String> fields = new ArrayList<>();
                                    response.json()
                                            .get("errors")
                                            .forEach(error -> fields.add(
                                                    error.get("field").asText()));
                                    assertEquals(List.of(probe.field()), fields, response::toString);
                                    assertEquals(before, everyItem(), "nothing stored, changed or removed");
                                }))));
    }

    /**
     * The export the worker used to inherit: a range that passed the old checks was stored as a pending job, the
     * request failed (500), and the worker retried the job until it failed with a misleading message.
     */
    @Test
    void aRefusedExportLeavesNoJobForTheWorker() {
        String exports = stack.deployment("ReportsFunction").tables().exports();
        int jobsBefore = stack.dynamoDb()
                .scan(scan -> scan.tableName(exports).consistentRead(true))
                .count();
        int pendingBefore = pendingJobs(exports);
        for (Map<String, Object> body : List.of(
                Map.<String, Object>of("from", "+999999999-12-25", "to", "+999999999-12-31"),
                Map.<String, Object>of("from", "9999-12-31", "to", "9999-12-31"),
                Map.<String, Object>of("from", "2026-01-01", "to", "2026-01-02", "employee_ids", List.of()))) {
            Response refused = Fixtures.admin(stack).post("/api/reports/export/csv/", body);
            assertEquals(400, refused.status(), body + ": " + refused);
        }
        assertEquals(
                jobsBefore,
                stack.dynamoDb()
                        .scan(scan -> scan.tableName(exports).consistentRead(true))
                        .count(),
                "no job item, pending or otherwise");
        assertEquals(pendingBefore, pendingJobs(exports), "nothing for the export worker");
    }

    /** What the export worker would pick up: the sparse index of pending jobs. */
    private int pendingJobs(String exports) {
        return stack.dynamoDb()
                .query(query -> query.tableName(exports)
                        .indexName(ExportJobs.PENDING_INDEX)
                        .keyConditionExpression("pending = :pending")
                        .expressionAttributeValues(Map.of(":pending", AttributeValue.fromS("PENDING"))))
                .count();
    }

    /** HEAD answers like GET, with the same status and headers, and no body; methods without GET stay 405. */
    @Test
    void headAnswersLikeGetWithoutABodyOnEveryGetRoute() throws Exception {
        Api admin = Fixtures.admin(stack);
        List<String> getRoutes = new ArrayList<>();
        for (FunctionResource function : stack.template().functions()) {
            if (!function.routes().isEmpty()) {
                HttpFunction handler = (HttpFunction) stack.handler(function.logicalId());
                handler.router().describe().stream()
                        .filter(route -> route.startsWith("GET "))
                        .forEach(getRoutes::add);
            }
        }
        assertFalse(getRoutes.isEmpty());
        for (String route : getRoutes) {
            String path = route.substring(4).replaceAll("\\{[^}]+}", employeeId)
                    + (route.contains("by_email") ? "?email=nobody@example.com" : "");
            Response get = admin.get(path);
            Response head = admin.send("HEAD", path, null);
            assertEquals(get.status(), head.status(), route + ": " + head);
            assertEquals(get.header("content-type"), head.header("content-type"), route);
            assertNull(head.body(), route + " must answer HEAD without a body");
        }
        Response anonymous = new Api(stack).send("HEAD", "/api/employees/", null);
        assertEquals(401, anonymous.status());
        assertNull(anonymous.body());
        Response login = new Api(stack).send("HEAD", "/api/auth/login/", null);
        assertEquals(405, login.status(), login::toString);
        assertEquals("POST", login.header("allow"));
        assertNull(login.body());
    }

    /** A cursor is only good for the listing, route and filters included, that handed it out. */
    @Test
    void aCursorFromOneListingIsRefusedByEveryOther() {
        Api admin = Fixtures.admin(stack);
        Fixtures.newEmployee(stack);
        String cursor =
                admin.get("/api/employees/?limit=1").json().get("next_cursor").asText();
        assertEquals(200, admin.get("/api/employees/?limit=1&cursor=" + cursor).status(), "its own listing");
        assertEquals(
                200, admin.get("/api/employees?limit=2&cursor=" + cursor).status(), "without the slash, another limit");
        for (String foreign : List.of(
                "/api/reports/employees/?limit=1",
                "/api/employees/?limit=1&active=true",
                "/api/employees/?limit=1&department=Sales",
                "/api/auth/admin-users/?limit=1",
                "/api/employees/business-hours/?limit=1",
                "/api/audit/?limit=1",
                "/api/timetracking/entries/?employee_id=" + employeeId)) {
            Response response = admin.get(foreign + "&cursor=" + cursor);
            assertEquals(400, response.status(), foreign + ": " + response);
            assertEquals("cursor", response.json().at("/errors/0/field").asText(), foreign);
        }
        String report = admin.get("/api/reports/employees/?from=2026-03-02&to=2026-03-08&limit=1")
                .json()
                .get("next_cursor")
                .asText();
        assertEquals(
                200,
                admin.get("/api/reports/employees/?from=2026-03-02&to=2026-03-08&limit=1&cursor=" + report)
                        .status());
        assertEquals(400, admin.get("/api/employees/?limit=1&cursor=" + report).status());
        assertEquals(
                400,
                admin.get("/api/reports/employees/?from=2026-03-02&to=2026-03-09&limit=1&cursor=" + report)
                        .status(),
                "the same report over other dates");
    }

    /** The limits are characters: 60 emoji are 60, and a name at the limit is stored as sent. */
    @Test
    void limitsCountCharactersNotUtf16Units() {
        String sixtyEmoji = "\uD83D\uDE00".repeat(60);
        Response created = Fixtures.admin(stack)
                .post(
                        "/api/employees/",
                        newEmployee(Map.of(
                                "first_name",
                                sixtyEmoji,
                                "department",
                                "\uD83D\uDCC8".repeat(100),
                                "timezone",
                                "America/Argentina/Buenos_Aires")));
        assertEquals(201, created.status(), created::toString);
        assertEquals(sixtyEmoji, created.json().get("first_name").asText());
        assertEquals(
                "America/Argentina/Buenos_Aires", created.json().get("timezone").asText());
    }

    // ---------------------------------------------------------------- helpers

    /** Every item of every table, by table and key: what a refused request must leave exactly as it was. */
    private Map<String, String> everyItem() {
        Map<String, String> items = new TreeMap<>();
        for (String table : List.of("EmployeesTable", "AuthTable", "AuditTable", "TimeTable", "ExportsTable")) {
            stack.dynamoDb()
                    .scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                    .items()
                    .forEach(item -> items.put(
                            table + " " + item.get("pk").s() + " "
                                    + item.get("sk").s(),
                            canonical(item)));
        }
        return items;
    }

    private static String canonical(Map<String, AttributeValue> item) {
        return new TreeMap<>(item).toString();
    }

    private static Map<String, Object> newEmployee(Map<String, Object> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", "bounds." + unique() + "@example.com");
        body.put("first_name", "Bounds");
        body.put("last_name", "Probe");
        body.putAll(overrides);
        return body;
    }

    private static Map<String, Object> adminUser(String username, String email, String password) {
        return Map.of("username", username, "email", email, "password", password, "role", "manager");
    }

    private static Map<String, Object> businessHours(Map<String, Object> overrides) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", "Europe/Vienna");
        body.put("work_days", List.of(1, 2, 3, 4, 5));
        body.put("start_time", "08:00");
        body.put("end_time", "16:30");
        body.putAll(overrides);
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
