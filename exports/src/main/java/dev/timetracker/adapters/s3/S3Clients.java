package dev.timetracker.adapters.s3;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 clients of the functions that write or link export files, built like {@link AwsClients}' (same region,
 * credentials and light HTTP client). Here rather than there so that only those functions carry the S3 SDK.
 *
 * <p>S3_ENDPOINT points them at an emulator; AWS never sets it. An emulator on a loopback port has no bucket
 * subdomains, so the bucket then goes in the path.
 */
public final class S3Clients {
    private S3Clients() {}

    public static S3Client s3(Environment environment) {
        return s3Builder(environment).build();
    }

    public static S3ClientBuilder s3Builder(Environment environment) {
        S3ClientBuilder builder = S3Client.builder()
                .region(AwsClients.region(environment))
                .credentialsProvider(AwsClients.credentials(environment))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        // A part is megabytes: S3 answers only once it has all of it, well after the 5 s
                        // that suit DynamoDB's small requests.
                        .socketTimeout(Duration.ofSeconds(30)));
        endpoint(environment)
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder;
    }

    /** Same region, credentials and endpoint as {@link #s3}, so links point where the objects were put. */
    public static S3Presigner presigner(Environment environment) {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(AwsClients.region(environment))
                .credentialsProvider(AwsClients.credentials(environment));
        endpoint(environment)
                .ifPresent(endpoint -> builder.endpointOverride(endpoint)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build()));
        return builder.build();
    }

    private static Optional<URI> endpoint(Environment environment) {
        return environment.optional("S3_ENDPOINT").map(URI::create);
    }
}
