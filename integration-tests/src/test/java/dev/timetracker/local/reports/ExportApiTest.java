package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Week.ANNA;
import static dev.timetracker.local.reports.Week.BOB;
import static dev.timetracker.local.reports.Week.CHIE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.TimeItems;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MotoDeviates;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /api/reports/export/csv/} and {@code GET /api/reports/exports/{id}/} over the hand-computed week
 * ({@link Week}), finalised by the nightly job: small exports written within the request with a presigned link
 * that S3Proxy checks (signature, expiry), validation and access, an S3 outage during the request (503, the job
 * marked failed, a retry that works), and large exports written by the export worker, including one that fails
 * three times.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportApiTest {
    private static final String EXPORT = "/api/reports/export/csv/";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern UUID_PATTERN =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** The rows of 2026-03-23..25 as the daily files have them (see ReportFiguresTest). */
    private static final List<String> MON_TO_WED = List.of(
            "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-23|08:58|17:10|7.70|27720|1800|1|0|0|0|complete||27720|7.70",
            "emp-f-inactive|B-004|Finn Olsen|Engineering|2026-03-23|10:00|14:00|4.00|14400|0|1|3600|10800|0|complete||14400|4.00",
            "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-24|09:03|15:30|6.45|23220|0|1|0|5400|0|complete||23220|6.45",
            "emp-c-tokyo|T-003|Chie Tanaka|Sales|2026-03-24|08:55|17:05|8.17|29400|0|1|0|0|600|complete||29400|8.17",
            "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-25|07:30|17:15|9.25|33300|1800|1|0|0|4500|complete||33300|9.25",
            "emp-b-newyork|N-002|Bob Carter|Support|2026-03-25|09:20|17:00|7.67|27600|0|1|1200|0|0|complete||27600|7.67");

    private TestStack stack;
    private Dataset data;
    private Api admin;
    private S3Client failingS3;
    private final FailingS3 s3Outage = new FailingS3();

    @BeforeAll
    void seedAndAggregate(TestStack stack) {
        this.stack = stack;
        this.data = Dataset.fresh(stack, SamTemplate.bucketName("ExportBucket"));
        Week.seed(data, Instant.now());
        ObjectNode summary = data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        assertEquals("done", summary.get("status").asText(), summary::toString);
        this.admin = Callers.admin(stack).via(data.reports());
        this.failingS3 = S3Clients.s3Builder(stack.deployment("ReportsFunction").environment())
                .overrideConfiguration(o -> o.addExecutionInterceptor(s3Outage))
                .build();
    }

    @AfterAll
    void closeClients() {
        failingS3.close();
    }

    // ------------------------------------------------------------------ written within the request

    @Test
    void aSmallExportIsWrittenWithinTheRequestAndDownloadsWithItsLink() throws Exception {
        Instant asked = Instant.now();
        Response created = admin.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-25"));
        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        String id = body.get("export_id").asText();
        assertEquals("ready", body.get("status").asText());
        assertEquals(6, body.get("rows").asLong());
        assertLinkValidFor(Duration.ofMinutes(15), asked, body);

        HttpResponse<byte[]> download = download(body.get("download_url").asText());
        assertEquals(200, download.statusCode());
        assertEquals(MON_TO_WED, rows(download.body()));

        // Asked for again: the same export, a fresh link to the same bytes.
        Response again = admin.get("/api/reports/exports/" + id + "/");
        assertEquals(200, again.status(), again::toString);
        assertEquals(id, again.json().get("export_id").asText());
        assertEquals("ready", again.json().get("status").asText());
        assertEquals(6, again.json().get("rows").asLong());
        assertLinkValidFor(Duration.ofMinutes(15), asked, again.json());
        HttpResponse<byte[]> second = download(again.json().get("download_url").asText());
        assertEquals(200, second.statusCode());
        assertEquals(new String(download.body()), new String(second.body()));

        // The same without a trailing slash, and as a manager.
        Response manager = Callers.manager(stack).via(data.reports()).get("/api/reports/exports/" + id);
        assertEquals(200, manager.status(), manager::toString);
        assertEquals("ready", manager.json().get("status").asText());
    }

    @Test
    void anExportOfSomeEmployeesHoldsTheirRowsOnly() throws Exception {
        Response created = admin.post(
                EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-29", "employee_ids", List.of(CHIE, ANNA, CHIE)));
        assertEquals(201, created.status(), created::toString);
        assertEquals(6, created.json().get("rows").asLong());
        List<String> rows =
                rows(download(created.json().get("download_url").asText()).body());
        List<String> keys = new ArrayList<>();
        rows.forEach(row -> keys.add(row.split("\\|")[4] + " " + row.split("\\|")[0]));
        assertEquals(
                List.of(
                        "2026-03-23 emp-a-berlin",
                        "2026-03-24 emp-a-berlin",
                        "2026-03-24 emp-c-tokyo",
                        "2026-03-25 emp-a-berlin",
                        "2026-03-26 emp-c-tokyo",
                        "2026-03-29 emp-a-berlin"),
                keys);
        assertTrue(
                rows.contains(
                        "emp-c-tokyo|T-003|Chie Tanaka|Sales|2026-03-26|09:30|19:30|9.25|33300|2700|1|1800|0|4500|auto_closed|missing_punch_out|33300|9.25"));
        assertTrue(
                rows.contains(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-29|01:00|05:00|3.00|10800|0|1|0|0|0|complete||10800|3.00"));
    }

    /**
     * A named export reads the named employees' items by key: no Query of the sessions-by-date index (everyone's
     * sessions of a date) and no read of every clock, and exactly the named employees' session keys of each day,
     * however large the organisation. Same rows as {@link #anExportOfSomeEmployeesHoldsTheirRowsOnly}.
     */
    @Test
    void anExportOfNamedEmployeesReadsTheirItemsByKeyNotTheWholeOrganisation() throws Exception {
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        Set<String> sessionKeysAsked = Collections.synchronizedSet(new java.util.TreeSet<>());
        try (DynamoDbClient counting = AwsClients.dynamoDbBuilder(
                        stack.deployment("ReportsFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        String operation =
                                                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
                                        if (context.request() instanceof QueryRequest query) {
                                            operation += " " + query.indexName();
                                        }
                                        if (context.request() instanceof BatchGetItemRequest batch) {
                                            batch.requestItems()
                                                    .values()
                                                    .forEach(keys -> keys.keys().stream()
                                                            .filter(key -> key.get("sk")
                                                                    .s()
                                                                    .startsWith("SESSION#"))
                                                            .forEach(key -> sessionKeysAsked.add(key.get("pk")
                                                                            .s() + " "
                                                                    + key.get("sk")
                                                                            .s())));
                                        }
                                        reads.add(operation);
                                    }
                                })
                                .build())
                .build()) {
            Api named = Callers.admin(stack)
                    .via(new ReportsHandler(ReportsHandler.Config.of(
                                    data.deployment("ReportsFunction").withDb(counting))
                            .withS3(stack.s3())
                            .withLinks(stack.links("ReportsFunction"))));
            Response created = named.post(
                    EXPORT,
                    Map.of("from", "2026-03-23", "to", "2026-03-29", "employee_ids", List.of(CHIE, ANNA, CHIE)));
            assertEquals(201, created.status(), created::toString);
            assertEquals(6, created.json().get("rows").asLong());
        }
        assertFalse(reads.contains("Query " + TimeItems.SESSIONS_BY_DATE_INDEX), reads::toString);
        assertFalse(reads.contains("Query " + ClockItems.CLOCKS_INDEX), reads::toString);
        assertFalse(reads.contains("Scan"), reads::toString);
        // Unprocessed keys (the emulator hands some back, as DynamoDB may) are asked for again: count keys, not calls.
        assertEquals(2 * 7, sessionKeysAsked.size(), "two employees, seven days: " + sessionKeysAsked);
    }

    @MotoDeviates(value = MotoDeviates.PRESIGNED_URLS_UNCHECKED, aws = MotoDeviates.PRESIGNED_URLS_DOCS)
    @Test
    void aTamperedLinkIsRefused() throws Exception {
        Response created = admin.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-23"));
        assertEquals(201, created.status(), created::toString);
        String url = created.json().get("download_url").asText();
        assertEquals(200, download(url).statusCode());

        Matcher signature = Pattern.compile("X-Amz-Signature=([0-9a-f]+)").matcher(url);
        assertTrue(signature.find(), url);
        String sig = signature.group(1);
        String flipped = sig.substring(0, sig.length() - 1) + (sig.endsWith("0") ? "1" : "0");
        assertEquals(403, download(url.replace(sig, flipped)).statusCode(), "another signature");
        String otherObject =
                url.replaceFirst(UUID_PATTERN.pattern() + "\\.csv", "00000000-0000-0000-0000-000000000000.csv");
        assertNotEquals(url, otherObject);
        assertEquals(403, download(otherObject).statusCode(), "the signature of another object");
        String longer = url.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=604800");
        assertNotEquals(url, longer);
        assertEquals(403, download(longer).statusCode(), "a validity of one's own choosing");
    }

    @Test
    void aLinkIsSignedForItsValidityAndAskingAgainGivesAFreshOne() throws Exception {
        Api shortLinks = Callers.admin(stack)
                .via(data.reports(stack.s3(), stack.links("ReportsFunction").validFor(Duration.ofSeconds(1))));
        Instant asked = Instant.now();
        Response created = shortLinks.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-24"));
        assertEquals(201, created.status(), created::toString);
        assertLinkValidFor(Duration.ofSeconds(1), asked, created.json());
        // The link's validity is its signed X-Amz-Expires (checked above); that storage refuses a link past it, with
        // AccessDenied, ExportStorageTest.expiredLinkIsForbidden shows on a link signed in the past, with no wait.

        // The export itself is still there: asking again gives a fresh link that works.
        Response fresh = admin.get(
                "/api/reports/exports/" + created.json().get("export_id").asText() + "/");
        assertEquals(200, fresh.status(), fresh::toString);
        assertEquals(200, download(fresh.json().get("download_url").asText()).statusCode());
    }

    // ------------------------------------------------------------------ refused requests

    @Test
    void anUnknownExportIsNotFound() {
        for (String id : List.of("00000000-0000-0000-0000-000000000000", "no-such-export")) {
            Response response = admin.get("/api/reports/exports/" + id + "/");
            assertEquals(404, response.status(), response::toString);
            assertEquals("application/problem+json", response.header("content-type"));
            assertEquals(
                    "https://timetracker.dev/problems/not-found",
                    response.json().get("type").asText());
        }
    }

    /**
     * A week after it was asked for, an export is gone: its item expires by TTL, which DynamoDB applies late (up to
     * two days; the suite's emulator keeps expired items until swept), so the status read must not return it.
     */
    @Test
    @EmulatorOnly("sweeps TTL through the emulator")
    void anExportPastItsExpiryIsNotFoundAlthoughTtlHasNotDeletedItYet() {
        ExportJobs jobs = new ExportJobs(stack.dynamoDb(), data.exportsTable);
        String id = java.util.UUID.randomUUID().toString();
        Instant askedLongAgo = Instant.now().minus(Duration.ofDays(8));
        jobs.save(
                new ExportJob(
                        id,
                        ExportJob.Status.READY,
                        new DateRange(java.time.LocalDate.parse("2026-03-23"), java.time.LocalDate.parse("2026-03-23")),
                        List.of(ANNA),
                        "test",
                        askedLongAgo,
                        "exports/adhoc/" + id + ".csv",
                        1,
                        null,
                        0),
                null);

        Response expired = admin.get("/api/reports/exports/" + id + "/");
        assertEquals(404, expired.status(), expired::toString);
        assertEquals(
                "https://timetracker.dev/problems/not-found",
                expired.json().get("type").asText());

        stack.dynamoEmulator().sweepTtl();
        assertNull(data.item(data.exportsTable, "EXPORT#" + id, "EXPORT"), "TTL's sweep deletes it eventually");
        assertEquals(404, admin.get("/api/reports/exports/" + id + "/").status());
    }

    @Test
    void invalidExportRequestsAreRefusedWithTheFieldsAtFault() {
        // Each refused body, with the field the problem must name.
        List<Map.Entry<String, Map<String, Object>>> cases = List.of(
                Map.entry("from", Map.of("to", "2026-03-25")),
                Map.entry("to", Map.of("from", "2026-03-25")),
                Map.entry("to", Map.of("from", "2026-03-25", "to", "2026-03-24")), // to before from
                Map.entry("to", Map.of("from", "2025-01-01", "to", "2026-01-02")), // 367 days
                Map.entry("to", Map.of("from", "2026-03-23", "to", "2026-02-30")), // no such date
                Map.entry("format", Map.of("from", "2026-03-23", "to", "2026-03-24", "format", "xlsx")),
                Map.entry("employee_ids", Map.of("from", "2026-03-23", "to", "2026-03-24", "employee_ids", ANNA)));
        int exportsBefore = data.items(data.exportsTable).size();
        for (var entry : cases) {
            Response response = admin.post(EXPORT, entry.getValue());
            assertEquals(400, response.status(), entry.getValue() + ": " + response);
            List<String> fields = new ArrayList<>();
            response.json()
                    .get("errors")
                    .forEach(error -> fields.add(error.get("field").asText()));
            assertTrue(fields.contains(entry.getKey()), entry.getValue() + ": " + response);
        }
        for (String body : List.of("", "[]", "{\"from\": ", "{\"from\": 20260323, \"to\": \"2026-03-24\"}")) {
            Response response = admin.send("POST", EXPORT, body);
            assertEquals(400, response.status(), body + ": " + response);
        }
        assertEquals(exportsBefore, data.items(data.exportsTable).size(), "no export job for a refused request");
        // A 366-day range is the longest allowed.
        Response longest =
                admin.post(EXPORT, Map.of("from", "2025-03-30", "to", "2026-03-30", "employee_ids", List.of(ANNA)));
        assertEquals(201, longest.status(), longest::toString);
        assertEquals(4, longest.json().get("rows").asLong());
    }

    @Test
    void onlyAdminsAndManagersMayExport() {
        Api employee = Callers.employee(stack).via(data.reports());
        Response post = employee.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-24"));
        assertEquals(403, post.status(), post::toString);
        assertEquals(
                "https://timetracker.dev/problems/forbidden",
                post.json().get("type").asText());
        String id = admin.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-23"))
                .json()
                .get("export_id")
                .asText();
        Response status = employee.get("/api/reports/exports/" + id + "/");
        assertEquals(403, status.status(), status::toString);
        assertFalse(status.body().contains("download_url"));

        Api anonymous = Callers.anonymous(stack).via(data.reports());
        Response anonymousPost = anonymous.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-24"));
        assertEquals(401, anonymousPost.status(), anonymousPost::toString);
        Response anonymousStatus = anonymous.get("/api/reports/exports/" + id + "/");
        assertEquals(401, anonymousStatus.status(), anonymousStatus::toString);
        Response forged = anonymous
                .withHeaders(Map.of("authorization", "Bearer not.a.token"))
                .get("/api/reports/exports/" + id + "/");
        assertEquals(401, forged.status(), forged::toString);

        Response manager = Callers.manager(stack)
                .via(data.reports())
                .post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-23"));
        assertEquals(201, manager.status(), manager::toString);
    }

    // ------------------------------------------------------------------ S3 outage during the request

    @Test
    void anS3OutageDuringTheExportAnswers503AndTheRetryWorks() throws Exception {
        Api broken = Callers.admin(stack).via(data.reports(failingS3, stack.links("ReportsFunction")));
        int failedBefore = s3Outage.failed.get();
        Response failed = broken.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-25"));
        assertEquals(503, failed.status(), failed::toString);
        assertEquals("application/problem+json", failed.header("content-type"));
        assertEquals(
                "https://timetracker.dev/problems/service-unavailable",
                failed.json().get("type").asText());
        String retryAfter = failed.header("retry-after");
        assertTrue(
                retryAfter != null && retryAfter.matches("\\d+") && Long.parseLong(retryAfter) > 0, failed::toString);
        for (String internal : List.of("Exception", "PutObject", "UploadPart", "S3", "bucket", "Sdk")) {
            assertFalse(failed.body().contains(internal), "no internals (" + internal + ") in " + failed.body());
        }
        assertTrue(s3Outage.failed.get() > failedBefore, "the upload was tried");

        // The failed export, as the person who asked can look it up: its id is in the problem's detail.
        Matcher id = UUID_PATTERN.matcher(failed.json().get("detail").asText());
        assertTrue(id.find(), failed::toString);
        Response record = admin.get("/api/reports/exports/" + id.group() + "/");
        assertEquals(200, record.status(), record::toString);
        assertEquals("failed", record.json().get("status").asText());
        String error = record.json().get("error").asText();
        assertTrue(error.contains("could not be written") && error.contains("Try the export again"), error);
        assertFalse(record.json().has("download_url"));
        assertTrue(data.objectKeys("exports/adhoc/" + id.group()).isEmpty(), "nothing kept in the bucket");

        Response retried = admin.post(EXPORT, Map.of("from", "2026-03-23", "to", "2026-03-25"));
        assertEquals(201, retried.status(), retried::toString);
        assertEquals(
                MON_TO_WED,
                rows(download(retried.json().get("download_url").asText()).body()));
    }

    // ------------------------------------------------------------------ written by the export worker

    /** 3 real and 52 unknown employees over 366 days: 55 × 366 = 20,130 estimated rows, above the 20,000 inline. */
    private static Map<String, Object> largeExport() {
        List<String> ids = new ArrayList<>(List.of(ANNA, BOB, CHIE));
        for (int i = 0; ids.size() < 55; i++) {
            ids.add("ghost-" + i);
        }
        return Map.of("from", "2025-12-31", "to", "2026-12-31", "employee_ids", ids);
    }

    @Test
    void aLargeExportIsHandedToTheWorkerAndBecomesReady() throws Exception {
        Dataset own = data.withFreshExports();
        Api api = Callers.admin(stack).via(own.reports());
        Instant asked = Instant.now();
        Response accepted = api.post(EXPORT, largeExport());
        assertEquals(202, accepted.status(), accepted::toString);
        String id = accepted.json().get("export_id").asText();
        assertEquals("pending", accepted.json().get("status").asText());
        assertEquals(Set.of("export_id", "status"), fields(accepted.json()));
        Response pending = api.get("/api/reports/exports/" + id + "/");
        assertEquals(200, pending.status(), pending::toString);
        assertEquals("pending", pending.json().get("status").asText());

        // A worker run from before the job was asked for does not see it.
        ObjectNode early = runWorker(own.aggregation(Clock.fixed(asked.minusSeconds(60), ZoneOffset.UTC)));
        assertEquals(0, early.get("ready").size(), early::toString);

        ObjectNode run = runWorker(own.aggregation(Clock.fixed(Instant.now().plusSeconds(1), ZoneOffset.UTC)));
        assertEquals(List.of(id), texts(run.get("ready")), run::toString);
        Response ready = api.get("/api/reports/exports/" + id + "/");
        assertEquals(200, ready.status(), ready::toString);
        assertEquals("ready", ready.json().get("status").asText());
        // Anna 4 days, Bob 2, Chie 2; the unknown ids have no rows.
        assertEquals(8, ready.json().get("rows").asLong());
        assertLinkValidFor(Duration.ofMinutes(15), asked, ready.json());
        List<String> rows =
                rows(download(ready.json().get("download_url").asText()).body());
        assertEquals(8, rows.size());
        assertTrue(
                rows.contains(
                        "emp-b-newyork|N-002|Bob Carter|Support|2026-03-27|21:00|05:00|7.50|27000|1800|1|43200|0|0|complete||27000|7.50"),
                rows::toString);
        assertTrue(rows.stream().noneMatch(row -> row.startsWith("emp-f-")), "Finn was not asked for");

        ObjectNode nothingLeft =
                runWorker(own.aggregation(Clock.fixed(Instant.now().plusSeconds(600), ZoneOffset.UTC)));
        assertEquals(
                0, nothingLeft.get("ready").size() + nothingLeft.get("retrying").size(), nothingLeft::toString);
    }

    @Test
    void aLargeExportFailingThreeTimesInTheWorkerEndsFailedWithAnActionableError() {
        Dataset own = data.withFreshExports();
        Api api = Callers.admin(stack).via(own.reports());
        Response accepted = api.post(EXPORT, largeExport());
        assertEquals(202, accepted.status(), accepted::toString);
        String id = accepted.json().get("export_id").asText();

        MutableClock clock = new MutableClock(Instant.now().plusSeconds(1));
        var worker = own.aggregation(stack.dynamoDb(), failingS3, clock);
        assertEquals(List.of(id), texts(runWorker(worker).get("retrying")), "attempt 1");
        assertEquals(
                "pending",
                api.get("/api/reports/exports/" + id + "/").json().get("status").asText());
        ObjectNode tooSoon = runWorker(worker);
        assertEquals(0, tooSoon.get("retrying").size() + tooSoon.get("failed").size(), "tried again a minute later");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(List.of(id), texts(runWorker(worker).get("retrying")), "attempt 2");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(List.of(id), texts(runWorker(worker).get("failed")), "attempt 3");

        Response failed = api.get("/api/reports/exports/" + id + "/");
        assertEquals(200, failed.status(), failed::toString);
        assertEquals("failed", failed.json().get("status").asText());
        String error = failed.json().get("error").asText();
        assertTrue(error.contains("3 of 3") && error.contains("Ask for the export again"), error);
        assertFalse(failed.json().has("download_url"));
        clock.advance(Duration.ofSeconds(600));
        ObjectNode after = runWorker(worker);
        assertEquals(
                0,
                after.get("retrying").size()
                        + after.get("failed").size()
                        + after.get("ready").size(),
                "a failed job is not taken again: " + after);
    }

    /**
     * The worker takes a job as soon as its time has come, to the sub-second: a job the worker may start at
     * 10:00:00 is due for a worker run at 10:00:00.5 (instants as text sort correctly only at one fixed width).
     */
    @Test
    void aJobIsDueFromItsInstantOnToTheSubSecond() {
        Dataset own = data.withFreshExports();
        ExportJobs jobs = new ExportJobs(stack.dynamoDb(), own.exportsTable);
        // Ahead of the real clock: a job asked for over a week ago (real time) is past its TTL, and a worker that
        // takes jobs by a conditional lease on the item finds it deleted by the emulator's sweep.
        Instant due = Instant.parse("2099-11-20T10:00:00Z");
        ExportJob job = new ExportJob(
                "sub-second-job",
                ExportJob.Status.PENDING,
                new DateRange(java.time.LocalDate.parse("2026-03-23"), java.time.LocalDate.parse("2026-03-23")),
                List.of(ANNA),
                "test",
                due.minusSeconds(1),
                null,
                0,
                null,
                0);
        jobs.save(job, due);
        ObjectNode before = runWorker(own.aggregation(Clock.fixed(due.minusMillis(500), ZoneOffset.UTC)));
        assertEquals(List.of(), texts(before.get("ready")), "not yet");
        ObjectNode after = runWorker(own.aggregation(Clock.fixed(due.plusMillis(500), ZoneOffset.UTC)));
        assertEquals(List.of("sub-second-job"), texts(after.get("ready")), "due half a second ago");
        assertEquals(1, jobs.find("sub-second-job", due).orElseThrow().rows());
    }

    // ------------------------------------------------------------------ helpers

    /**
     * One run of the export worker. It runs once a minute, and reads the pending jobs from an index, which lags
     * behind the table for up to a second: by the next run the index has caught up with the last save.
     */
    private ObjectNode runWorker(dev.timetracker.functions.aggregation.DailyAggregationHandler worker) {
        stack.awaitIndexes();
        return worker.handle(Json.mapper().valueToTree(Map.of("job", "exports")), () -> Long.MAX_VALUE);
    }

    private static void assertLinkValidFor(Duration validity, Instant asked, JsonNode export) {
        Instant expiresAt = Instant.parse(export.get("expires_at").asText());
        assertTrue(export.get("expires_at").asText().endsWith("Z"), export::toString);
        assertTrue(
                !expiresAt.isBefore(asked.plus(validity).minusSeconds(1))
                        && !expiresAt.isAfter(Instant.now().plus(validity).plusSeconds(1)),
                "expires_at " + expiresAt + " for a link valid " + validity + " asked at " + asked);
        String url = export.get("download_url").asText();
        assertTrue(url.contains("X-Amz-Expires=" + validity.toSeconds()), url);
        assertTrue(url.contains("X-Amz-Signature="), url);
    }

    private static HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> rows(byte[] csv) {
        Rfc4180.Table table = Rfc4180.parse(csv);
        assertEquals(
                String.join(",", table.header()),
                "employee_id,employee_code,name,department,work_date,first_in,"
                        + "last_out,worked_hours,worked_seconds,break_seconds,cycles,late_seconds,early_leave_seconds,"
                        + "overtime_seconds,status,flags,payable_seconds,payable_hours");
        List<String> rows = new ArrayList<>();
        table.rows().forEach(row -> rows.add(String.join("|", row)));
        return rows;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** S3 refusing every write: what an outage of the bucket looks like to the SDK once its retries are spent. */
    private static final class FailingS3 implements ExecutionInterceptor {
        private static final Set<String> WRITES =
                Set.of("PutObject", "UploadPart", "CreateMultipartUpload", "CompleteMultipartUpload");
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (WRITES.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                failed.incrementAndGet();
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            }
        }
    }
}
