package dev.timetracker.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The DynamoDB emulator of the local stack checks who signed each request and authorises every table, index and
 * transaction item against that function's policy in template.yaml, as IAM does in AWS.
 */
@EmulatorOnly("IAM is enforced by the emulators only; moto checks no policy")
@ExtendWith(LocalAwsExtension.class)
class DynamoDbIamTest {
    private static final String ACCOUNT_TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/";
    private static final String PUNCH_ROLE = "arn:aws:sts::000000000000:assumed-role/PunchFunction-role/PunchFunction";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestStack stack;
    private DynamoDbClient punch;
    private String pk;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.punch = Callers.dynamoDbAs(stack, "PunchFunction");
        this.pk = "iam-test#" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        punch.close();
    }

    // ---------------------------------------------------------------- what a policy allows, and nothing else

    @Test
    void punchMayUpdateItsClockInTheTimeTable() {
        punch.updateItem(r -> r.tableName("TimeTable")
                .key(key(pk, "clock"))
                .updateExpression("SET touched = :t")
                .expressionAttributeValues(Map.of(":t", s("yes"))));

        assertEquals(
                "yes",
                stack.dynamoDb()
                        .getItem(r -> r.tableName("TimeTable").key(key(pk, "clock")))
                        .item()
                        .get("touched")
                        .s());
    }

    @Test
    void punchMayNotPutAnEmployee() {
        DynamoDbException denied = assertThrows(
                DynamoDbException.class,
                () -> punch.putItem(r -> r.tableName("EmployeesTable").item(key(pk, "profile"))));

        assertAccessDenied(denied);
        assertEquals(
                "User: " + PUNCH_ROLE + " is not authorized to perform: dynamodb:PutItem on resource: " + ACCOUNT_TABLE
                        + "EmployeesTable because no identity-based policy allows the dynamodb:PutItem action",
                denied.awsErrorDetails().errorMessage());
        assertFalse(stack.dynamoDb()
                .getItem(r -> r.tableName("EmployeesTable").key(key(pk, "profile")))
                .hasItem());
    }

    @Test
    void aQueryOnAnIndexNeedsTheIndexInThePolicy() {
        // PunchFunction may Query the employees table itself, not its indexes.
        punch.query(r -> r.tableName("EmployeesTable")
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk))));

        DynamoDbException denied = assertThrows(
                DynamoDbException.class,
                () -> punch.query(r -> r.tableName("EmployeesTable")
                        .indexName("by-department")
                        .keyConditionExpression("department = :d")
                        .expressionAttributeValues(Map.of(":d", s("Sales")))));

        assertAccessDenied(denied);
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains(
                                "dynamodb:Query on resource: " + ACCOUNT_TABLE + "EmployeesTable/index/by-department "),
                denied.getMessage());
    }

    @Test
    void oneDeniedItemFailsTheWholeTransactionAndNothingIsWritten() {
        TransactWriteItem clock = TransactWriteItem.builder()
                .update(u -> u.tableName("TimeTable")
                        .key(key(pk, "clock"))
                        .updateExpression("SET touched = :t")
                        .expressionAttributeValues(Map.of(":t", s("yes"))))
                .build();
        TransactWriteItem audit = TransactWriteItem.builder()
                .put(p -> p.tableName("AuditTable").item(key(pk, "audit")))
                .build();
        TransactWriteItem employee = TransactWriteItem.builder()
                .put(p -> p.tableName("EmployeesTable").item(key(pk, "profile")))
                .build();

        DynamoDbException denied = assertThrows(
                DynamoDbException.class, () -> punch.transactWriteItems(r -> r.transactItems(clock, audit, employee)));

        assertAccessDenied(denied);
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("dynamodb:PutItem on resource: " + ACCOUNT_TABLE + "EmployeesTable "),
                denied.getMessage());
        assertFalse(stack.dynamoDb()
                .getItem(r -> r.tableName("TimeTable").key(key(pk, "clock")))
                .hasItem());
        assertFalse(stack.dynamoDb()
                .getItem(r -> r.tableName("AuditTable").key(key(pk, "audit")))
                .hasItem());
        // The same transaction without the denied item is allowed: UpdateItem and PutItem per item, not the
        // TransactWriteItems action, are what IAM checks.
        punch.transactWriteItems(r -> r.transactItems(clock, audit));
        assertTrue(stack.dynamoDb()
                .getItem(r -> r.tableName("AuditTable").key(key(pk, "audit")))
                .hasItem());
    }

    @Test
    void aConditionCheckInATransactionNeedsConditionCheckItem() {
        stack.dynamoDb().putItem(r -> r.tableName("EmployeesTable").item(key(pk, "profile")));
        TransactWriteItem clock = TransactWriteItem.builder()
                .update(u -> u.tableName("TimeTable")
                        .key(key(pk, "clock"))
                        .updateExpression("SET touched = :t")
                        .expressionAttributeValues(Map.of(":t", s("yes"))))
                .build();

        DynamoDbException denied = assertThrows(
                DynamoDbException.class,
                () -> punch.transactWriteItems(r -> r.transactItems(
                        clock,
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName("EmployeesTable")
                                        .key(key(pk, "profile"))
                                        .conditionExpression("attribute_exists(pk)"))
                                .build())));

        assertAccessDenied(denied);
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("dynamodb:ConditionCheckItem on resource: " + ACCOUNT_TABLE + "EmployeesTable "),
                denied.getMessage());
    }

    @Test
    void transactGetItemsNeedsGetItemOnEveryTable() {
        DynamoDbException denied = assertThrows(
                DynamoDbException.class,
                () -> punch.transactGetItems(r -> r.transactItems(List.of(
                        TransactGetItem.builder()
                                .get(x -> x.tableName("TimeTable").key(key(pk, "clock")))
                                .build(),
                        TransactGetItem.builder()
                                .get(x -> x.tableName("AuthTable").key(key(pk, "session")))
                                .build()))));

        assertAccessDenied(denied);
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("dynamodb:GetItem on resource: " + ACCOUNT_TABLE + "AuthTable "),
                denied.getMessage());
    }

    @Test
    void aBatchGetIsAuthorisedPerTable() {
        KeysAndAttributes one =
                KeysAndAttributes.builder().keys(List.of(key(pk, "x"))).build();
        punch.batchGetItem(r -> r.requestItems(Map.of("AuthTable", one)));

        DynamoDbException denied = assertThrows(
                DynamoDbException.class,
                () -> punch.batchGetItem(r -> r.requestItems(Map.of("AuthTable", one, "EmployeesTable", one))));

        assertAccessDenied(denied);
        assertTrue(
                denied.awsErrorDetails()
                        .errorMessage()
                        .contains("dynamodb:BatchGetItem on resource: " + ACCOUNT_TABLE + "EmployeesTable "),
                denied.getMessage());
    }

    @Test
    void aBatchWriteIsAuthorisedPerTable() {
        WriteRequest put =
                WriteRequest.builder().putRequest(p -> p.item(key(pk, "batch"))).build();
        try (DynamoDbClient aggregation = Callers.dynamoDbAs(stack, "DailyAggregationFunction");
                DynamoDbClient reports = Callers.dynamoDbAs(stack, "ReportsFunction")) {
            aggregation.batchWriteItem(r -> r.requestItems(Map.of("TimeTable", List.of(put))));

            assertAccessDenied(assertThrows(
                    DynamoDbException.class,
                    () -> reports.batchWriteItem(r -> r.requestItems(Map.of("TimeTable", List.of(put))))));
        }
        assertTrue(stack.dynamoDb()
                .getItem(r -> r.tableName("TimeTable").key(key(pk, "batch")))
                .hasItem());
    }

    @Test
    void listingTablesNeedsAPermissionOnEveryResource() {
        assertAccessDenied(assertThrows(DynamoDbException.class, () -> punch.listTables()));
        // Every page: the test classes before this one in its JVM may have created more than a page of tables
        // (ListTables returns at most 100 names per call:
        // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html).
        assertTrue(
                stack.dynamoDb().listTablesPaginator().tableNames().stream().anyMatch("TimeTable"::equals),
                "the harness may do anything");
    }

    // ---------------------------------------------------------------- signatures

    @Test
    void anUnsignedRequestIsRefused() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(stack.aws().dynamoEndpoint())
                        .header("Content-Type", "application/x-amz-json-1.0")
                        .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertError(response, "com.amazon.coral.service#MissingAuthenticationTokenException");
    }

    @Test
    void aCorrectlySignedRawRequestIsAccepted() throws Exception {
        Identity harness = stack.aws().identities().harness();

        HttpResponse<String> response = send(sign(
                listTables(),
                AwsBasicCredentials.create(harness.accessKeyId(), harness.secretAccessKey()),
                Clock.systemUTC()));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void anUnknownAccessKeyIsUnrecognised() throws Exception {
        HttpResponse<String> response = send(
                sign(listTables(), AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret"), Clock.systemUTC()));

        assertError(response, "com.amazon.coral.service#UnrecognizedClientException");
    }

    @Test
    void aSignatureMadeWithAnotherSecretIsInvalid() throws Exception {
        Identity punchIdentity =
                stack.aws().identities().function("PunchFunction").orElseThrow();
        AwsSessionCredentialsIdentity forged = AwsSessionCredentialsIdentity.create(
                punchIdentity.accessKeyId(),
                punchIdentity.secretAccessKey() + "x",
                punchIdentity.sessionToken().orElseThrow());

        HttpResponse<String> response = send(sign(query(), forged, Clock.systemUTC()));

        assertError(response, "com.amazon.coral.service#InvalidSignatureException");
    }

    @Test
    void aBodyChangedAfterSigningIsInvalid() throws Exception {
        Signed signed = sign(query(), sessionCredentials("PunchFunction"), Clock.systemUTC());

        HttpResponse<String> response =
                send(new Signed(signed.request(), signed.body().replace(pk, pk + "x")));

        assertError(response, "com.amazon.coral.service#InvalidSignatureException");
    }

    @Test
    void aSignatureOlderThanFifteenMinutesHasExpired() throws Exception {
        Clock twentyMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(20)), ZoneOffset.UTC);

        HttpResponse<String> response = send(sign(query(), sessionCredentials("PunchFunction"), twentyMinutesAgo));

        assertError(response, "com.amazon.coral.service#InvalidSignatureException");
        assertTrue(JSON.readTree(response.body()).path("message").asText().startsWith("Signature expired: "));
    }

    @Test
    void aSessionKeyNeedsItsOwnSessionToken() throws Exception {
        Identity punchIdentity =
                stack.aws().identities().function("PunchFunction").orElseThrow();
        Identity reportsIdentity =
                stack.aws().identities().function("ReportsFunction").orElseThrow();

        HttpResponse<String> withoutToken = send(sign(
                query(),
                AwsBasicCredentials.create(punchIdentity.accessKeyId(), punchIdentity.secretAccessKey()),
                Clock.systemUTC()));
        HttpResponse<String> withAnotherToken = send(sign(
                query(),
                AwsSessionCredentialsIdentity.create(
                        punchIdentity.accessKeyId(),
                        punchIdentity.secretAccessKey(),
                        reportsIdentity.sessionToken().orElseThrow()),
                Clock.systemUTC()));

        assertError(withoutToken, "com.amazon.coral.service#UnrecognizedClientException");
        assertError(withAnotherToken, "com.amazon.coral.service#UnrecognizedClientException");
    }

    @Test
    void aFunctionsCredentialsAreRefusedWhereTheHarnessWouldBeAllowed() {
        Identity punchIdentity =
                stack.aws().identities().function("PunchFunction").orElseThrow();
        // Static keys of a function, without the token: not even a read it is allowed goes through.
        try (DynamoDbClient keysOnly = Callers.dynamoDb(
                stack,
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(punchIdentity.accessKeyId(), punchIdentity.secretAccessKey())))) {
            DynamoDbException refused = assertThrows(
                    DynamoDbException.class,
                    () -> keysOnly.getItem(r -> r.tableName("TimeTable").key(key(pk, "clock"))));
            assertEquals(
                    "UnrecognizedClientException", refused.awsErrorDetails().errorCode());
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Signed(SdkHttpRequest request, String body) {}

    private String query() {
        return "{\"TableName\":\"TimeTable\",\"KeyConditionExpression\":\"pk = :pk\","
                + "\"ExpressionAttributeValues\":{\":pk\":{\"S\":\"" + pk + "\"}}}";
    }

    private static String listTables() {
        return "{}";
    }

    private AwsSessionCredentialsIdentity sessionCredentials(String function) {
        Identity identity = stack.aws().identities().function(function).orElseThrow();
        return AwsSessionCredentialsIdentity.create(
                identity.accessKeyId(),
                identity.secretAccessKey(),
                identity.sessionToken().orElseThrow());
    }

    /** A DynamoDB request signed by the SDK's own SigV4 signer, Query or ListTables by the body's shape. */
    private Signed sign(String body, AwsCredentialsIdentity credentials, Clock clock) {
        String target = body.equals("{}") ? "ListTables" : "Query";
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(stack.aws().dynamoEndpoint())
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810." + target)
                .build();
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        return new Signed(signed, body);
    }

    private static HttpResponse<String> send(Signed signed) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .POST(HttpRequest.BodyPublishers.ofString(signed.body(), StandardCharsets.UTF_8));
        // java.net.http sets Host and Content-Length itself, to the same values the signer signed.
        signed.request().forEachHeader((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase())) {
                values.forEach(value -> request.header(name, value));
            }
        });
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, String type) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals(type, body.path("__type").asText(), response.body());
    }

    private static void assertAccessDenied(DynamoDbException e) {
        assertEquals(400, e.statusCode());
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.getMessage());
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.builder().s(value).build();
    }
}
