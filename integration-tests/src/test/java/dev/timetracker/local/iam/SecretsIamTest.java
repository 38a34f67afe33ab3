package dev.timetracker.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.config.Secrets;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MotoDeviates;
import dev.timetracker.local.testing.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Issue 14, item 1: each secret reaches only the functions that use it, by template policy, as IAM decides in AWS:
 * the cursor key every function (they all page), the public key set every function that serves the API, the
 * private signing key the auth function alone. Each call is made with the function's own credentials.
 */
@ExtendWith(LocalAwsExtension.class)
class SecretsIamTest {
    /** The functions behind the HTTP API verify tokens: those with routes in the template. */
    private static boolean servesTheApi(dev.timetracker.local.template.FunctionResource function) {
        return !function.routes().isEmpty();
    }

    @Test
    void eachFunctionReadsTheSecretsItUses(TestStack stack) {
        String signingKeySecret = stack.aws().environmentOf("AuthFunction").required("TOKEN_SIGNING_KEY_SECRET");
        for (var function : stack.template().functions()) {
            String id = function.logicalId();
            Environment environment = stack.aws().environmentOf(id);
            try (SecretsManagerClient secrets = AwsClients.secretsManager(environment);
                    SsmClient ssm = AwsClients.ssm(environment)) {
                assertTrue(
                        Secrets.current(secrets, environment.required("CURSOR_KEY_SECRET_ARN"))
                                .contains(stack.aws().initialSecret("CURSOR_KEY")),
                        id);
                if (servesTheApi(function)) {
                    assertEquals(
                            stack.aws().initialSecret("TOKEN_PUBLIC_KEYS"),
                            Secrets.parameter(ssm, environment.required("TOKEN_PUBLIC_KEYS_PARAMETER")),
                            id);
                }
                if (id.equals("AuthFunction")) {
                    assertEquals(
                            stack.aws().initialSecret("TOKEN_SIGNING_KEY"), Secrets.current(secrets, signingKeySecret));
                }
            }
        }
    }

    @Test
    @MotoDeviates(
            value = "moto checks no IAM policy",
            aws = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access.html")
    void aFunctionWhosePolicyLacksASecretIsRefusedIt(TestStack stack) {
        String signingKeySecret = stack.aws().environmentOf("AuthFunction").required("TOKEN_SIGNING_KEY_SECRET");
        String publicKeys = stack.aws().environmentOf("AuthFunction").required("TOKEN_PUBLIC_KEYS_PARAMETER");
        for (var function : stack.template().functions()) {
            String id = function.logicalId();
            Environment environment = stack.aws().environmentOf(id);
            try (SecretsManagerClient secrets = AwsClients.secretsManager(environment);
                    SsmClient ssm = AwsClients.ssm(environment)) {
                if (!id.equals("AuthFunction")) {
                    assertAccessDenied(id, () -> Secrets.current(secrets, signingKeySecret));
                }
                if (!servesTheApi(function)) {
                    assertAccessDenied(id, () -> Secrets.parameter(ssm, publicKeys));
                }
                // Reading is all any function may do: nobody rotates a key from inside a function.
                assertAccessDenied(
                        id,
                        () -> secrets.putSecretValue(put -> put.secretId(environment.required("CURSOR_KEY_SECRET_ARN"))
                                .secretString("{\"key\":\"x\"}")));
            }
        }
    }

    @Test
    @MotoDeviates(
            value = "moto checks no signature",
            aws = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html")
    void aRequestSignedWithAWrongKeyIsRefused(TestStack stack) {
        Environment environment = stack.aws().environmentOf("PunchFunction");
        var forged = software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        stack.aws().identities().harness().accessKeyId(), "not-the-secret-key"));
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .region(AwsClients.region(environment))
                .endpointOverride(java.net.URI.create(environment.required("SECRETSMANAGER_ENDPOINT")))
                .credentialsProvider(forged)
                .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                .build()) {
            var refused = assertThrows(
                    AwsServiceException.class,
                    () -> Secrets.current(secrets, environment.required("CURSOR_KEY_SECRET_ARN")));
            assertEquals("InvalidSignatureException", refused.awsErrorDetails().errorCode());
        }
    }

    private static void assertAccessDenied(String function, Runnable call) {
        var refused = assertThrows(AwsServiceException.class, call::run, function);
        assertEquals("AccessDeniedException", refused.awsErrorDetails().errorCode(), function);
        assertTrue(refused.getMessage().contains(LocalArns.assumedRole(function)), refused.getMessage());
    }
}
