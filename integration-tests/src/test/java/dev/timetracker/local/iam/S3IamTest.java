package dev.timetracker.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3Proxy in the local stack checks each signature against the secret of the identity that made it (headers,
 * chunked uploads, presigned URLs) and authorises each operation against that function's policy in template.yaml.
 * ReportsFunction may put, get and abort uploads under exports/ only; DailyAggregationFunction may not read.
 */
@EmulatorOnly("IAM is enforced by the emulators only; moto checks no policy")
@ExtendWith(LocalAwsExtension.class)
class S3IamTest {
    private static final String BUCKET = SamTemplate.bucketName("ExportBucket");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestStack stack;
    private S3Client reports;
    private String id;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.reports = Callers.s3As(stack, "ReportsFunction");
        this.id = UUID.randomUUID().toString();
    }

    @AfterEach
    void tearDown() {
        reports.close();
    }

    @Test
    void reportsMayPutAndGetUnderExportsButNotElsewhere() {
        String key = "exports/iam/" + id + ".csv";
        reports.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("a,b\n"));
        assertEquals(
                "a,b\n",
                reports.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String());

        S3Exception denied = assertThrows(
                S3Exception.class,
                () -> reports.putObject(
                        r -> r.bucket(BUCKET).key("elsewhere/" + id + ".csv"), RequestBody.fromString("x")));

        assertAccessDenied(denied);
        assertEquals(
                "User: arn:aws:sts::000000000000:assumed-role/ReportsFunction-role/ReportsFunction is not "
                        + "authorized to perform: s3:PutObject on resource: arn:aws:s3:::" + BUCKET + "/elsewhere/" + id
                        + ".csv because no identity-based policy allows the s3:PutObject action",
                denied.awsErrorDetails().errorMessage());
        assertFalse(exists("elsewhere/" + id + ".csv"));
    }

    @Test
    void reportsMayNotListTheBucket() {
        assertAccessDenied(assertThrows(S3Exception.class, () -> reports.listObjectsV2(r -> r.bucket(BUCKET))));
    }

    @Test
    void theNightlyJobMayWriteExportsButNotReadThem() {
        String key = "exports/iam/" + id + ".csv";
        try (S3Client aggregation = Callers.s3As(stack, "DailyAggregationFunction")) {
            aggregation.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));

            assertAccessDenied(assertThrows(
                    S3Exception.class,
                    () -> aggregation.getObjectAsBytes(r -> r.bucket(BUCKET).key(key))));
        }
    }

    @Test
    void aMultipartUploadUnderExportsIsAPutObject() {
        String key = "exports/iam/" + id + ".csv";
        String upload =
                reports.createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();
        String etag = reports.uploadPart(
                        r -> r.bucket(BUCKET).key(key).uploadId(upload).partNumber(1),
                        RequestBody.fromString("only part"))
                .eTag();
        reports.completeMultipartUpload(r -> r.bucket(BUCKET)
                .key(key)
                .uploadId(upload)
                .multipartUpload(m ->
                        m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));

        assertEquals(
                "only part",
                stack.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String());
        String abandoned = reports.createMultipartUpload(r -> r.bucket(BUCKET).key(key + ".2"))
                .uploadId();
        reports.abortMultipartUpload(r -> r.bucket(BUCKET).key(key + ".2").uploadId(abandoned));
    }

    @Test
    void aRefusedAbortLeavesTheUploadIntact() {
        String key = "elsewhere/" + id + ".csv";
        String upload =
                stack.s3().createMultipartUpload(r -> r.bucket(BUCKET).key(key)).uploadId();

        assertAccessDenied(assertThrows(
                S3Exception.class,
                () -> reports.abortMultipartUpload(
                        r -> r.bucket(BUCKET).key(key).uploadId(upload))));
        assertAccessDenied(assertThrows(
                S3Exception.class,
                () -> reports.uploadPart(
                        r -> r.bucket(BUCKET).key(key).uploadId(upload).partNumber(1),
                        RequestBody.fromString("intruder"))));

        String etag = stack.s3()
                .uploadPart(
                        r -> r.bucket(BUCKET).key(key).uploadId(upload).partNumber(1), RequestBody.fromString("owner"))
                .eTag();
        stack.s3()
                .completeMultipartUpload(r -> r.bucket(BUCKET)
                        .key(key)
                        .uploadId(upload)
                        .multipartUpload(m -> m.parts(
                                CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertEquals(
                "owner",
                stack.s3().getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String());
    }

    @Test
    void aPresignedGetIsAuthorisedAsTheIdentityThatSignedIt() throws Exception {
        String key = "exports/iam/" + id + ".csv";
        stack.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("download me"));

        try (S3Presigner byReports = Callers.presigner(stack, Callers.credentialsOf(stack, "ReportsFunction"));
                S3Presigner byAggregation =
                        Callers.presigner(stack, Callers.credentialsOf(stack, "DailyAggregationFunction"))) {
            HttpResponse<String> allowed = get(presignedGet(byReports, key));
            HttpResponse<String> notAllowed = get(presignedGet(byAggregation, key));

            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("download me", allowed.body());
            assertEquals(403, notAllowed.statusCode());
            assertTrue(notAllowed.body().contains("<Code>AccessDenied</Code>"), notAllowed.body());
        }
    }

    @Test
    void aPresignedGetSignedWithAWrongSecretIsRefused() throws Exception {
        String key = "exports/iam/" + id + ".csv";
        stack.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("secret"));
        Identity identity = stack.aws().identities().function("ReportsFunction").orElseThrow();
        AwsSessionCredentials forged = AwsSessionCredentials.create(
                identity.accessKeyId(),
                identity.secretAccessKey() + "x",
                identity.sessionToken().orElseThrow());

        try (S3Presigner presigner = Callers.presigner(stack, StaticCredentialsProvider.create(forged))) {
            HttpResponse<String> response = get(presignedGet(presigner, key));

            assertEquals(403, response.statusCode());
            assertTrue(response.body().contains("<Code>SignatureDoesNotMatch</Code>"), response.body());
            assertFalse(response.body().contains("secret</"), "the object is not in the answer");
        }
    }

    @Test
    void unsignedRequestsAndUnknownKeysAreRefused() throws Exception {
        String key = "exports/iam/" + id + ".csv";
        stack.s3().putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("private"));

        HttpResponse<String> anonymous = get(URI.create(stack.aws().s3Endpoint() + "/" + BUCKET + "/" + key));
        assertEquals(403, anonymous.statusCode());
        assertTrue(anonymous.body().contains("<Code>AccessDenied</Code>"), anonymous.body());

        try (S3Client stranger = Callers.s3(
                stack,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret")))) {
            S3Exception refused = assertThrows(
                    S3Exception.class,
                    () -> stranger.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)));
            assertEquals(403, refused.statusCode());
            assertEquals("InvalidAccessKeyId", refused.awsErrorDetails().errorCode());
        }
    }

    @Test
    void aSessionKeyNeedsItsOwnSessionToken() {
        Identity identity = stack.aws().identities().function("ReportsFunction").orElseThrow();
        Identity other = stack.aws().identities().function("PunchFunction").orElseThrow();
        try (S3Client wrongToken = Callers.s3(
                stack,
                StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        identity.accessKeyId(),
                        identity.secretAccessKey(),
                        other.sessionToken().orElseThrow())))) {
            S3Exception refused = assertThrows(
                    S3Exception.class,
                    () -> wrongToken.putObject(
                            r -> r.bucket(BUCKET).key("exports/iam/" + id + ".csv"), RequestBody.fromString("x")));
            assertEquals("InvalidToken", refused.awsErrorDetails().errorCode());
        }
        assertFalse(exists("exports/iam/" + id + ".csv"));
    }

    private boolean exists(String key) {
        return stack.s3().listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).keyCount() > 0;
    }

    private static URI presignedGet(S3Presigner presigner, String key) throws Exception {
        return presigner
                .presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
                        .getObjectRequest(g -> g.bucket(BUCKET).key(key)))
                .url()
                .toURI();
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAccessDenied(S3Exception e) {
        assertEquals(403, e.statusCode(), e.getMessage());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.getMessage());
    }
}
