package dev.timetracker.adapters.s3;

import dev.timetracker.adapters.config.Config;
import dev.timetracker.adapters.dynamodb.DynamoClients;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds the S3 client once per JVM, named like {@link DynamoClients}: the region, the credentials, the light
 * URLConnection HTTP client. S3_ENDPOINT points it at an emulator (S3Proxy) for the local stack and tests; an
 * emulator on a loopback port has no bucket subdomains, so the bucket then goes in the path.
 */
public final class S3Clients {
    private static volatile S3Client shared;

    private S3Clients() {
    }

    public static S3Client shared() {
        S3Client client = shared;
        if (client == null) {
            synchronized (S3Clients.class) {
                client = shared;
                if (client == null) {
                    client = builder().build();
                    shared = client;
                }
            }
        }
        return client;
    }

    public static S3ClientBuilder builder() {
        S3ClientBuilder builder = S3Client.builder()
                .region(region())
                .credentialsProvider(DynamoClients.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        // A part is megabytes: S3 answers only once it has all of it, well after the 5 s
                        // that suit DynamoDB's small requests.
                        .socketTimeout(Duration.ofSeconds(30)));
        endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder;
    }

    static Region region() {
        return Region.of(Config.optional("AWS_REGION").orElse("us-east-1"));
    }

    /** The S3_ENDPOINT setting: present only for an emulator. */
    static Optional<URI> endpoint() {
        return Config.optional("S3_ENDPOINT").map(URI::create);
    }
}
