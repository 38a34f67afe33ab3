package dev.timetracker.bench;

import dev.timetracker.adapters.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * People who call the API, made the way an operator and an admin make them: the first admin through the one-time
 * bootstrap invocation of AuthFunction, everyone else through the API, and every token through a real login.
 */
final class Callers {
    static final String PASSWORD = "correct horse battery staple";
    /** Tokens live 15 minutes; a caller whose token is older than this logs in again before use. */
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(10);

    /** Someone who logged in (or, without a password, an employee who only exists: token null). */
    record Caller(String subjectId, String employeeId, String login, String token, Instant loggedInAt) {}

    private final BenchStack stack;
    private Caller admin;
    private Caller manager;

    Callers(BenchStack stack) {
        this.stack = stack;
    }

    /** "root", bootstrapped once with the password of events/auth-login.json, so that sample logs in as is. */
    synchronized Caller admin() {
        if (admin == null) {
            var event = Json.object();
            event.putObject("bootstrap_admin")
                    .put("username", "root")
                    .put("email", "root@example.com")
                    .put("password", PASSWORD);
            var result = stack.host().invoke("AuthFunction", event);
            if (!result.path("created").asBoolean()) {
                throw new IllegalStateException("Bootstrap of the first admin failed: " + result);
            }
        }
        if (admin == null || stale(admin)) {
            admin = login("root", PASSWORD, null);
        }
        return admin;
    }

    synchronized Caller manager() {
        if (manager == null) {
            String username = "manager-" + unique();
            adminUser(username, "manager");
            manager = login(username, PASSWORD, null);
        } else if (stale(manager)) {
            manager = login(manager.login(), PASSWORD, null);
        }
        return manager;
    }

    /** A new admin user (role admin or manager) with {@link #PASSWORD}; returns its id. */
    String adminUser(String username, String role) {
        BenchStack.Reply created = stack.send(new BenchStack.Call(
                "POST",
                "/api/auth/admin-users/",
                BenchStack.json(Map.of(
                        "username", username, "email", username + "@example.com", "password", PASSWORD, "role", role)),
                admin().token()));
        expect(201, created, "create admin user " + username);
        return created.json().get("id").asText();
    }

    /** A new employee; with a password they log in (their token is set), without one they only exist. */
    Caller employee(boolean withPassword) {
        String email = "bench." + unique() + "@example.com";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("first_name", "Bench");
        body.put("last_name", "Worker " + unique());
        body.put("department", "Warehouse");
        body.put("timezone", "Europe/Madrid");
        if (withPassword) {
            body.put("password", PASSWORD);
        }
        BenchStack.Reply created =
                stack.send(new BenchStack.Call("POST", "/api/employees/", BenchStack.json(body), admin().token()));
        expect(201, created, "create employee " + email);
        String id = created.json().get("id").asText();
        return withPassword ? login(email, PASSWORD, id) : new Caller(id, id, email, null, null);
    }

    /**
     * Several employees with passwords, logged in, two at a time: each costs two password hashes (~0.2 s each
     * here), and there are two cores.
     */
    List<Caller> employees(int count) {
        admin();
        List<Callable<Caller>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(() -> employee(true));
        }
        return Parallel.all(2, made);
    }

    Caller login(String login, String password, String employeeId) {
        BenchStack.Reply reply = stack.send(new BenchStack.Call(
                "POST", "/api/auth/login/", BenchStack.json(Map.of("username", login, "password", password)), null));
        expect(200, reply, "login of " + login);
        var json = reply.json();
        return new Caller(
                json.at("/user/id").asText(),
                employeeId,
                login,
                json.get("access_token").asText(),
                Instant.now());
    }

    /** The same caller with a token young enough for the next ten minutes. */
    Caller fresh(Caller caller) {
        return stale(caller) ? login(caller.login(), PASSWORD, caller.employeeId()) : caller;
    }

    static void expect(int status, BenchStack.Reply reply, String what) {
        if (reply.status() != status) {
            throw new IllegalStateException(
                    what + ": expected " + status + ", got " + reply.status() + " " + reply.body());
        }
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static boolean stale(Caller caller) {
        return caller.token() != null
                && Instant.now().isAfter(caller.loggedInAt().plus(REFRESH_AFTER));
    }
}
