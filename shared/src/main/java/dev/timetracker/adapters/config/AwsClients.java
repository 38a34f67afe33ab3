package dev.timetracker.adapters.config;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * Builds one function's AWS clients from its {@link Environment}. Everything the SDK would otherwise discover
 * at cold start is named: the region, the credentials, the light URLConnection HTTP client.
 *
 * <p>Credentials: a SnapStart function gets no key variables; Lambda hands it a container-credentials
 * endpoint ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI}) and a token ({@code AWS_CONTAINER_AUTHORIZATION_TOKEN})
 * instead (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials; the
 * protocol: https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html). So when the
 * environment names that endpoint, the SDK's {@link ContainerCredentialsProvider} is used for it (the SDK reads
 * the token itself); otherwise the SDK's default chain. The local stack gives every function its own endpoint,
 * so each function acts with its own identity and its own template policies.
 *
 * <p>DYNAMODB_ENDPOINT, SECRETSMANAGER_ENDPOINT and SSM_ENDPOINT point the clients at emulators; AWS never sets
 * them. The S3 clients are the export module's ({@code dev.timetracker.adapters.s3.S3Clients}): only the functions
 * that write export files carry the S3 SDK.
 */
public final class AwsClients {
    static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private AwsClients() {}

    public static AwsCredentialsProvider credentials(Environment environment) {
        return environment
                .optional(CONTAINER_CREDENTIALS_URI)
                .<AwsCredentialsProvider>map(uri ->
                        ContainerCredentialsProvider.builder().endpoint(uri).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
    }

    public static Region region(Environment environment) {
        return Region.of(environment.required("AWS_REGION"));
    }

    public static DynamoDbClient dynamoDb(Environment environment) {
        return dynamoDbBuilder(
                        environment, ClientOverrideConfiguration.builder().build())
                .build();
    }

    public static DynamoDbClientBuilder dynamoDbBuilder(
            Environment environment, ClientOverrideConfiguration overrides) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(region(environment))
                .credentialsProvider(credentials(environment))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        // DYNAMODB_SOCKET_TIMEOUT_MS: only the moto lane sets it (moto's transactions are slow).
                        .socketTimeout(Duration.ofMillis(environment.integer("DYNAMODB_SOCKET_TIMEOUT_MS", 5000))))
                .overrideConfiguration(overrides);
        environment.optional("DYNAMODB_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** Reads the secrets a function needs at init and, for the token keys, again after a short cache. */
    public static SecretsManagerClient secretsManager(Environment environment) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                .region(region(environment))
                .credentialsProvider(credentials(environment))
                .httpClientBuilder(smallRequests());
        environment.optional("SECRETSMANAGER_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Reads the public token key set (a Parameter Store parameter). */
    public static SsmClient ssm(Environment environment) {
        SsmClientBuilder builder = SsmClient.builder()
                .region(region(environment))
                .credentialsProvider(credentials(environment))
                .httpClientBuilder(smallRequests());
        environment.optional("SSM_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static UrlConnectionHttpClient.Builder smallRequests() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5));
    }
}
