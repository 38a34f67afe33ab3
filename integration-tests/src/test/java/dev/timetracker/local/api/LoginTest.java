package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * POST /api/auth/login/: who can log in and what they get, what a failure reveals (nothing), brute-force
 * lockout per login name and per source address and their expiry, and the work an unknown login name costs against
 * a known one. Every login hashes a password (PBKDF2, at the test stacks' work factor: TestStack.PARAMETERS). Each test
 * sends from a client address of its own, so that failures counted per address in one test never lock another.
 */
@ExtendWith(LocalAwsExtension.class)
class LoginTest {
    private static final String LOGIN = "/api/auth/login/";
    private static final String WRONG = "wrong password, wrong!";

    private TestStack stack;
    private Api anonymous;
    private Api admin;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.anonymous = new Api(stack).from(anAddress());
        this.admin = Fixtures.admin(stack);
    }

    // ---------------------------------------------------------------- successful logins

    @Test
    void anAdminLogsInWithTheirUsernameAndGetsExactlyTheContractFields() throws Exception {
        Fixtures.Caller root = Fixtures.adminCaller(stack);
        Response response = login("root", Fixtures.PASSWORD);
        JsonNode body = assertLoggedIn(response, root.subjectId(), "root", "admin", null);
        Api withToken = bearer(body);
        assertEquals(200, withToken.get("/api/auth/admin-users/").status(), "the token works on an admin route");
    }

    @Test
    void aManagerLogsInWithTheirUsername() throws Exception {
        Fixtures.Caller manager = Fixtures.managerCaller(stack);
        Response response = login(manager.login(), Fixtures.PASSWORD);
        JsonNode body = assertLoggedIn(response, manager.subjectId(), manager.login(), "manager", null);
        Api withToken = bearer(body);
        assertEquals(200, withToken.get("/api/employees/?limit=1").status(), "the token works on a manager route");
        assertEquals(403, withToken.get("/api/auth/admin-users/").status(), "and is a manager's, not an admin's");
    }

    @Test
    void anEmployeeLogsInWithTheirEmailInAnyCase() throws Exception {
        String email = "Login.Case." + unique() + "@Example.com";
        String id = createEmployee(email, Fixtures.PASSWORD);
        Response response = login(email.toUpperCase(Locale.ROOT), Fixtures.PASSWORD);
        JsonNode body = assertLoggedIn(response, id, email, "employee", id);
        Api withToken = bearer(body);
        assertEquals(200, withToken.get("/api/employees/" + id + "/").status(), "the token works on their own record");
        assertEquals(403, withToken.get("/api/employees/").status(), "and is an employee's");
    }

    // ---------------------------------------------------------------- failures reveal nothing

    @Test
    void everyKindOfFailedLoginGetsTheSame401() {
        String known = "known." + unique() + "@example.com";
        createEmployee(known, Fixtures.PASSWORD);
        String withoutPassword = "nopass." + unique() + "@example.com";
        createEmployee(withoutPassword, null);
        String inactive = "inactive." + unique() + "@example.com";
        String inactiveId = createEmployee(inactive, Fixtures.PASSWORD);
        assertEquals(204, admin.delete("/api/employees/" + inactiveId + "/").status());
        // A throw-away admin user: failures against the shared "root" would count towards its lockout.
        String adminName = "admin-" + unique();
        assertEquals(
                201,
                admin.post(
                                "/api/auth/admin-users/",
                                Map.of(
                                        "username",
                                        adminName,
                                        "email",
                                        adminName + "@example.com",
                                        "password",
                                        Fixtures.PASSWORD,
                                        "role",
                                        "admin"))
                        .status());

        Map<String, Response> failures = new LinkedHashMap<>();
        failures.put("wrong password", login(known, WRONG));
        failures.put("unknown user", login("nobody." + unique() + "@example.com", Fixtures.PASSWORD));
        failures.put("unknown username", login("ghost-" + unique(), Fixtures.PASSWORD));
        failures.put("admin with a wrong password", login(adminName, WRONG));
        failures.put("employee without a password", login(withoutPassword, Fixtures.PASSWORD));
        failures.put("inactive employee, right password", login(inactive, Fixtures.PASSWORD));

        Response reference = failures.get("wrong password");
        assertEquals(401, reference.status(), reference::toString);
        assertEquals("application/problem+json", reference.header("content-type"));
        assertEquals(
                "https://timetracker.dev/problems/unauthenticated",
                reference.json().get("type").asText(),
                reference::toString);
        failures.forEach((kind, response) -> {
            assertEquals(401, response.status(), kind + ": " + response);
            assertEquals(reference.body(), response.body(), kind + " must look exactly like a wrong password");
            assertEquals(reference.headers(), response.headers(), kind + " must send the same headers");
        });
    }

    @Test
    void malformedLoginRequestsAre400() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("empty object", "{}");
        bodies.put("no password", "{\"username\":\"root\"}");
        bodies.put("no username", "{\"password\":\"" + Fixtures.PASSWORD + "\"}");
        bodies.put("empty username", "{\"username\":\"\",\"password\":\"" + Fixtures.PASSWORD + "\"}");
        bodies.put("empty password", "{\"username\":\"root\",\"password\":\"\"}");
        bodies.put("username not a string", "{\"username\":42,\"password\":\"" + Fixtures.PASSWORD + "\"}");
        bodies.put("password not a string", "{\"username\":\"root\",\"password\":true}");
        bodies.put("password null", "{\"username\":\"root\",\"password\":null}");
        bodies.put("username an object", "{\"username\":{\"$ne\":null},\"password\":\"" + Fixtures.PASSWORD + "\"}");
        bodies.put(
                "unknown field",
                "{\"username\":\"root\",\"password\":\"" + Fixtures.PASSWORD + "\",\"role\":\"admin\"}");
        bodies.put("malformed JSON", "{\"username\":\"root\",\"password\":");
        bodies.put("trailing garbage", "{\"username\":\"root\",\"password\":\"" + Fixtures.PASSWORD + "\"} x");
        bodies.put(
                "duplicate key",
                "{\"username\":\"x\",\"username\":\"root\",\"password\":\"" + Fixtures.PASSWORD + "\"}");
        bodies.put("an array", "[\"root\",\"" + Fixtures.PASSWORD + "\"]");
        bodies.put("JSON null", "null");
        bodies.forEach((kind, body) -> {
            Response response = anonymous.post(LOGIN, body);
            assertEquals(400, response.status(), kind + ": " + response);
            assertEquals("application/problem+json", response.header("content-type"), kind);
            assertTrue(response.json().get("errors").size() > 0, kind + " names the fields at fault");
        });
        Response unknown = anonymous.post(LOGIN, bodies.get("unknown field"));
        assertEquals(Set.of("role"), fields(unknown), "the unknown field is named");
        Response noBody = anonymous.send("POST", LOGIN, null);
        assertEquals(400, noBody.status(), noBody::toString);
        Set<String> both = fields(anonymous.post(LOGIN, "{}"));
        assertEquals(Set.of("username", "password"), both, "every missing field is named");
    }

    // ---------------------------------------------------------------- brute force

    @Test
    void fiveFailuresLockTheLoginNameEvenForTheRightPasswordAndOnlyThatName() {
        String target = "locked." + unique() + "@example.com";
        createEmployee(target, Fixtures.PASSWORD);
        String bystander = "bystander." + unique() + "@example.com";
        createEmployee(bystander, Fixtures.PASSWORD);

        assertEquals(List.of(401, 401, 401, 401, 401), failInParallel(anonymous, target, 5));
        Response locked = login(target, Fixtures.PASSWORD);
        assertThrottled(locked, 900);
        assertThrottled(login(target.toUpperCase(Locale.ROOT), Fixtures.PASSWORD), 900);

        assertEquals(200, login(bystander, Fixtures.PASSWORD).status(), "another login name is unaffected");
    }

    @Test
    void aBurstOfConcurrentGuessesGetsNoMoreThanFiveTries() throws Exception {
        String email = "burst." + unique() + "@example.com";
        createEmployee(email, Fixtures.PASSWORD);
        int burst = 10;
        List<Integer> statuses = failInParallel(anonymous, email, burst);
        // Attempts that run side by side must not all pass the lockout check before any failure is counted.
        assertEquals(5, statuses.stream().filter(s -> s == 401).count(), statuses::toString);
        assertEquals(burst - 5, statuses.stream().filter(s -> s == 429).count(), statuses::toString);
        assertThrottled(login(email, Fixtures.PASSWORD), 900);
    }

    @Test
    void aSuccessfulLoginBeforeTheFifthFailureResetsTheCount() {
        String email = "reset." + unique() + "@example.com";
        createEmployee(email, Fixtures.PASSWORD);
        for (int round = 1; round <= 2; round++) {
            assertEquals(List.of(401, 401, 401, 401), failInParallel(anonymous, email, 4), "round " + round);
            // Without the reset, the second round's failures would make eight, and these logins a 429.
            Response ok = login(email, Fixtures.PASSWORD);
            assertEquals(200, ok.status(), "round " + round + ": " + ok);
        }
    }

    @Test
    void theLockoutEndsWhenItsFifteenMinutesHavePassed() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        AuthHandler handler = new AuthHandler(
                AuthHandler.Config.of(stack.deployment("AuthFunction").withClock(clock))
                        .withSigningKey(Fixtures.signingKey(stack)));
        Api timed = anonymous.via(handler);
        String email = "expiry." + unique() + "@example.com";
        createEmployee(email, Fixtures.PASSWORD);
        Map<String, String> right = Map.of("username", email, "password", Fixtures.PASSWORD);

        assertEquals(List.of(401, 401, 401, 401, 401), failInParallel(timed, email, 5));
        assertEquals(900, assertThrottled(timed.post(LOGIN, right), 900), "locked for the whole window");

        clock.advance(Duration.ofMinutes(14));
        assertEquals(60, assertThrottled(timed.post(LOGIN, right), 900), "one minute left");

        clock.advance(Duration.ofSeconds(59));
        assertEquals(1, assertThrottled(timed.post(LOGIN, right), 900), "one second left");

        clock.advance(Duration.ofSeconds(2));
        Response again = timed.post(LOGIN, right);
        assertEquals(200, again.status(), "the window has passed: " + again);
        assertEquals("employee", again.json().at("/user/role").asText());
        JWTClaimsSet claims =
                SignedJWT.parse(again.json().get("access_token").asText()).getJWTClaimsSet();
        assertEquals(clock.instant(), claims.getIssueTime().toInstant(), "issued by the handler with the moved clock");
    }

    @Test
    void fiftyFailuresFromOneAddressLockItForEveryNameButNoOtherAddressUntilTheWindowHasPassed() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        AuthHandler handler = new AuthHandler(
                AuthHandler.Config.of(stack.deployment("AuthFunction").withClock(clock))
                        .withSigningKey(Fixtures.signingKey(stack)));
        Api office = anonymous.via(handler);
        Api elsewhere = new Api(stack).from(anAddress()).via(handler);
        String email = "office." + unique() + "@example.com";
        createEmployee(email, Fixtures.PASSWORD);
        Map<String, String> right = Map.of("username", email, "password", Fixtures.PASSWORD);

        // Guesses spread over made-up names, none failing twice: the per-name lockout never sees them.
        assertEquals(Collections.nCopies(49, 401), guessNames(office, 49));
        Response colleague = office.post(LOGIN, right);
        assertEquals(200, colleague.status(), "a successful login does not use up the address's budget: " + colleague);
        assertEquals(List.of(401), guessNames(office, 1), "the fiftieth failure");

        assertEquals(
                900,
                assertThrottled(office.post(LOGIN, Map.of("username", "ghost-" + unique(), "password", WRONG)), 900),
                "locked for the whole window");
        assertThrottled(office.post(LOGIN, right), 900);
        assertEquals(200, elsewhere.post(LOGIN, right).status(), "the same login from another address works");
        assertEquals(
                401,
                elsewhere
                        .post(LOGIN, Map.of("username", "ghost-" + unique(), "password", WRONG))
                        .status(),
                "and another address's failures are its own");

        clock.advance(Duration.ofMinutes(14));
        assertEquals(60, assertThrottled(office.post(LOGIN, right), 900), "one minute left");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(200, office.post(LOGIN, right).status(), "the window has passed");
    }

    // ---------------------------------------------------------------- the same work for every name

    /**
     * A login's cost does not tell which names exist: a wrong password for an unknown name derives a key from a
     * decoy at the deployment's work factor, as one for a known name derives from its stored hash. Counted in PBKDF2
     * iterations, which a busy machine cannot blur as it would a timer.
     */
    @Test
    void unknownAndKnownLoginNamesDeriveTheSameWork() {
        int workFactor = Integer.parseInt(
                stack.deployment("AuthFunction").environment().required(Pbkdf2PasswordHasher.ITERATIONS_VARIABLE));
        String known = "work." + unique() + "@example.com";
        createEmployee(known, Fixtures.PASSWORD); // hashed by the API, at the deployment's work factor

        long unknownName = iterationsOf(() -> login("unknown." + unique() + "@example.com", WRONG));
        long knownName = iterationsOf(() -> login(known, WRONG));
        long unknownUsername = iterationsOf(() -> login("ghost-" + unique(), WRONG));

        assertEquals(workFactor, knownName, "a wrong password for a known name derives one key");
        assertEquals(knownName, unknownName, "an unknown email derives as much");
        assertEquals(knownName, unknownUsername, "an unknown username derives as much");
    }

    /** PBKDF2 iterations run in this JVM (every function of the stack runs here) while the login is answered 401. */
    private static long iterationsOf(Supplier<Response> login) {
        long before = Pbkdf2PasswordHasher.iterationsRun();
        Response response = login.get();
        long run = Pbkdf2PasswordHasher.iterationsRun() - before;
        assertEquals(401, response.status(), response::toString);
        return run;
    }

    // ---------------------------------------------------------------- helpers

    /** Wrong-password logins for one name, all at once (PBKDF2 keeps a core busy, so this uses them all). */
    private static List<Integer> failInParallel(Api api, String username, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String guess = WRONG + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return api.post(LOGIN, Map.of("username", username, "password", guess))
                            .status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            Collections.sort(statuses);
            return statuses;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Wrong logins for made-up names, each name once, a few at a time; the statuses in order of sending. */
    private static List<Integer> guessNames(Api api, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                results.add(pool.submit(() -> api.post(
                                LOGIN, Map.of("username", "guess-" + unique() + "@example.com", "password", WRONG))
                        .status()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A client address no other test uses (from 10.0.0.0/8). */
    private static String anAddress() {
        var random = java.util.concurrent.ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private Response login(String username, String password) {
        return anonymous.post(LOGIN, Map.of("username", username, "password", password));
    }

    /** Creates an employee through the API (with a password when one is given) and returns the id. */
    private String createEmployee(String email, String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("first_name", "Login");
        body.put("last_name", "Test " + unique());
        if (password != null) {
            body.put("password", password);
        }
        Response created = admin.post("/api/employees/", body);
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private JsonNode assertLoggedIn(Response response, String id, String username, String role, String employeeId)
            throws Exception {
        assertEquals(200, response.status(), response::toString);
        assertEquals("application/json", response.header("content-type"));
        assertEquals("no-store", response.header("cache-control"), "a token must not be cached");
        JsonNode body = response.json();
        assertEquals(Set.of("access_token", "token_type", "expires_in", "user"), names(body));
        assertEquals("Bearer", body.get("token_type").asText());
        assertTrue(body.get("expires_in").isIntegralNumber());
        assertEquals(900, body.get("expires_in").asInt());
        JsonNode user = body.get("user");
        assertEquals(Set.of("id", "username", "role", "employee_id"), names(user));
        assertEquals(id, user.get("id").asText());
        assertEquals(username, user.get("username").asText());
        assertEquals(role, user.get("role").asText());
        if (employeeId == null) {
            assertTrue(user.get("employee_id").isNull(), user::toString);
        } else {
            assertEquals(employeeId, user.get("employee_id").asText());
        }
        JWTClaimsSet claims = SignedJWT.parse(body.get("access_token").asText()).getJWTClaimsSet();
        assertEquals(id, claims.getSubject());
        assertEquals(
                900,
                Duration.between(
                                claims.getIssueTime().toInstant(),
                                claims.getExpirationTime().toInstant())
                        .getSeconds(),
                "expires_in says how long the token lives");
        return body;
    }

    /** @return the Retry-After seconds */
    private static long assertThrottled(Response response, long maxSeconds) {
        assertEquals(429, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        assertEquals(
                "https://timetracker.dev/problems/too-many-requests",
                response.json().get("type").asText());
        assertEquals(429, response.json().get("status").asInt());
        String retryAfter = response.header("retry-after");
        assertTrue(retryAfter != null && retryAfter.matches("\\d+"), "Retry-After is integer seconds: " + retryAfter);
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 0 && seconds <= maxSeconds, "Retry-After " + seconds);
        return seconds;
    }

    private Api bearer(JsonNode loginBody) {
        return new Api(stack)
                .withHeaders(Map.of(
                        "authorization",
                        "Bearer " + loginBody.get("access_token").asText()));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> fields(Response problem) {
        Set<String> fields = new HashSet<>();
        problem.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
