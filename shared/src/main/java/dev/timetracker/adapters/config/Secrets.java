package dev.timetracker.adapters.config;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Reads secret values where AWS keeps them, never from the environment: a function's environment variables are
 * returned in clear by {@code lambda:GetFunctionConfiguration} to anyone allowed to call it (the response's
 * {@code Environment}: https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html; Lambda
 * recommends Secrets Manager for secrets: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html),
 * and a {@code {{resolve:...}}} reference is resolved only when the stack changes that resource, not when the
 * secret changes (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html),
 * so a rotated key would never reach the functions. The environment carries only the secret's ARN or name.
 */
public final class Secrets {
    /**
     * The staging label of a secret's version in use. Putting a new value moves AWSCURRENT to it and AWSPREVIOUS to
     * the version it left (PutSecretValue's VersionStages and UpdateSecretVersionStage:
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html); a read by
     * this label therefore follows a rotation without a deploy.
     */
    public static final String CURRENT = "AWSCURRENT";

    private Secrets() {}

    /** The SecretString of the secret's AWSCURRENT version (GetSecretValue with VersionStage). */
    public static String current(SecretsManagerClient client, String secretId) {
        return client.getSecretValue(request -> request.secretId(secretId).versionStage(CURRENT))
                .secretString();
    }

    /** A Parameter Store parameter's value (decrypted, in case an operator stored it as a SecureString). */
    public static String parameter(SsmClient client, String name) {
        return client.getParameter(request -> request.name(name).withDecryption(true))
                .parameter()
                .value();
    }
}
