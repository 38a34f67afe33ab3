package dev.timetracker.local.iam;

import dev.timetracker.local.LocalAws;
import dev.timetracker.local.testing.TestStack;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * SDK clients that call the local stack as one function of template.yaml would: credentials from that function's
 * container-credentials URI, exactly as a SnapStart function gets them.
 */
final class Callers {
    private Callers() {}

    static AwsCredentialsProvider credentialsOf(TestStack stack, String function) {
        return ContainerCredentialsProvider.builder()
                .endpoint(stack.aws().credentialEnvironment(function).get("AWS_CONTAINER_CREDENTIALS_FULL_URI"))
                .build();
    }

    static DynamoDbClient dynamoDbAs(TestStack stack, String function) {
        return dynamoDb(stack, credentialsOf(stack, function));
    }

    static DynamoDbClient dynamoDb(TestStack stack, AwsCredentialsProvider credentials) {
        return DynamoDbClient.builder()
                .region(Region.of(LocalAws.REGION))
                .endpointOverride(stack.aws().dynamoEndpoint())
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static S3Client s3As(TestStack stack, String function) {
        return s3(stack, credentialsOf(stack, function));
    }

    static S3Client s3(TestStack stack, AwsCredentialsProvider credentials) {
        return S3Client.builder()
                .region(Region.of(LocalAws.REGION))
                .endpointOverride(stack.aws().s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    static S3Presigner presigner(TestStack stack, AwsCredentialsProvider credentials) {
        return S3Presigner.builder()
                .region(Region.of(LocalAws.REGION))
                .endpointOverride(stack.aws().s3Endpoint())
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(credentials)
                .build();
    }
}
