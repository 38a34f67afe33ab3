package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Logged-in callers for the report tests, in the shared tables of the stack (tokens are checked against the
 * shared auth table, which every handler built on fresh tables still uses). The first admin is bootstrapped
 * exactly as the api package's fixtures do it (same user, same password), whichever test class runs first.
 */
final class Callers {
    static final String PASSWORD = "correct horse battery staple";
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);
    /** Per stack: a class with a stack of its own (OwnStack) logs in there too. */
    private static final Map<TestStack, Map<String, Caller>> CACHE = new WeakHashMap<>();

    record Caller(String subjectId, String employeeId, String login, Api api, Instant loggedInAt) {}

    private Callers() {}

    private static Map<String, Caller> callers(TestStack stack) {
        return CACHE.computeIfAbsent(stack, started -> new HashMap<>());
    }

    static synchronized Api admin(TestStack stack) {
        Caller admin = callers(stack).get("admin");
        if (admin == null || stale(admin)) {
            JsonNode result = stack.invoke(
                    "AuthFunction",
                    Json.mapper()
                            .valueToTree(Map.of(
                                    "bootstrap_admin",
                                    Map.of("username", "root", "email", "root@example.com", "password", PASSWORD))));
            if (!result.path("created").asBoolean()
                    && !result.path("error").asText().contains("exists already")) {
                throw new AssertionError("Bootstrap failed: " + result);
            }
            admin = login(stack, "root", null);
            callers(stack).put("admin", admin);
        }
        return admin.api();
    }

    static synchronized Api manager(TestStack stack) {
        Caller manager = callers(stack).get("manager");
        if (manager == null || stale(manager)) {
            String username = manager == null
                    ? "rpt-manager-" + UUID.randomUUID().toString().substring(0, 8)
                    : manager.login();
            if (manager == null) {
                Response created = admin(stack)
                        .post(
                                "/api/auth/admin-users/",
                                Map.of(
                                        "username",
                                        username,
                                        "email",
                                        username + "@example.com",
                                        "password",
                                        PASSWORD,
                                        "role",
                                        "manager"));
                assertEquals(201, created.status(), created::toString);
            }
            manager = login(stack, username, null);
            callers(stack).put("manager", manager);
        }
        return manager.api();
    }

    /** An employee (in the shared employees table) with a password, logged in. */
    static synchronized Api employee(TestStack stack) {
        Caller employee = callers(stack).get("employee");
        if (employee == null || stale(employee)) {
            String email = employee == null
                    ? "rpt.worker." + UUID.randomUUID().toString().substring(0, 8) + "@example.com"
                    : employee.login();
            String id = employee == null ? null : employee.employeeId();
            if (employee == null) {
                Response created = admin(stack)
                        .post(
                                "/api/employees/",
                                Map.of(
                                        "email",
                                        email,
                                        "first_name",
                                        "Report",
                                        "last_name",
                                        "Worker",
                                        "password",
                                        PASSWORD));
                assertEquals(201, created.status(), created::toString);
                id = created.json().get("id").asText();
            }
            employee = login(stack, email, id);
            callers(stack).put("employee", employee);
        }
        return employee.api();
    }

    static Api anonymous(TestStack stack) {
        return new Api(stack);
    }

    private static Caller login(TestStack stack, String login, String employeeId) {
        Response response = new Api(stack).post("/api/auth/login/", Map.of("username", login, "password", PASSWORD));
        assertEquals(200, response.status(), response::toString);
        String token = response.json().get("access_token").asText();
        return new Caller(
                response.json().at("/user/id").asText(),
                employeeId,
                login,
                new Api(stack).withHeaders(Map.of("authorization", "Bearer " + token)),
                Instant.now());
    }

    private static boolean stale(Caller caller) {
        return Instant.now().isAfter(caller.loggedInAt().plus(REFRESH_AFTER));
    }
}
