package dev.timetracker.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Each function gets its own temporary credentials from a container-credentials endpoint, as SnapStart functions
 * do (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials), and the stack
 * puts no access keys where the SDK's default chain would find them.
 */
@ExtendWith(LocalAwsExtension.class)
class CredentialsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theSdksContainerProviderGetsEachFunctionItsOwnSessionCredentials(TestStack stack) {
        AwsCredentials punch = Callers.credentialsOf(stack, "PunchFunction").resolveCredentials();
        AwsCredentials reports = Callers.credentialsOf(stack, "ReportsFunction").resolveCredentials();

        Identity punchIdentity =
                stack.aws().identities().function("PunchFunction").orElseThrow();
        AwsSessionCredentials session = assertInstanceOf(AwsSessionCredentials.class, punch);
        assertEquals(punchIdentity.accessKeyId(), session.accessKeyId());
        assertEquals(punchIdentity.secretAccessKey(), session.secretAccessKey());
        assertEquals(punchIdentity.sessionToken().orElseThrow(), session.sessionToken());
        assertTrue(
                session.expirationTime().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(50))),
                "credentials last about an hour, like a role session");
        assertNotEquals(punch.accessKeyId(), reports.accessKeyId());
        assertTrue(session.accessKeyId().startsWith("ASIA"), "temporary keys look like STS keys");
    }

    @Test
    void theEnvironmentOfAFunctionNamesItsUriAndTheSandboxToken(TestStack stack) {
        Map<String, String> environment = stack.aws().credentialEnvironment("StatusFunction");

        assertEquals(2, environment.size());
        assertTrue(environment
                .get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
                .matches("http://127\\.0\\.0\\.1:\\d+/credentials/StatusFunction"));
        assertEquals(
                System.getProperty("aws.containerAuthorizationToken"),
                environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
                "one token per JVM, where the SDK reads it");
        assertThrows(IllegalArgumentException.class, () -> stack.aws().credentialEnvironment("NoSuchFunction"));
    }

    @Test
    void theEndpointRefusesAMissingOrWrongTokenAndUnknownFunctions(TestStack stack) throws Exception {
        Map<String, String> environment = stack.aws().credentialEnvironment("PunchFunction");
        URI uri = URI.create(environment.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"));
        String token = environment.get("AWS_CONTAINER_AUTHORIZATION_TOKEN");

        assertEquals(200, get(uri, token).statusCode());
        assertEquals(401, get(uri, null).statusCode());
        assertEquals(403, get(uri, token + "x").statusCode());
        HttpResponse<String> unknown =
                get(URI.create(uri.toString().replace("PunchFunction", "NoSuchFunction")), token);
        assertEquals(404, unknown.statusCode());
        assertFalse(get(uri, token + "x").body().contains("SecretAccessKey"));
    }

    @Test
    void theStackPutsNoAccessKeysIntoSystemProperties(TestStack stack) {
        for (String property : new String[] {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken"}) {
            assertNull(System.getProperty(property), property);
        }
        for (var function : stack.template().functions()) {
            // Whatever a function is given holds no key: only where to fetch its own credentials.
            var variables = stack.aws().environmentOf(function.logicalId()).variables();
            assertFalse(variables.containsKey("AWS_ACCESS_KEY_ID"), function.logicalId());
            assertFalse(variables.containsKey("AWS_SECRET_ACCESS_KEY"), function.logicalId());
            assertFalse(
                    variables.containsValue(stack.aws().identities().harness().secretAccessKey()));
            assertTrue(variables.containsKey("AWS_CONTAINER_CREDENTIALS_FULL_URI"), function.logicalId());
        }
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
