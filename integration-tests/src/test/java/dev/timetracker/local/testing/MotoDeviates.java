package dev.timetracker.local.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that is right for AWS but that moto answers differently, skipped in the moto lane
 * ({@code -Dtt.aws=moto}) with this reason shown. Mark the single test, never a class; when only one assertion
 * is affected, guard that assertion with {@link AwsLane#onMoto()} instead, with a comment saying the same.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(AwsLaneCondition.class)
public @interface MotoDeviates {
    /** Seen with moto 5.2.1: a presigned GET is served whatever its X-Amz-Signature, and after X-Amz-Expires. */
    String PRESIGNED_URLS_UNCHECKED = "moto serves a presigned GET with any signature, and after it expired";
    /** In AWS a wrong signature is 403 SignatureDoesNotMatch and an expired URL 403 AccessDenied. */
    String PRESIGNED_URLS_DOCS = "https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html";

    /** What moto does instead of what AWS does. */
    String value();

    /** The AWS documentation page that decides (a URL). */
    String aws();
}
