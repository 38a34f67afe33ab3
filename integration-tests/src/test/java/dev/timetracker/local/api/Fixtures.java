package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

/**
 * Callers in each role, for a whole test run: the first admin is bootstrapped once (as an operator would),
 * then logs in for real; managers and employees are created through the API and log in too.
 */
final class Fixtures {
    static final String PASSWORD = "correct horse battery staple";
    /** Tokens live 15 minutes; a long test run logs in again before that. */
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    /** Per stack: a class with a stack of its own (OwnStack) logs in there too. */
    private static final Map<TestStack, Map<String, Caller>> CALLERS = new WeakHashMap<>();

    /** Someone logged in: their ids and a client that sends their token. */
    record Caller(String subjectId, String employeeId, String login, String token, Api api, Instant loggedInAt) {}

    private Fixtures() {}

    /** A correction request's body that adds one shift, punch_in to punch_out (ISO instants), on {@code workDate}. */
    static Map<String, Object> shiftAdded(String workDate, String reason, String punchIn, String punchOut) {
        return Map.of(
                "work_date",
                workDate,
                "reason",
                reason,
                "changes",
                List.of(
                        Map.of("op", "add", "action", "punch_in", "timestamp", punchIn),
                        Map.of("op", "add", "action", "punch_out", "timestamp", punchOut)));
    }

    private static Map<String, Caller> callers(TestStack stack) {
        return CALLERS.computeIfAbsent(stack, started -> new HashMap<>());
    }

    static synchronized Caller adminCaller(TestStack stack) {
        Caller admin = callers(stack).get("admin");
        if (admin == null || stale(admin)) {
            if (admin == null) {
                JsonNode result = stack.invoke(
                        "AuthFunction",
                        Json.mapper()
                                .valueToTree(Map.of(
                                        "bootstrap_admin",
                                        Map.of(
                                                "username",
                                                "root",
                                                "email",
                                                "root@example.com",
                                                "password",
                                                PASSWORD))));
                if (!result.path("created").asBoolean()
                        && !result.path("error").asText().contains("exists already")) {
                    throw new AssertionError("Bootstrap failed: " + result);
                }
            }
            admin = login(stack, "root", PASSWORD, null);
            callers(stack).put("admin", admin);
        }
        return admin;
    }

    /** The auth function's private signing key as the stack put it into Secrets Manager (tests that forge or sign tokens). */
    static com.nimbusds.jose.jwk.ECKey signingKey(TestStack stack) {
        try {
            return com.nimbusds.jose.jwk.ECKey.parse(stack.aws().initialSecret("TOKEN_SIGNING_KEY"));
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    static Api admin(TestStack stack) {
        return adminCaller(stack).api();
    }

    static synchronized Caller managerCaller(TestStack stack) {
        Caller manager = callers(stack).get("manager");
        if (manager == null || stale(manager)) {
            String username =
                    manager == null ? "manager-" + UUID.randomUUID().toString().substring(0, 8) : manager.login();
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
            manager = login(stack, username, PASSWORD, null);
            callers(stack).put("manager", manager);
        }
        return manager;
    }

    static Api manager(TestStack stack) {
        return managerCaller(stack).api();
    }

    /**
     * A new employee with a password, logged in. The employee is created through the API; the password is then
     * stored as a hash of few iterations (see {@link FixturePasswords}), so that the login, which derives as many
     * iterations as the stored hash names, costs a fraction of a real one. Tests of setting a password send one.
     */
    static Caller newEmployee(TestStack stack, Map<String, Object> extraFields) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", "worker." + unique + "@example.com");
        body.put("first_name", "Worker");
        body.put("last_name", unique);
        body.putAll(extraFields);
        Response created = admin(stack).post("/api/employees/", body);
        assertEquals(201, created.status(), created::toString);
        String id = created.json().get("id").asText();
        FixturePasswords.store(stack, id);
        return login(stack, body.get("email").toString(), PASSWORD, id);
    }

    static Caller newEmployee(TestStack stack) {
        return newEmployee(stack, Map.of());
    }

    static Caller login(TestStack stack, String login, String password, String employeeId) {
        Response response = new Api(stack).post("/api/auth/login/", Map.of("username", login, "password", password));
        assertEquals(200, response.status(), response::toString);
        String token = response.json().get("access_token").asText();
        return new Caller(
                response.json().at("/user/id").asText(),
                employeeId,
                login,
                token,
                new Api(stack).withHeaders(Map.of("authorization", "Bearer " + token)),
                Instant.now());
    }

    private static boolean stale(Caller caller) {
        return Instant.now().isAfter(caller.loggedInAt().plus(REFRESH_AFTER));
    }
}
