package dev.timetracker.local.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.s3.MultipartUploadStream;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.adapters.s3.S3Links;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.report.SessionCsv;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MotoDeviates;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CSV exports in the export bucket, through the real SDK against S3Proxy: multipart uploads that appear whole or
 * not at all, in bounded memory, and presigned download links that S3Proxy checks like S3 (signature, expiry).
 */
@ExtendWith(LocalAwsExtension.class)
class ExportStorageTest {
    private static final String BUCKET = SamTemplate.bucketName("ExportBucket");
    private static final String CSV = "text/csv; charset=utf-8";
    private static final int PART = MultipartUploadStream.MIN_PART_SIZE;
    private static final int MIB = 1024 * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final FailOn failure = new FailOn();
    private TestStack stack;
    private S3Client s3;
    private String key;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        // The production builder, pointed at S3Proxy by the S3_ENDPOINT setting the harness sets.
        this.s3 = S3Clients.s3Builder(stack.deployment("ReportsFunction").environment())
                .overrideConfiguration(
                        o -> o.addExecutionInterceptor(new Record()).addExecutionInterceptor(failure))
                .build();
        this.key = "exports/test/" + UUID.randomUUID() + ".csv";
    }

    @AfterEach
    void tearDown() {
        s3.close();
    }

    // ---------------------------------------------------------------- multipart upload

    @Test
    void twelveMegabytesOfCsvGoUpInThreePartsAndComeBackByteIdentical() throws IOException {
        MultipartUploadStream upload = MultipartUploadStream.open(s3, BUCKET, key, CSV, PART);
        long[] rowsAndPeak = new long[2];
        Digest written = new Digest();

        long size = upload.upload(out -> {
            try (SessionCsv csv = SessionCsv.writer(written.to(out))) {
                csv.header();
                for (int i = 0; upload.bytesWritten() < 12 * MIB; i++) {
                    csv.row(employee(i % 500), session(i % 500, i / 500));
                    rowsAndPeak[1] = Math.max(rowsAndPeak[1], upload.bufferCapacity());
                }
                rowsAndPeak[0] = csv.rows();
            }
        });

        long rows = rowsAndPeak[0];
        assertEquals(PART, rowsAndPeak[1], "the buffer grows to one part and no further");
        assertEquals(written.count, size);
        assertEquals(0, upload.bufferCapacity(), "released once complete");
        assertEquals(
                List.of("CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"),
                operations);
        byte[] stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asByteArray();
        assertEquals(written.count, stored.length);
        // The loop stops at 12 MiB reaching the stream; the writer's buffer (8K chars) follows at close.
        assertTrue(stored.length > 12 * MIB && stored.length < 12 * MIB + 64 * 1024, "size " + stored.length);
        assertArrayEquals(written.digest(), sha256(stored));
        String text = new String(stored, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(String.join(",", SessionCsv.COLUMNS) + "\r\n"));
        assertEquals(rows + 1, text.split("\r\n", -1).length - 1, "header and rows, each ended by CRLF");
        HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key(key));
        assertEquals(CSV, head.contentType());
        assertNoOpenUploads();
    }

    @Test
    void bufferGrowsToOnePartAndNoFurtherWhateverIsWritten() throws IOException {
        MultipartUploadStream upload = MultipartUploadStream.open(s3, BUCKET, key, CSV, PART);
        upload.write(new byte[100]);
        assertTrue(upload.bufferCapacity() <= 64 * 1024, "a small export stays small: " + upload.bufferCapacity());
        byte[] block = new byte[3 * MIB + 7];
        int peak = 0;
        for (int i = 0; i < 5; i++) {
            upload.write(block);
            peak = Math.max(peak, upload.bufferCapacity());
            assertTrue(upload.bufferCapacity() <= PART, "buffer " + upload.bufferCapacity());
        }
        upload.close();

        assertEquals(PART, peak);
        assertEquals(
                100 + 5L * block.length,
                s3.headObject(h -> h.bucket(BUCKET).key(key)).contentLength());
    }

    @ParameterizedTest(name = "{0} bytes: {1}")
    @CsvSource({
        "0, PutObject",
        "1, PutObject",
        "5242880, PutObject", // exactly one part
        "5242881, CreateMultipartUpload UploadPart UploadPart CompleteMultipartUpload",
        "10485760, CreateMultipartUpload UploadPart UploadPart CompleteMultipartUpload",
    })
    void anObjectOfAtMostOnePartIsOnePutObject(int size, String expectedOperations) throws IOException {
        byte[] content = pattern(size);
        MultipartUploadStream upload = MultipartUploadStream.open(s3, BUCKET, key, CSV, PART);
        for (int at = 0; at < size; at += 1000) { // in odd-sized writes, one byte at a time at the end
            upload.write(content, at, Math.min(999, size - at));
            if (at + 999 < size) {
                upload.write(content[at + 999]);
            }
        }
        upload.close();

        assertEquals(List.of(expectedOperations.split(" ")), operations);
        assertArrayEquals(
                content, s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(key)).asByteArray());
    }

    @Test
    void partsBelowTheS3MinimumAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MultipartUploadStream.open(s3, BUCKET, key, CSV, PART - 1));
    }

    // ---------------------------------------------------------------- failures leave nothing behind

    @Test
    void producerFailingAfterAPartLeavesNoObjectAndNoOpenUpload() {
        IOException broken = new IOException("the session store went away");
        MultipartUploadStream upload = MultipartUploadStream.open(s3, BUCKET, key, CSV, PART);

        IOException thrown = assertThrows(
                IOException.class,
                () -> upload.upload(out -> {
                    // try-with-resources closes the writer on the way out: that must not complete the object.
                    try (SessionCsv csv = SessionCsv.writer(out)) {
                        csv.header();
                        for (int i = 0; upload.bytesWritten() < 7 * MIB; i++) {
                            csv.row(employee(i % 50), session(i % 50, i / 50));
                        }
                        throw broken;
                    }
                }));

        assertSame(broken, thrown);
        assertTrue(operations.contains("UploadPart"), "a part was already up: " + operations);
        assertEquals("AbortMultipartUpload", operations.get(operations.size() - 1));
        assertNoObject();
        assertNoOpenUploads();
        assertThrows(IOException.class, () -> upload.write(1), "an aborted stream takes no more bytes");
    }

    @ParameterizedTest(name = "{0} #{1} fails")
    @CsvSource({
        "CreateMultipartUpload, 1",
        "UploadPart, 1",
        "UploadPart, 2",
        "UploadPart, 3",
        "CompleteMultipartUpload, 1",
    })
    void s3FailingMidwayIsRethrownAndLeavesNoObjectAndNoOpenUpload(String operation, int occurrence) {
        failure.on(operation, occurrence);
        MultipartUploadStream upload = MultipartUploadStream.open(s3, BUCKET, key, CSV, PART);

        SdkClientException thrown = assertThrows(SdkClientException.class, () -> {
            byte[] block = pattern(MIB);
            for (int i = 0; i < 12; i++) {
                upload.write(block);
            }
            upload.close();
        });

        assertSame(failure.thrown, thrown);
        if (!operation.equals("CreateMultipartUpload")) {
            assertEquals("AbortMultipartUpload", operations.get(operations.size() - 1), operations::toString);
        }
        assertNoObject();
        assertNoOpenUploads();
        assertDoesNothing(upload::close);
    }

    @Test
    void failedPutObjectOfASmallExportIsRethrown() {
        MultipartUploadStream upload =
                MultipartUploadStream.open(s3, "no-such-bucket-" + UUID.randomUUID(), key, CSV, PART);

        S3Exception thrown = assertThrows(S3Exception.class, () -> upload.upload(out -> out.write(pattern(100))));

        // The function's policy grants PutObject in its own bucket only, and IAM decides before S3 looks for the
        // bucket: AWS answers 403 AccessDenied here, not 404 NoSuchBucket
        // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html).
        // moto checks no policy and answers the missing bucket: 404 there.
        assertEquals(stack.aws().onMoto() ? 404 : 403, thrown.statusCode(), thrown::toString);
        assertNoObject();
    }

    // ---------------------------------------------------------------- presigned download links

    @Test
    void presignedLinkDownloadsTheSameBytesWithoutCredentials() throws Exception {
        byte[] content = ("employee_id,name\r\nemp-1,Zoë 山田\r\n").getBytes(StandardCharsets.UTF_8);
        MultipartUploadStream.open(s3, BUCKET, key, CSV).upload(out -> out.write(content));
        Instant before = Instant.now();

        S3Links.DownloadLink link = stack.links("ReportsFunction").download(BUCKET, key);

        assertEquals(S3Links.DEFAULT_VALIDITY, stack.links("ReportsFunction").validity());
        assertTrue(
                !link.expiresAt().isBefore(before.plus(Duration.ofMinutes(15)).minusSeconds(1))
                        && !link.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(15))),
                link::toString);
        assertTrue(link.url().toString().startsWith(stack.aws().s3Endpoint() + "/" + BUCKET + "/"), link::toString);
        HttpResponse<byte[]> response = get(link.url());
        assertEquals(200, response.statusCode(), () -> new String(response.body(), StandardCharsets.UTF_8));
        assertArrayEquals(content, response.body());
        assertEquals(CSV, response.headers().firstValue("content-type").orElse(null));
    }

    @MotoDeviates(value = MotoDeviates.PRESIGNED_URLS_UNCHECKED, aws = MotoDeviates.PRESIGNED_URLS_DOCS)
    @Test
    void linkWithOneCharacterOfItsSignatureChangedIsForbidden() throws Exception {
        MultipartUploadStream.open(s3, BUCKET, key, CSV).upload(out -> out.write(pattern(10)));
        URI link = stack.links("ReportsFunction").download(BUCKET, key).url();

        String url = link.toString();
        int signature = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
        char last = url.charAt(signature + 63);
        URI tampered = URI.create(
                url.substring(0, signature + 63) + (last == '0' ? '1' : '0') + url.substring(signature + 64));

        assertEquals(200, get(link).statusCode());
        HttpResponse<byte[]> response = get(tampered);
        assertEquals(403, response.statusCode());
        assertTrue(
                new String(response.body(), StandardCharsets.UTF_8).contains("SignatureDoesNotMatch"),
                () -> new String(response.body(), StandardCharsets.UTF_8));
    }

    @MotoDeviates(value = MotoDeviates.PRESIGNED_URLS_UNCHECKED, aws = MotoDeviates.PRESIGNED_URLS_DOCS)
    @Test
    void expiredLinkIsForbidden() throws Exception {
        MultipartUploadStream.open(s3, BUCKET, key, CSV).upload(out -> out.write(pattern(10)));
        Instant anHourAgo = Instant.now().minus(Duration.ofHours(1));

        // Signed an hour ago: one valid for two hours works, so the signature of a past date is right ...
        assertEquals(200, get(linkSignedAt(anHourAgo, Duration.ofHours(2))).statusCode(), "still valid");
        // ... and one valid for a second has expired, with nothing to wait for.
        HttpResponse<byte[]> response = get(linkSignedAt(anHourAgo, Duration.ofSeconds(1)));
        assertEquals(403, response.statusCode());
        assertTrue(
                new String(response.body(), StandardCharsets.UTF_8).contains("AccessDenied"),
                () -> new String(response.body(), StandardCharsets.UTF_8));
    }

    /**
     * A presigned GET of the object as the function's credentials sign it (SigV4 in the query string, unsigned
     * payload, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html), dated {@code signedAt}:
     * S3Presigner always signs with the time now, so a link that expired in the past is signed here.
     */
    private URI linkSignedAt(Instant signedAt, Duration validity) {
        var environment = stack.deployment("ReportsFunction").environment();
        String object = stack.links("ReportsFunction")
                .download(BUCKET, key)
                .url()
                .toString()
                .split("\\?", 2)[0];
        var signed = AwsV4HttpSigner.create()
                .sign(request -> request.identity(AwsClients.credentials(environment)
                                .resolveIdentity()
                                .join())
                        .request(software.amazon.awssdk.http.SdkHttpRequest.builder()
                                .method(software.amazon.awssdk.http.SdkHttpMethod.GET)
                                .uri(URI.create(object))
                                .build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(
                                AwsV4HttpSigner.REGION_NAME,
                                AwsClients.region(environment).id())
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, validity)
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        return signed.request().getUri();
    }

    @Test
    void linkValidityIsBetweenASecondAndSevenDays() {
        S3Links links = stack.links("ReportsFunction");
        assertThrows(IllegalArgumentException.class, () -> links.validFor(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class,
                () -> links.validFor(Duration.ofDays(7).plusSeconds(1)));
        assertEquals(Duration.ofDays(7), links.validFor(Duration.ofDays(7)).validity());
    }

    // ---------------------------------------------------------------- helpers

    /** Looked at as the harness: the function itself may not list (its policy has no s3:ListBucket). */
    private void assertNoObject() {
        assertThrows(
                NoSuchKeyException.class,
                () -> stack.s3().headObject(h -> h.bucket(BUCKET).key(key)));
        assertTrue(stack.s3()
                .listObjectsV2(list -> list.bucket(BUCKET).prefix(key))
                .contents()
                .isEmpty());
    }

    private void assertNoOpenUploads() {
        List<MultipartUpload> open = stack.s3()
                .listMultipartUploads(list -> list.bucket(BUCKET).prefix(key))
                .uploads();
        assertEquals(List.of(), open);
    }

    private static void assertDoesNothing(ThrowingRunnable action) {
        try {
            action.run();
        } catch (Exception e) {
            throw new AssertionError("expected no effect, got " + e, e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A plain HTTP GET, as a browser following the link would make: no SDK, no credentials. */
    private static HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + (i >>> 8));
        }
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Employee employee(int n) {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        return new Employee(
                "emp-" + n,
                "e" + n + "@example.com",
                "Zoë",
                "Nguyễn-" + n,
                "E-" + n,
                n % 7 == 0 ? "R&D, \"Labs\"" : "-Ops",
                "Picker",
                ZoneId.of("Europe/Berlin"),
                true,
                created,
                created,
                1);
    }

    private static WorkSession session(int employee, int day) {
        LocalDate date = LocalDate.of(2026, 1, 1).plusDays(day);
        Instant in =
                date.atTime(8, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant().plusSeconds(employee);
        Instant out = in.plusSeconds(30_000 + employee);
        return new WorkSession(
                "emp-" + employee,
                date,
                in,
                out,
                27_000 + employee,
                3_000,
                List.of(new PunchCycle(in, out, 27_000 + employee, 3_000)),
                60,
                0,
                0,
                27_000 + employee,
                0,
                SessionStatus.COMPLETE,
                List.of());
    }

    /** Passes bytes on while hashing and counting them, so 12 MiB are compared without keeping a copy. */
    private static final class Digest extends DigestOutputStream {
        long count;

        Digest() {
            super(OutputStream.nullOutputStream(), sha256());
        }

        Digest to(OutputStream target) {
            out = target;
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            super.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            super.write(b, off, len);
            count += len;
        }

        byte[] digest() {
            return getMessageDigest().digest();
        }
    }

    /** Records the S3 operations the stream performs, in order. */
    private final class Record implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            operations.add(operation(context.request()));
        }
    }

    /** Fails the n-th call of one operation before it is sent, as a dropped connection would. */
    private static final class FailOn implements ExecutionInterceptor {
        private String operation;
        private int occurrence;
        private int seen;
        SdkClientException thrown;

        void on(String operation, int occurrence) {
            this.operation = operation;
            this.occurrence = occurrence;
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (operation(context.request()).equals(operation) && ++seen == occurrence) {
                thrown = SdkClientException.create("injected failure of " + operation + " #" + occurrence);
                throw thrown;
            }
        }
    }

    private static String operation(SdkRequest request) {
        return request.getClass().getSimpleName().replaceFirst("Request$", "");
    }
}
