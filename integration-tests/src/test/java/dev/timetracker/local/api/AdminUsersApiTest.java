package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PUT /api/auth/admin-users/{id}/ and the guards around admin users: a change of role withdraws the tokens that
 * carry the old one, nobody deactivates or demotes themselves, and two admins acting against each other at the
 * same moment never leave the organisation without an active admin. The races run on an auth table of their
 * own, where the two racing admins are the only ones.
 */
@ExtendWith(LocalAwsExtension.class)
class AdminUsersApiTest {
    private static final String USERS = "/api/auth/admin-users/";
    private static final String LOGIN = "/api/auth/login/";

    private TestStack stack;
    private Api admin;
    private String unique;
    private TransactionGate gate;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.admin = Fixtures.admin(stack);
        this.unique = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void closeGate() {
        if (gate != null) {
            gate.close();
        }
    }

    // ---------------------------------------------------------------- PUT

    @Test
    void putChangesTheFieldsSentKeepsTheOthersAndRecordsEachChange() {
        JsonNode created = create(admin, "edited-" + unique, "manager").json();
        String id = created.get("id").asText();

        Response promoted =
                admin.put(USERS + id + "/", Map.of("email", "new." + unique + "@example.com", "role", "admin"));
        assertEquals(200, promoted.status(), promoted::toString);
        JsonNode after = promoted.json();
        assertEquals(id, after.get("id").asText());
        assertEquals(created.get("username"), after.get("username"), "not sent, so unchanged");
        assertEquals(created.get("created_at"), after.get("created_at"));
        assertEquals("new." + unique + "@example.com", after.get("email").asText());
        assertEquals("admin", after.get("role").asText());
        assertTrue(after.get("is_active").asBoolean());
        assertEquals(after, listed(admin, id), "the listing shows what the PUT returned");

        Response deactivated = admin.put(USERS + id + "/", Map.of("is_active", false));
        assertEquals(200, deactivated.status(), deactivated::toString);
        assertFalse(deactivated.json().get("is_active").asBoolean());
        Response reactivated = admin.put(USERS + id + "/", Map.of("is_active", true, "username", "renamed-" + unique));
        assertEquals(200, reactivated.status(), reactivated::toString);
        assertTrue(reactivated.json().get("is_active").asBoolean());
        assertEquals("renamed-" + unique, reactivated.json().get("username").asText());

        List<JsonNode> trail = new ArrayList<>();
        admin.get("/api/audit/?entity_type=admin_user&entity_id=" + id)
                .json()
                .get("items")
                .forEach(trail::add);
        assertEquals(
                List.of("update", "deactivate", "update", "create"),
                trail.stream().map(record -> record.get("action").asText()).toList(),
                "one record per change, newest first");
        assertEquals(created, trail.get(2).get("before"));
        assertEquals(after, trail.get(2).get("after"));
    }

    @Test
    void aBadPutIs400ChangesNothingAndAnUnknownIdIs404() {
        String id =
                create(admin, "strict-" + unique, "manager").json().get("id").asText();
        JsonNode before = listed(admin, id);
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("role", "{\"role\":\"employee\"}");
        bodies.put("is_active", "{\"is_active\":\"no\"}");
        bodies.put("password", "{\"password\":\"short\"}");
        bodies.put("username", "{\"username\":\"has space\"}");
        bodies.put("email", "{\"email\":\"not-an-address\"}");
        bodies.put("id", "{\"id\":\"someone-else\"}");
        bodies.forEach((field, body) -> {
            Response refused = admin.put(USERS + id + "/", body);
            assertEquals(400, refused.status(), field + ": " + refused);
            assertEquals(field, refused.json().at("/errors/0/field").asText(), refused::toString);
        });
        assertEquals(before, listed(admin, id), "nothing changed");
        assertEquals(
                404,
                admin.put(USERS + UUID.randomUUID() + "/", Map.of("role", "admin"))
                        .status());
    }

    @Test
    void aNewRoleWithdrawsTheTokensThatCarryTheOldOne() {
        String username = "promoted-" + unique;
        String id = create(admin, username, "manager").json().get("id").asText();
        Fixtures.Caller asManager = Fixtures.login(stack, username, Fixtures.PASSWORD, null);
        assertEquals(403, asManager.api().get(USERS).status(), "a manager's token");

        assertEquals(200, admin.put(USERS + id + "/", Map.of("role", "admin")).status());
        assertEquals(401, asManager.api().get("/api/employees/?limit=1").status(), "the manager's token is withdrawn");
        Fixtures.Caller asAdmin = Fixtures.login(stack, username, Fixtures.PASSWORD, null);
        assertEquals(200, asAdmin.api().get(USERS).status(), "a fresh login carries the new role");
    }

    // ---------------------------------------------------------------- the last admin

    @Test
    void nobodyDeactivatesOrDemotesThemselvesSoTheOnlyAdminStaysOne() {
        AuthHandler auth = isolatedAuth();
        Api solo = bootstrapAndLogin(auth, "solo-" + unique);
        stack.awaitIndexes();
        String soloId = solo.get(USERS).json().at("/items/0/id").asText();

        assertConflict(solo.delete(USERS + soloId + "/"), "self-deactivation");
        assertConflict(solo.put(USERS + soloId + "/", Map.of("is_active", false)), "self-deactivation");
        assertConflict(solo.put(USERS + soloId + "/", Map.of("role", "manager")), "self-demotion");

        JsonNode self = listed(solo, soloId);
        assertEquals("admin", self.get("role").asText(), self::toString);
        assertTrue(self.get("is_active").asBoolean(), self::toString);
        Response ownEmail = solo.put(USERS + soloId + "/", Map.of("email", "solo." + unique + "@example.com"));
        assertEquals(200, ownEmail.status(), "other changes of their own are fine: " + ownEmail);
    }

