package dev.timetracker.adapters.s3;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

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

    private final S3Presigner presigner;
    private final Duration validity;

    public S3Links(S3Presigner presigner, Duration validity) {
        this.presigner = presigner;
        this.validity = checked(validity);
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
        PresignedGetObjectRequest presigned = presigner.presignGetObject(request -> request.signatureDuration(validity)
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

    private static Duration checked(Duration validity) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(MAX_VALIDITY) > 0) {
            throw new IllegalArgumentException("a link is valid for more than 0 and at most 7 days, not " + validity);
        }
        return validity;
    }
}
