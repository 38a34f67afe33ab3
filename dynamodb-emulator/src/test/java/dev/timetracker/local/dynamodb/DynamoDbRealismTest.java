package dev.timetracker.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The emulator's realistic mode, through the real AWS SDK v2 client: every behaviour that DynamoDB shows only
 * sometimes, driven deterministically (held index propagation, batches answered in part, paused transactions,
 * explicit TTL sweeps) and, for the index lag, also as the integration suite runs it (seeded random delays).
 */
class DynamoDbRealismTest {
    private DynamoDbEmulator emulator;
    private DynamoDbClient dynamo;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    private void start(Realism realism) {
        emulator = DynamoDbEmulator.start(0, null, realism, Duration.ofMillis(20), RequestAuthorizer.OPEN);
        dynamo = DynamoDbEmulatorTest.client(emulator);
        dynamo.createTable(DynamoDbEmulatorTest.tableRequest("entries", true));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        if (dynamo != null) {
            dynamo.close();
            emulator.close();
        }
    }

    // ---- global secondary indexes are eventually consistent ----

    @Test
    void aGlobalIndexShowsTheTableAsItWasUntilPropagationIsReleased() {
        start(Realism.off());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        emulator.indexes().hold();

        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e2", "open", 2)));
        dynamo.updateItem(b -> b.tableName("entries")
                .key(key("user#1", "e1"))
                .updateExpression("SET #st = :closed")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":closed", s("closed"))));

        assertEquals(List.of("e1"), sortKeysByStatus("open"), "the GSI still has the old e1 and not e2");
        assertEquals(List.of(), sortKeysByStatus("closed"));
        assertEquals(2, emulator.indexes().pending());
        assertEquals(
                "closed",
                dynamo.getItem(b ->
                                b.tableName("entries").key(key("user#1", "e1")).consistentRead(true))
                        .item()
                        .get("status")
                        .s(),
                "the table itself is up to date");
        assertEquals(
                2,
                dynamo.query(b -> b.tableName("entries")
                                .indexName("byCreated")
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(Map.of(":p", s("user#1")))
                                .consistentRead(true))
                        .count(),
                "local secondary indexes change with the item");

        emulator.indexes().release();
        assertEquals(List.of("e2"), sortKeysByStatus("open"));
        assertEquals(List.of("e1"), sortKeysByStatus("closed"));
        assertEquals(0, emulator.indexes().pending());
    }

    @Test
    void awaitPropagatedRefusesToWaitForAHeldIndex() throws InterruptedException {
        start(Realism.off());
        emulator.indexes().hold();
        assertTrue(emulator.indexes().awaitPropagated(Duration.ofMillis(1)), "nothing pending: nothing to wait for");
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        assertThrows(IllegalStateException.class, () -> emulator.indexes().awaitPropagated(Duration.ofSeconds(5)));
    }

    /** The suite's mode: each write reaches the GSI after its own seeded random delay, in the order written. */
    @Test
    void withRandomLagEveryWriteReachesTheGlobalIndexInOrderAndAwaitPropagatedWaitsForIt() throws Exception {
        start(new Realism(Duration.ofMillis(50), 0, Duration.ZERO, 42));
        for (int i = 1; i <= 30; i++) {
            int created = i;
            dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e" + created, "open", created)));
        }
        // The same item changed in quick succession: a later version must never be overtaken by an earlier one.
        for (int version = 1; version <= 10; version++) {
            String status = "v" + version;
            dynamo.putItem(b -> b.tableName("entries").item(entry("user#2", "x", status, 1)));
        }

        assertTrue(emulator.indexes().awaitPropagated(Duration.ofSeconds(10)));
        assertEquals(30, sortKeysByStatus("open").size());
        assertEquals(List.of("x"), sortKeysByStatus("v10"));
        for (int version = 1; version < 10; version++) {
            assertEquals(List.of(), sortKeysByStatus("v" + version));
        }
    }

    @Test
    void withALongLagAQueryRightAfterTheWriteMissesIt() throws InterruptedException {
        start(new Realism(Duration.ofHours(1), 0, Duration.ZERO, 7));
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        // Random(7).nextLong(1 h) is far more than this test takes: the index cannot have the item yet.
        assertEquals(List.of(), sortKeysByStatus("open"));
        assertFalse(emulator.indexes().awaitPropagated(Duration.ofMillis(20)));
        emulator.indexes().release();
        assertEquals(List.of("e1"), sortKeysByStatus("open"));
    }

    // ---- batches answered in part ----

    @Test
    void aFirstBatchGetAttemptGetsHalfItsKeysBackAndTheRetryOfThoseIsProcessed() {
        start(Realism.off());
        for (int i = 1; i <= 4; i++) {
            int n = i;
            dynamo.putItem(b -> b.tableName("entries").item(entry("user#" + n, "e", "open", n)));
        }
        emulator.batches().firstAttemptHalf();
        List<Map<String, AttributeValue>> keys =
                List.of(key("user#1", "e"), key("user#2", "e"), key("user#3", "e"), key("user#4", "e"));
        BatchGetItemResponse first = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "entries",
                KeysAndAttributes.builder()
                        .keys(keys)
                        .projectionExpression("pk, #st")
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .consistentRead(true)
                        .build())));

        assertEquals(
                List.of("user#1", "user#2"),
                first.responses().get("entries").stream()
                        .map(item -> item.get("pk").s())
                        .sorted()
                        .toList());
        KeysAndAttributes unprocessed = first.unprocessedKeys().get("entries");
        assertEquals(List.of(key("user#3", "e"), key("user#4", "e")), unprocessed.keys());
        assertEquals("pk, #st", unprocessed.projectionExpression(), "the rest of the request comes back as sent");
        assertTrue(unprocessed.consistentRead());

        BatchGetItemResponse retry = dynamo.batchGetItem(b -> b.requestItems(first.unprocessedKeys()));
        assertEquals(2, retry.responses().get("entries").size());
        assertTrue(retry.unprocessedKeys().isEmpty());
        assertEquals(
                Map.of("pk", s("user#3"), "status", s("open")),
                retry.responses().get("entries").stream()
                        .filter(item -> item.get("pk").s().equals("user#3"))
                        .findFirst()
                        .orElseThrow());

        BatchGetItemResponse single = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                "entries",
                KeysAndAttributes.builder().keys(List.of(key("user#1", "e"))).build())));
        assertTrue(single.unprocessedKeys().isEmpty(), "a batch of one is never split");
        assertEquals(2, emulator.batches().handedBack());
    }

    @Test
    void aFirstBatchWriteAttemptWritesHalfAndHandsBackTheRest() {
        start(Realism.off());
        emulator.batches().firstAttemptHalf();
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            puts.add(WriteRequest.builder()
                    .putRequest(PutRequest.builder()
                            .item(entry("user#" + i, "e", "open", i))
                            .build())
                    .build());
        }
        BatchWriteItemResponse first = dynamo.batchWriteItem(b -> b.requestItems(Map.of("entries", puts)));

        assertEquals(puts.subList(3, 5), first.unprocessedItems().get("entries"));
        for (int i = 1; i <= 5; i++) {
            assertEquals(
                    i <= 3,
                    dynamo.getItem(get(i)).hasItem()
                            && !dynamo.getItem(get(i)).item().isEmpty(),
                    "item " + i + " written only if processed");
        }
        BatchWriteItemResponse retry = dynamo.batchWriteItem(b -> b.requestItems(first.unprocessedItems()));
        assertTrue(retry.unprocessedItems().isEmpty());
        assertFalse(dynamo.getItem(get(5)).item().isEmpty());
    }

    @Test
    void starvedBatchesProcessOneItemPerCallEvenOnRetries() {
        start(Realism.off());
        emulator.batches().onePerCall();
        Map<String, KeysAndAttributes> pending = Map.of(
                "entries",
                KeysAndAttributes.builder()
                        .keys(List.of(key("a", "e"), key("b", "e"), key("c", "e")))
                        .build());
        int calls = 0;
        while (!pending.isEmpty()) {
            Map<String, KeysAndAttributes> request = pending;
            pending = dynamo.batchGetItem(b -> b.requestItems(request)).unprocessedKeys();
            calls++;
        }
        assertEquals(3, calls);
    }

    // ---- running transactions ----

    @Test
    void aSingleItemWriteOnAnItemARunningTransactionHoldsIsRefusedAndTheSdkDoesNotRetryIt() throws Exception {
        start(Realism.off());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        var paused = emulator.transactions().pauseNext("entries", "user#1");
        Future<?> transaction =
                pool.submit(() -> dynamo.transactWriteItems(b -> b.transactItems(closeEntry("user#1", "e1"))));
        assertTrue(paused.awaitLocked(Duration.ofSeconds(10)));

        AtomicInteger attempts = new AtomicInteger();
        try (DynamoDbClient retrying = retryingClient(attempts)) {
            var refused = assertThrows(
                    TransactionConflictException.class,
                    () -> retrying.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 9))));
            assertEquals(400, refused.statusCode());
            assertEquals(1, attempts.get(), "the SDK's standard retry strategy does not retry TransactionConflict");
        }
        assertThrows(
                TransactionConflictException.class,
                () -> dynamo.updateItem(b -> b.tableName("entries")
                        .key(key("user#1", "e1"))
                        .updateExpression("SET note = :n")
                        .expressionAttributeValues(Map.of(":n", s("x")))));
        assertThrows(
                TransactionConflictException.class,
                () -> dynamo.deleteItem(b -> b.tableName("entries").key(key("user#1", "e1"))));
        assertEquals(
                "open",
                dynamo.getItem(b ->
                                b.tableName("entries").key(key("user#1", "e1")).consistentRead(true))
                        .item()
                        .get("status")
                        .s(),
                "reads see the last committed state");
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e2", "open", 2))); // other items are free
        assertEquals(3, emulator.transactions().conflictsRefused());

        paused.resume();
        transaction.get(10, TimeUnit.SECONDS);
        assertEquals(
                "closed",
                dynamo.getItem(b ->
                                b.tableName("entries").key(key("user#1", "e1")).consistentRead(true))
                        .item()
                        .get("status")
                        .s());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 9))); // free again
    }

    @Test
    void aTransactionMeetingARunningTransactionIsCancelledWithTransactionConflict() throws Exception {
        start(Realism.off());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        var paused = emulator.transactions().pauseNext("entries", "user#1");
        Future<?> transaction =
                pool.submit(() -> dynamo.transactWriteItems(b -> b.transactItems(closeEntry("user#1", "e1"))));
        assertTrue(paused.awaitLocked(Duration.ofSeconds(10)));

        var cancelled = assertThrows(
                TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName("entries").item(entry("user#2", "e1", "open", 1)))
                                .build(),
                        closeEntry("user#1", "e1"))));
        assertEquals(
                List.of("None", "TransactionConflict"),
                cancelled.cancellationReasons().stream()
                        .map(CancellationReason::code)
                        .toList());
        assertTrue(
                dynamo.getItem(b -> b.tableName("entries").key(key("user#2", "e1")))
                        .item()
                        .isEmpty(),
                "nothing of the cancelled transaction was written");

        var reading = assertThrows(
                TransactionCanceledException.class,
                () -> dynamo.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
                        .get(g -> g.tableName("entries").key(key("user#1", "e1")))
                        .build())));
        assertEquals("TransactionConflict", reading.cancellationReasons().get(0).code());

        paused.resume();
        transaction.get(10, TimeUnit.SECONDS);
    }

    @Test
    void resumeOnConflictCommitsTheTransactionBeforeTheRefusedRequestIsAnswered() throws Exception {
        start(Realism.off());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        var paused = emulator.transactions().pauseNext("entries", "user#1");
        paused.resumeOnConflict();
        Future<?> transaction =
                pool.submit(() -> dynamo.transactWriteItems(b -> b.transactItems(closeEntry("user#1", "e1"))));
        assertTrue(paused.awaitLocked(Duration.ofSeconds(10)));

        assertThrows(
                TransactionConflictException.class,
                () -> dynamo.deleteItem(b -> b.tableName("entries").key(key("user#1", "e1"))));
        assertTrue(paused.awaitCommitted(Duration.ZERO), "committed before the refusal was answered");
        assertEquals(
                "closed",
                dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "e1")))
                        .item()
                        .get("status")
                        .s());
        transaction.get(10, TimeUnit.SECONDS);
    }

    // ---- ClientRequestToken ----

    @Test
    void theSameClientRequestTokenAppliesATransactionOnceAndRefusesAnotherRequest() {
        start(Realism.off());
        dynamo.putItem(b -> b.tableName("entries").item(entry("user#1", "e1", "open", 1)));
        TransactWriteItem count = TransactWriteItem.builder()
                .update(u -> u.tableName("entries")
                        .key(key("user#1", "e1"))
                        .updateExpression("ADD tally :one")
                        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))))
                .build();

        dynamo.transactWriteItems(b -> b.transactItems(count).clientRequestToken("token-1"));
        dynamo.transactWriteItems(b -> b.transactItems(count).clientRequestToken("token-1"));
        assertEquals(
                "1",
                dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "e1")))
                        .item()
                        .get("tally")
                        .n(),
                "a repeat with the same token succeeds without applying again");

        assertThrows(
                IdempotentParameterMismatchException.class,
                () -> dynamo.transactWriteItems(
                        b -> b.transactItems(closeEntry("user#1", "e1")).clientRequestToken("token-1")));
        dynamo.transactWriteItems(b -> b.transactItems(count).clientRequestToken("token-2"));
        assertEquals(
                "2",
                dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "e1")))
                        .item()
                        .get("tally")
                        .n());
    }

    // ---- TTL deletes late ----

    @Test
    void anExpiredItemStaysReadableUntilASweepDeletesIt() {
        start(Realism.suite(3));
        emulator.batches().none();
        dynamo.updateTimeToLive(b -> b.tableName("entries")
                .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        long now = Instant.now().getEpochSecond();
        Map<String, AttributeValue> expired = new HashMap<>(entry("user#1", "old", "open", 1));
        expired.put("expiresAt", AttributeValue.fromN(Long.toString(now - 60)));
        Map<String, AttributeValue> live = new HashMap<>(entry("user#1", "new", "open", 2));
        live.put("expiresAt", AttributeValue.fromN(Long.toString(now + 3600)));
        dynamo.putItem(b -> b.tableName("entries").item(expired));
        dynamo.putItem(b -> b.tableName("entries").item(live));

        // The background sweep runs every 20 ms here; reading many times proves neither it nor reads delete.
        for (int read = 0; read < 20; read++) {
            assertFalse(dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "old")))
                    .item()
                    .isEmpty());
        }
        assertEquals(
                2,
                dynamo.query(b -> b.tableName("entries")
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(Map.of(":p", s("user#1"))))
                        .count());
        assertEquals(2, dynamo.scan(b -> b.tableName("entries")).count());

        assertEquals(1, emulator.sweepTtl());
        assertTrue(dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "old")))
                .item()
                .isEmpty());
        assertFalse(dynamo.getItem(b -> b.tableName("entries").key(key("user#1", "new")))
                .item()
                .isEmpty());
        assertEquals(1, emulator.sweepTtl(Instant.ofEpochSecond(now + 7200)), "a later sweep takes the other");
    }

    // ---- helpers ----

    private List<String> sortKeysByStatus(String status) {
        QueryResponse response = dynamo.query(b -> b.tableName("entries")
                .indexName("byStatus")
                .keyConditionExpression("#st = :s")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":s", s(status))));
        return response.items().stream().map(item -> item.get("sk").s()).toList();
    }

    private static java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.GetItemRequest.Builder>
            get(int user) {
        return b -> b.tableName("entries").key(key("user#" + user, "e")).consistentRead(true);
    }

    private static TransactWriteItem closeEntry(String pk, String sk) {
        return TransactWriteItem.builder()
                .update(u -> u.tableName("entries")
                        .key(key(pk, sk))
                        .updateExpression("SET #st = :closed")
                        .conditionExpression("#st = :open")
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .expressionAttributeValues(Map.of(":closed", s("closed"), ":open", s("open"))))
                .build();
    }

    /** A client with the SDK's default retry strategy, counting the attempts it makes. */
    private DynamoDbClient retryingClient(AtomicInteger attempts) {
        return DynamoDbClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        attempts.incrementAndGet();
                    }
                }))
                .build();
    }

    private static Map<String, AttributeValue> entry(String pk, String sk, String status, int created) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        item.put("status", s(status));
        item.put("created", AttributeValue.fromN(Integer.toString(created)));
        return item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
