package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each function sees only its own template environment merged over Globals, as SAM deploys it
 * (https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html:
 * a function's Environment.Variables are merged with the global ones, the function's winning), never the union
 * of all functions' — so a variable missing from one function's block fails here as it would in AWS.
 */
@ExtendWith(LocalAwsExtension.class)
class FunctionEnvironmentTest {

    @Test
    void everyFunctionGetsExactlyItsTemplateBlockMergedOverGlobals(TestStack stack) {
        for (FunctionResource function : stack.template().functions()) {
            Environment environment = stack.aws().environmentOf(function.logicalId());
            Set<String> expected = new HashSet<>(function.environment().keySet());
            Set<String> actual = new HashSet<>(environment.variables().keySet());
            // What Lambda itself sets, and the emulators' endpoints (AWS never sets those two).
            actual.removeAll(Set.of(
                    "AWS_REGION",
                    "AWS_LAMBDA_FUNCTION_NAME",
                    "DYNAMODB_ENDPOINT",
                    "S3_ENDPOINT",
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                    "DYNAMODB_SOCKET_TIMEOUT_MS",
                    "SECRETSMANAGER_ENDPOINT",
                    "SSM_ENDPOINT",
                    "SQS_ENDPOINT"));
            assertEquals(expected, actual, function.logicalId());
        }
    }

    @Test
    void onlyTheAuthFunctionNamesTheSigningKeyAndOnlyReportsTheNightlyJobAndPeriodsTheBucket(TestStack stack) {
        for (FunctionResource function : stack.template().functions()) {
            Map<String, String> variables =
                    stack.aws().environmentOf(function.logicalId()).variables();
            assertEquals(
                    function.logicalId().equals("AuthFunction"),
                    variables.containsKey("TOKEN_SIGNING_KEY_SECRET"),
                    function.logicalId());
            assertEquals(
                    Set.of("ReportsFunction", "DailyAggregationFunction", "PeriodsFunction")
                            .contains(function.logicalId()),
                    variables.containsKey("EXPORT_BUCKET"),
                    function.logicalId());
        }
        assertNull(System.getProperty("TOKEN_SIGNING_KEY"), "no secret is shared through system properties");
        assertNull(System.getProperty("TIME_TABLE"), "no setting is shared through system properties");
    }

    /**
     * Issue 14, item 1: environment variables are returned in clear by lambda:GetFunctionConfiguration
     * (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html), so no function's
     * environment may hold a secret, not even a public part of one: only names and ARNs, and no dynamic reference
     * that CloudFormation would resolve into the environment.
     */
    @Test
    void noFunctionsEnvironmentHoldsASecretValue(TestStack stack) throws Exception {
        var signingKey = com.nimbusds.jose.jwk.ECKey.parse(stack.aws().initialSecret("TOKEN_SIGNING_KEY"));
        Set<String> secretParts = Set.of(
                stack.aws().initialSecret("CURSOR_KEY"),
                signingKey.getD().toString(),
                signingKey.getX().toString(),
                stack.aws().initialSecret("TOKEN_PUBLIC_KEYS"));
        for (FunctionResource function : stack.template().functions()) {
            function.environment()
                    .forEach((name, value) -> assertFalse(
                            String.valueOf(value).contains("{{resolve:"),
                            function.logicalId() + "'s " + name + " is resolved into the environment: " + value));
            stack.aws().environmentOf(function.logicalId()).variables().forEach((name, value) -> {
                for (String secret : secretParts) {
                    assertFalse(value.contains(secret), function.logicalId() + "'s " + name + " holds a secret");
                }
            });
        }
    }

