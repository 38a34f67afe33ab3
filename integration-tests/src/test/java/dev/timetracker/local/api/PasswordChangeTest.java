package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A new password withdraws every token issued with the old one, as a deactivation does: for employees (also
 * where their own punches and status reads check the token, on their punch clock) and for admin users, also
 * when an admin changes their own.
 */
@ExtendWith(LocalAwsExtension.class)
class PasswordChangeTest {
    private static final String NEW_PASSWORD = "a brand new correct horse";

    private TestStack stack;
    private Api admin;
    private String unique;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.admin = Fixtures.admin(stack);
        this.unique = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void anEmployeesNewPasswordWithdrawsTheirTokensEverywhere() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String own = "/api/employees/" + employee.employeeId() + "/";
        assertEquals(200, employee.api().get(own).status());

        Response changed = admin.put(own, Map.of("password", NEW_PASSWORD));
        assertEquals(200, changed.status(), changed::toString);

        assertWithdrawn(employee.api().get(own));
        assertWithdrawn(employee.api().get("/api/timetracking/status/" + employee.employeeId() + "/"));
        assertWithdrawn(employee.api()
                .post("/api/timetracking/punch/", Map.of("employee_id", employee.employeeId(), "action", "punch_in")));
        assertEquals(401, login(employee.login(), Fixtures.PASSWORD).status(), "the old password is gone");
        Fixtures.Caller again = Fixtures.login(stack, employee.login(), NEW_PASSWORD, employee.employeeId());
        assertEquals(200, again.api().get(own).status(), "a fresh login works");
        assertEquals(
                201,
                again.api()
                        .post(
                                "/api/timetracking/punch/",
                                Map.of("employee_id", employee.employeeId(), "action", "punch_in"))
                        .status(),
                "and punches");
    }

    @Test
    void anAdminUsersNewPasswordWithdrawsTheirTokens() {
        String username = "rekeyed-" + unique;
        String id = createAdminUser(username, "manager");
        Fixtures.Caller manager = Fixtures.login(stack, username, Fixtures.PASSWORD, null);
        assertEquals(200, manager.api().get("/api/employees/?limit=1").status());

        assertEquals(
                200,
                admin.put("/api/auth/admin-users/" + id + "/", Map.of("password", NEW_PASSWORD))
                        .status());

        assertWithdrawn(manager.api().get("/api/employees/?limit=1"));
        assertEquals(401, login(username, Fixtures.PASSWORD).status(), "the old password is gone");
        Fixtures.Caller again = Fixtures.login(stack, username, NEW_PASSWORD, null);
        assertEquals(200, again.api().get("/api/employees/?limit=1").status(), "a fresh login works");
    }

    @Test
    void anAdminChangingTheirOwnPasswordWithdrawsEveryTokenOfTheirsIncludingTheOneUsed() {
        String username = "self-rekeyed-" + unique;
        String id = createAdminUser(username, "admin");
        Fixtures.Caller laptop = Fixtures.login(stack, username, Fixtures.PASSWORD, null);
        Fixtures.Caller phone = Fixtures.login(stack, username, Fixtures.PASSWORD, null);

        Response changed = laptop.api().put("/api/auth/admin-users/" + id + "/", Map.of("password", NEW_PASSWORD));
        assertEquals(200, changed.status(), changed::toString);

        assertWithdrawn(laptop.api().get("/api/auth/admin-users/"));
        assertWithdrawn(phone.api().get("/api/auth/admin-users/"));
        Fixtures.Caller again = Fixtures.login(stack, username, NEW_PASSWORD, null);
        assertEquals(200, again.api().get("/api/auth/admin-users/").status(), "a fresh login works");
    }

    private String createAdminUser(String username, String role) {
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
                        role));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private Response login(String username, String password) {
        return new Api(stack).post("/api/auth/login/", Map.of("username", username, "password", password));
    }

    private static void assertWithdrawn(Response response) {
        assertEquals(401, response.status(), "the old token is refused: " + response);
        assertEquals(
                "https://timetracker.dev/problems/unauthenticated",
                response.json().get("type").asText());
    }
}
