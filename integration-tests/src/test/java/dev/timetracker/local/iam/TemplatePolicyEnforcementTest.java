package dev.timetracker.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions act with exactly their template.yaml policies: a copy of the template that lacks one permission
 * the punch function needs makes punching fail, as the deployed stack would — so a policy that drifts from the
 * code fails the suite here instead of in AWS. The same flow on the real template punches.
 */
@EmulatorOnly("IAM is enforced by the emulators only; moto checks no policy")
class TemplatePolicyEnforcementTest {
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void theRealTemplatesPunchFunctionPunches() throws Exception {
        try (TestStack stack = TestStack.startFrom(SamTemplate.load(SamTemplate.locate()))) {
            Response punch = punchAsNewEmployee(stack);
            assertEquals(201, punch.status(), punch::toString);
        }
    }

    @Test
    void withoutUpdateItemOnTheTimeTableThePunchFunctionCannotPunch(@TempDir Path dir) throws Exception {
        String text = Files.readString(SamTemplate.locate());
        int punchFunction = text.indexOf("\n  PunchFunction:\n");
        int nextResource = text.indexOf("\n  StatusFunction:\n", punchFunction);
        String block = text.substring(punchFunction, nextResource);
        String withoutUpdate = block.replaceFirst("\n {16}- dynamodb:UpdateItem", "");
        assertFalse(block.equals(withoutUpdate), "the punch function's policy grants UpdateItem in template.yaml");
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, text.substring(0, punchFunction) + withoutUpdate + text.substring(nextResource));

        try (TestStack stack = TestStack.startFrom(SamTemplate.load(copy))) {
            Response punch = punchAsNewEmployee(stack);
            // DynamoDB's AccessDeniedException is not retryable: the API answers a plain 500 problem, as in AWS.
            assertEquals(500, punch.status(), punch::toString);
            assertEquals("application/problem+json", punch.header("content-type"), punch::toString);
            assertFalse(punch.body().contains("AccessDenied"), "no AWS detail reaches the client");
        }
    }

    /** Bootstraps the first admin, creates an employee with a password, logs them in and punches in. */
    private static Response punchAsNewEmployee(TestStack stack) {
        JsonNode bootstrap = stack.invoke(
                "AuthFunction",
                Json.mapper()
                        .valueToTree(Map.of(
                                "bootstrap_admin",
                                Map.of("username", "root", "email", "root@example.com", "password", PASSWORD))));
        assertTrue(bootstrap.path("created").asBoolean(), bootstrap::toString);
        String admin = login(stack, "root");
        Response created = stack.request(
                "POST",
                "/api/employees/",
                Json.write(Json.object()
                        .put("email", "policy@example.com")
                        .put("first_name", "Policy")
                        .put("last_name", "Check")
                        .put("password", PASSWORD)),
                Map.of("authorization", "Bearer " + admin));
        assertEquals(201, created.status(), created::toString);
        String employee = login(stack, "policy@example.com");
        return stack.request(
                "POST",
                "/api/timetracking/punch/",
                Json.write(Json.object().put("action", "punch_in")),
                Map.of("authorization", "Bearer " + employee));
    }

    private static String login(TestStack stack, String username) {
        Response login = stack.request(
                "POST",
                "/api/auth/login/",
                Json.write(Json.object().put("username", username).put("password", PASSWORD)));
        assertEquals(200, login.status(), login::toString);
        return login.json().get("access_token").asText();
    }
}
