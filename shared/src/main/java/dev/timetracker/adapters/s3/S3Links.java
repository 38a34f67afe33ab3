package dev.timetracker.adapters.s3;

import dev.timetracker.adapters.dynamodb.DynamoClients;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Download links for exports: presigned GETs that anyone holding the link may use until it expires, with no
 * credentials of their own (the contract's {@code download_url}, valid 15 minutes by default).
 *
 * <p>A link signed with temporary credentials, as a Lambda function has, stops working when those credentials
 * expire, even if its own validity is longer.
 */
public final class S3Links {
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(15);
    /** The longest validity SigV4 allows for a presigned URL. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(7);

    private static volatile S3Links shared;

    private final S3Presigner presigner;
    private final Duration validity;

    private S3Links(S3Presigner presigner, Duration validity) {
        this.presigner = presigner;
        this.validity = checked(validity);
    }

    /** Links valid for {@link #DEFAULT_VALIDITY}, signed by one presigner per JVM. */
    public static S3Links shared() {
        S3Links links = shared;
        if (links == null) {
            synchronized (S3Links.class) {
                links = shared;
                if (links == null) {
                    links = new S3Links(presigner(), DEFAULT_VALIDITY);
                    shared = links;
                }
            }
        }
        return links;
    }

    /** Links with another validity, sharing the presigner. */
    public S3Links validFor(Duration validity) {
        return new S3Links(presigner, validity);
    }

    public Duration validity() {
        return validity;
    }

    /** A link to GET the object, valid from now for {@link #validity()}. */
    public DownloadLink download(String bucket, String key) {
        PresignedGetObjectRequest presigned = presigner.presignGetObject(request -> request
                .signatureDuration(validity)
                .getObjectRequest(get -> get.bucket(bucket).key(key)));
        return new DownloadLink(URI.create(presigned.url().toString()), presigned.expiration());
    }

    /** The URL to hand out, and when it stops working ({@code expires_at}). */
    public record DownloadLink(URI url, Instant expiresAt) {
        public DownloadLink {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    /** Same region, credentials and endpoint as {@link S3Clients}, so links point where the objects were put. */
    private static S3Presigner presigner() {
        S3Presigner.Builder builder = S3Presigner.builder()
                .region(S3Clients.region())
                .credentialsProvider(DynamoClients.credentials());
        S3Clients.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()));
        return builder.build();
    }

    private static Duration checked(Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a link is valid for more than 0 and at most 7 days, not " + validity);
        }
        return validity;
    }
}
