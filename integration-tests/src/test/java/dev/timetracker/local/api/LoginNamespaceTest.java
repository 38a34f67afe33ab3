package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admin usernames and employee emails are one namespace of login names: a name taken by either kind of account,
 * in any case, is refused to the other with 409, on create and on change, so every account can still log in.
 */
@ExtendWith(LocalAwsExtension.class)
class LoginNamespaceTest {
    private static final String USERS = "/api/auth/admin-users/";
    private static final String EMPLOYEES = "/api/employees/";

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
    void anAdminUsernameEqualToAnEmployeesEmailIs409() {
        String email = "Shared." + unique + "@Example.com";
        createEmployee(email);
        Response clash = admin.post(USERS, adminUser(email.toLowerCase(Locale.ROOT), "manager"));
        assertTaken(clash, "username-taken");
        assertLogsInAs(email, "employee");
    }

    @Test
    void anEmployeeEmailEqualToAnAdminUsernameIs409() {
        String username = "boss." + unique + "@example.com";
        assertEquals(201, admin.post(USERS, adminUser(username, "manager")).status());
        Response clash = admin.post(EMPLOYEES, employee(username.toUpperCase(Locale.ROOT)));
        assertTaken(clash, "email-taken");
        assertLogsInAs(username, "manager");
    }

    @Test
    void changingAnEmailOrAUsernameIntoAnotherAccountsLoginNameIs409AndAFreedNameCanBeTaken() {
        String employeeEmail = "worker." + unique + "@example.com";
        createEmployee(employeeEmail);
        String managerName = "lead." + unique + "@example.com";
        assertEquals(201, admin.post(USERS, adminUser(managerName, "manager")).status());

        String otherEmployee = createEmployee("other." + unique + "@example.com");
        assertTaken(admin.put(EMPLOYEES + otherEmployee + "/", Map.of("email", managerName)), "email-taken");
        String otherManagerName = "other-lead." + unique + "@example.com";
        String otherManager = admin.post(USERS, adminUser(otherManagerName, "manager"))
                .json()
                .get("id")
                .asText();
        assertTaken(
                admin.put(USERS + otherManager + "/", Map.of("username", employeeEmail.toUpperCase(Locale.ROOT))),
                "username-taken");
        assertLogsInAs(employeeEmail, "employee");
        assertLogsInAs(managerName, "manager");
        assertLogsInAs(otherManagerName, "manager");

        // A rename releases the old name: an employee may then take it, and logs in with it.
        assertEquals(
                200,
                admin.put(USERS + otherManager + "/", Map.of("username", "renamed-" + unique))
                        .status());
        assertEquals(
                200,
                admin.put(EMPLOYEES + otherEmployee + "/", Map.of("email", otherManagerName))
                        .status());
        assertLogsInAs(otherManagerName, "employee");
        assertLogsInAs("renamed-" + unique, "manager");
    }

    @Test
    void anAdminUserAndAnEmployeeClaimingOneNameAtOnceGetOne201AndOne409() {
        try (TransactionGate gate = new TransactionGate(stack)) {
            Api auth = admin.via(new AuthHandler(
                    AuthHandler.Config.of(gate.deployment("AuthFunction")).withSigningKey(Fixtures.signingKey(stack))));
            Api employees = admin.via(new EmployeesHandler(gate.deployment("EmployeesFunction")));
            String name = "race." + unique + "@example.com";
            List<Response> answers = gate.race(
                    () -> auth.post(USERS, adminUser(name, "manager")),
                    () -> employees.post(EMPLOYEES, employee(name)));
            List<Integer> statuses =
                    answers.stream().map(Response::status).sorted().toList();
            assertEquals(List.of(201, 409), statuses, answers::toString);
            assertLogsInAs(name, answers.get(0).status() == 201 ? "manager" : "employee");
        }
    }

    // ---------------------------------------------------------------- helpers

    private String createEmployee(String email) {
        Response created = admin.post(EMPLOYEES, employee(email));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private static Map<String, Object> employee(String email) {
        return Map.of("email", email, "first_name", "Name", "last_name", "Space", "password", Fixtures.PASSWORD);
    }

    private Map<String, Object> adminUser(String username, String role) {
        return Map.of(
                "username",
                username,
                "email",
                "contact." + unique + "@example.com",
                "password",
                Fixtures.PASSWORD,
                "role",
                role);
    }

    private void assertLogsInAs(String login, String role) {
        Response response =
                new Api(stack).post("/api/auth/login/", Map.of("username", login, "password", Fixtures.PASSWORD));
        assertEquals(200, response.status(), login + ": " + response);
        assertEquals(role, response.json().at("/user/role").asText(), response::toString);
    }

    private static void assertTaken(Response response, String slug) {
        assertEquals(409, response.status(), response::toString);
        assertEquals(
                "https://timetracker.dev/problems/" + slug,
                response.json().get("type").asText(),
                response::toString);
    }
}