    @Test
    void twoAdminsDeactivatingEachOtherAtOnceLeaveOneOfThemActive() {
        raceTwoAdmins((api, otherId) -> api.delete(USERS + otherId + "/"), 204);
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneOfThemAnAdmin() {
        raceTwoAdmins((api, otherId) -> api.put(USERS + otherId + "/", Map.of("role", "manager")), 200);
    }

    @FunctionalInterface
    private interface Move {
        Response against(Api caller, String otherId);
    }

    /**
     * Two admins, the only ones, each act against the other at the same moment; the transaction gate makes both
     * requests pass their token check and read before either writes. One must win; the other finds its own
     * account changed and is refused, so an active admin remains.
     */
    private void raceTwoAdmins(Move move, int winnerStatus) {
        AuthHandler auth = isolatedAuth();
        Api first = bootstrapAndLogin(auth, "first-" + unique);
        stack.awaitIndexes();
        String firstId = first.get(USERS).json().at("/items/0/id").asText();
        String secondName = "second-" + unique;
        String secondId = create(first, secondName, "admin").json().get("id").asText();
        Api second = login(auth, secondName);

        List<Response> answers = gate.race(() -> move.against(first, secondId), () -> move.against(second, firstId));

        List<Integer> statuses = answers.stream().map(Response::status).toList();
        assertTrue(
                statuses.equals(List.of(winnerStatus, 401)) || statuses.equals(List.of(401, winnerStatus)),
                "exactly one wins, the other's caller is gone: " + answers);
        int winnerIndex = statuses.indexOf(winnerStatus);
        Api winner = winnerIndex == 0 ? first : second;
        Response loser = answers.get(1 - winnerIndex);
        assertEquals(
                "https://timetracker.dev/problems/unauthenticated",
                loser.json().get("type").asText(),
                loser::toString);
        List<JsonNode> admins = new ArrayList<>();
        stack.awaitIndexes();
        Response listing = winner.get(USERS);
        assertEquals(200, listing.status(), "the winner is still an active admin: " + listing);
        listing.json().get("items").forEach(user -> {
            if (user.get("is_active").asBoolean() && user.get("role").asText().equals("admin")) {
                admins.add(user);
            }
        });
        assertEquals(1, admins.size(), "exactly one active admin remains: " + listing.body());
    }

    // ---------------------------------------------------------------- helpers

    /** An auth function on a fresh auth table (admin users, sessions, throttles of its own), on a gated client. */
    private AuthHandler isolatedAuth() {
        gate = new TransactionGate(stack);
        Deployment deployment = gate.deployment("AuthFunction");
        return new AuthHandler(AuthHandler.Config.of(
                        deployment.withTables(deployment.tables().withAuth(stack.freshTable("AuthTable"))))
                .withSigningKey(Fixtures.signingKey(stack)));
    }

    private Api bootstrapAndLogin(AuthHandler auth, String username) {
        var function = stack.template().functions().stream()
                .filter(f -> f.logicalId().equals("AuthFunction"))
                .findFirst()
                .orElseThrow();
        JsonNode result = FunctionHost.invoke(
                auth,
                function,
                Json.mapper()
                        .valueToTree(Map.of(
                                "bootstrap_admin",
                                Map.of(
                                        "username",
                                        username,
                                        "email",
                                        username + "@example.com",
                                        "password",
                                        Fixtures.PASSWORD))));
        assertTrue(result.path("created").asBoolean(), result::toString);
        return login(auth, username);
    }

    private Api login(AuthHandler auth, String username) {
        Response response =
                new Api(stack).via(auth).post(LOGIN, Map.of("username", username, "password", Fixtures.PASSWORD));
        assertEquals(200, response.status(), response::toString);
        return new Api(stack)
                .via(auth)
                .withHeaders(Map.of(
                        "authorization",
                        "Bearer " + response.json().get("access_token").asText()));
    }

    private static Response create(Api api, String username, String role) {
        Response created = api.post(
                USERS,
                Map.of(
                        "username",
                        username,
                        "email",
                        username + "@example.com",
                        "password",
                        Fixtures.PASSWORD,
                        "role",
                        role));
        assertEquals(201, created.status(), created::toString);
        return created;
    }

    /** After the listing index has caught up, as a client polling the list would see it. */
    private JsonNode listed(Api api, String id) {
        stack.awaitIndexes();
        String cursor = null;
        do {
            Response page = api.get(USERS + "?limit=200" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            for (JsonNode user : page.json().get("items")) {
                if (user.get("id").asText().equals(id)) {
                    return user;
                }
            }
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
        } while (cursor != null);
        throw new AssertionError("Admin user " + id + " is not listed");
    }

    private static void assertConflict(Response response, String slug) {
        assertEquals(409, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        assertEquals(
                "https://timetracker.dev/problems/" + slug,
                response.json().get("type").asText(),
                response::toString);
    }
}
