package dev.timetracker.adapters.dynamodb;

import dev.timetracker.adapters.config.Config;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the DynamoDB client once per JVM. Everything the SDK would otherwise discover at cold start is
 * named: the region, the credentials (Lambda puts them in the environment), the light URLConnection HTTP
 * client. DYNAMODB_ENDPOINT points the client at an emulator for the local stack and tests.
 */
public final class DynamoClients {
    private static volatile DynamoDbClient shared;

    private DynamoClients() {
    }

    public static DynamoDbClient shared() {
        DynamoDbClient client = shared;
        if (client == null) {
            synchronized (DynamoClients.class) {
                client = shared;
                if (client == null) {
                    client = builder(ClientOverrideConfiguration.builder().build()).build();
                    shared = client;
                }
            }
        }
        return client;
    }

    public static DynamoDbClientBuilder builder(ClientOverrideConfiguration overrides) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .region(Region.of(Config.optional("AWS_REGION").orElse("us-east-1")))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        // DYNAMODB_SOCKET_TIMEOUT_MS only for the moto lane of the tests: moto answers a
                        // transaction in seconds on a busy machine, and the SDK's retry of a timed-out one then fails
                        // on the items the first attempt wrote.
                        .socketTimeout(Duration.ofMillis(Config.integer("DYNAMODB_SOCKET_TIMEOUT_MS", 5000))))
                .overrideConfiguration(overrides);
        Config.optional("DYNAMODB_ENDPOINT").map(URI::create).ifPresent(builder::endpointOverride);
        return builder;
    }

    public static AwsCredentialsProvider credentials() {
        // System properties first: the local stack sets them, and Lambda never does.
        return AwsCredentialsProviderChain.of(SystemPropertyCredentialsProvider.create(),
                EnvironmentVariableCredentialsProvider.create());
    }
}