    /**
     * Issue 9, defect 1: a SnapStart function has no key variables, only the container-credentials endpoint and
     * token (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials). The old
     * chain (system properties, then key variables) found nothing there; the functions' provider must fetch the
     * function's own role credentials from that endpoint.
     */
    @Test
    void aFunctionsCredentialsComeOnlyFromItsContainerCredentialsEndpoint(TestStack stack) {
        for (FunctionResource function : stack.template().functions()) {
            Environment environment = stack.aws().environmentOf(function.logicalId());
            assertFalse(environment.variables().containsKey("AWS_ACCESS_KEY_ID"), function.logicalId());
            assertNull(System.getProperty("aws.accessKeyId"));

            var credentials = AwsClients.credentials(environment).resolveCredentials();

            assertEquals(
                    stack.aws()
                            .identities()
                            .function(function.logicalId())
                            .orElseThrow()
                            .accessKeyId(),
                    credentials.accessKeyId(),
                    function.logicalId() + " acts as itself");
        }
    }

    @Test
    void aFunctionMissingARequiredVariableFailsAtInitNamingIt(TestStack stack, @TempDir Path dir) throws Exception {
        SamTemplate withoutTable = templateWithout(stack, dir, "PunchFunction", "TIME_TABLE");
        Environment environment = stack.aws().environmentOf(withoutTable, "PunchFunction");

        IllegalStateException failure = assertThrows(
                IllegalStateException.class, () -> new PunchHandler(Deployment.fromEnvironment(environment)));
        assertTrue(failure.getMessage().contains("TIME_TABLE"), failure.getMessage());
    }

    /**
     * A variable that only one route needs is missed by init: the admin punch for someone else writes an audit
     * record, so without AUDIT_TABLE in the punch function's block that route fails — here, as in AWS — while
     * the real template's function answers it.
     */
    @Test
    void aVariableOnlyOneRouteNeedsIsMissedByThatRoute(TestStack stack, @TempDir Path dir) throws Exception {
        SamTemplate withoutAudit = templateWithout(stack, dir, "PunchFunction", "AUDIT_TABLE");
        FunctionHost complete = new FunctionHost(stack.template().functions(), stack.aws()::environmentOf);
        FunctionHost incomplete =
                new FunctionHost(withoutAudit.functions(), id -> stack.aws().environmentOf(withoutAudit, id));
        String adminToken = login(stack);
        String employeeId = createEmployee(stack, adminToken);

        JsonNode done = complete.invoke("PunchFunction", adminPunch(stack, adminToken, employeeId, "punch_in"));
        assertEquals(201, done.get("statusCode").asInt(), done::toString);

        JsonNode failed = incomplete.invoke("PunchFunction", adminPunch(stack, adminToken, employeeId, "punch_out"));
        // DynamoDB refuses a request without a table name (ValidationException: 500 here); moto answers it with a
        // server error, which the SDK treats as retryable (503 here). Either way the route fails.
        int status = failed.get("statusCode").asInt();
        assertTrue(status == 500 || status == 503, failed::toString);
        assertFalse(failed.get("body").asText().contains("Exception"), "no Java detail reaches the client");
    }

    private static SamTemplate templateWithout(TestStack stack, Path dir, String function, String variable)
            throws Exception {
        String text = Files.readString(SamTemplate.locate());
        int block = text.indexOf("\n  " + function + ":\n");
        int line = text.indexOf("          " + variable + ":", block);
        assertTrue(block > 0 && line > block, "template.yaml declares " + variable + " for " + function);
        String changed = text.substring(0, line) + text.substring(text.indexOf('\n', line) + 1);
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, changed);
        return SamTemplate.load(copy);
    }

    private static String login(TestStack stack) {
        return Fixtures.adminCaller(stack).token();
    }

    private static String createEmployee(TestStack stack, String adminToken) {
        String email = "env." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response created = stack.request(
                "POST",
                "/api/employees/",
                Json.write(Json.object()
                        .put("email", email)
                        .put("first_name", "Env")
                        .put("last_name", "Check")),
                Map.of("authorization", "Bearer " + adminToken));
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private static ObjectNode adminPunch(TestStack stack, String adminToken, String employeeId, String action) {
        return stack.apiEvent(
                "POST",
                "/api/timetracking/punch/",
                Json.write(Json.object()
                        .put("employee_id", employeeId)
                        .put("action", action)
                        .put("notes", "forgot to punch")),
                Map.of("authorization", "Bearer " + adminToken));
    }
}
