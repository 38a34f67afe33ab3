package dev.timetracker.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The request limits DynamoDB enforces, driven through the real AWS SDK v2 client: each limit is accepted at its
 * boundary and refused one step past it with a ValidationException (HTTP 400) in DynamoDB's words. The sources of
 * the limits are cited where the emulator checks them (ExpressionParser, ExpressionContext, Items).
 */
class DynamoDbLimitsTest {
    private static final AtomicInteger TABLE_COUNTER = new AtomicInteger();
    /** Two UTF-8 bytes per character: key limits count bytes, not characters. */
    private static final String TWO_BYTES = "é";

    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startEmulator() {
        emulator = DynamoDbEmulator.start(0, null);
        dynamo = DynamoDbClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.create())
                // A limit must answer 400 the first time; a retry would only hide a 5xx.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopEmulator() {
        dynamo.close();
        emulator.close();
    }

    // ---- expressions ----

    @Test
    void everyKindOfExpressionIsAtMost4096Bytes() {
        String table = createTable();
        dynamo.putItem(b -> b.tableName(table).item(item("p", "s")));
        Map<String, Function<String, Executable>> kinds = Map.of(
                "ConditionExpression",
                        padded -> () -> dynamo.putItem(b -> b.tableName(table)
                                .item(item("p", "s"))
                                .conditionExpression("attribute_exists(pk)" + padded)),
                "UpdateExpression",
                        padded -> () -> dynamo.updateItem(b -> b.tableName(table)
                                .key(key("p", "s"))
                                .updateExpression("SET note = :v" + padded)
                                .expressionAttributeValues(Map.of(":v", s("x")))),
                "ProjectionExpression",
                        padded -> () -> dynamo.getItem(
                                b -> b.tableName(table).key(key("p", "s")).projectionExpression("note" + padded)),
                "KeyConditionExpression",
                        padded -> () -> dynamo.query(b -> b.tableName(table)
                                .keyConditionExpression("pk = :p" + padded)
                                .expressionAttributeValues(Map.of(":p", s("p")))),
                "FilterExpression",
                        padded -> () -> dynamo.scan(
                                b -> b.tableName(table).filterExpression("attribute_exists(note)" + padded)));
        for (var kind : kinds.entrySet()) {
            // Whitespace counts: the size is the raw string's, before placeholders are substituted.
            String base = baseOf(kind.getKey());
            assertDoesNotFail(
                    kind.getValue().apply(" ".repeat(4096 - base.length())), kind.getKey() + " of 4096 bytes");
            assertValidation(
                    kind.getValue().apply(" ".repeat(4097 - base.length())),
                    "Invalid " + kind.getKey()
                            + ": Expression size has exceeded the maximum allowed size; expression size: 4097");
        }
        // Bytes, not characters.
        assertValidation(
                () -> dynamo.getItem(b -> b.tableName(table)
                        .key(key("p", "s"))
                        .projectionExpression("#n" + "\u2003".repeat(1400))
                        .expressionAttributeNames(Map.of("#n", "note"))),
                "expression size: 4202");
    }

    private static String baseOf(String kind) {
        return switch (kind) {
            case "ConditionExpression" -> "attribute_exists(pk)";
            case "UpdateExpression" -> "SET note = :v";
            case "ProjectionExpression" -> "note";
            case "KeyConditionExpression" -> "pk = :p";
            default -> "attribute_exists(note)";
        };
    }

    @Test
    void placeholdersAreAtMost255Bytes() {
        String table = createTable();
        String name255 = "#" + "n".repeat(254);
        String value255 = ":" + "v".repeat(254);
        dynamo.putItem(b -> b.tableName(table)
                .item(item("p", "s"))
                .conditionExpression(name255 + " <> " + value255)
                .expressionAttributeNames(Map.of(name255, "note"))
                .expressionAttributeValues(Map.of(value255, s("x"))));

        assertValidation(
                () -> dynamo.putItem(b -> b.tableName(table)
                        .item(item("p", "s"))
                        .conditionExpression(name255 + "n <> :v")
                        .expressionAttributeNames(Map.of(name255 + "n", "note"))
                        .expressionAttributeValues(Map.of(":v", s("x")))),
                "ExpressionAttributeNames contains invalid key: The expression attribute map contains a key that is too "
                        + "long; size of key: 256");
        assertValidation(
                () -> dynamo.putItem(b -> b.tableName(table)
                        .item(item("p", "s"))
                        .conditionExpression("note <> " + value255 + "v")
                        .expressionAttributeValues(Map.of(value255 + "v", s("x")))),
                "ExpressionAttributeValues contains invalid key: The expression attribute map contains a key that is too "
                        + "long; size of key: 256");
    }

    @Test
    void anExpressionHoldsAtMost300OperatorsAndFunctions() {
        String table = createTable();
        dynamo.putItem(b -> b.tableName(table).item(item("p", "s")));
        // n comparisons joined by n - 1 ANDs: 150 make 299 operators, 151 make 301.
        Function<Integer, String> comparisons =
                n -> IntStream.range(0, n).mapToObj(i -> "#n <> :v").collect(Collectors.joining(" AND "));
        Function<Integer, Executable> condition = n -> () -> dynamo.putItem(b -> b.tableName(table)
                .item(item("p", "s"))
                .conditionExpression(comparisons.apply(n))
                .expressionAttributeNames(Map.of("#n", "note"))
                .expressionAttributeValues(Map.of(":v", s("x"))));
        assertDoesNotFail(condition.apply(150), "299 operators");
        assertValidation(
                condition.apply(151),
                "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");

        // Functions count too: 160 calls joined by 159 ORs are 319, though the ORs alone would be allowed.
        String functions =
                IntStream.range(0, 160).mapToObj(i -> "attribute_exists(a)").collect(Collectors.joining(" OR "));
        assertValidation(
                () -> dynamo.scan(b -> b.tableName(table).filterExpression(functions)),
                "Invalid FilterExpression: The expression contains too many operators; operator count: 301");

        // In an update, each "+" and each function is one: 301 actions of one "+" each.
        Function<Integer, Executable> update = n -> () -> dynamo.updateItem(b -> b.tableName(table)
                .key(key("p", "s"))
                .updateExpression("SET "
                        + IntStream.range(0, n)
                                .mapToObj(i -> "a" + i + "=:v+:v")
                                .collect(Collectors.joining(",")))
                .expressionAttributeValues(Map.of(":v", n("1"))));
        assertDoesNotFail(update.apply(300), "300 additions");
        assertValidation(
                update.apply(301),
                "Invalid UpdateExpression: The expression contains too many operators; operator count: 301");
    }

    @Test
    void inTakesAtMost100Operands() {
        String table = createTable();
        Function<Integer, Executable> in = n -> () -> dynamo.scan(b -> b.tableName(table)
                .filterExpression("note IN ("
                        + IntStream.range(0, n).mapToObj(i -> ":v" + i).collect(Collectors.joining(", ")) + ")")
                .expressionAttributeValues(
                        IntStream.range(0, n).boxed().collect(Collectors.toMap(i -> ":v" + i, i -> s("x" + i)))));
        assertDoesNotFail(in.apply(100), "100 operands");
        assertValidation(
                in.apply(101),
                "Invalid FilterExpression: The IN operator is provided with too many operands; number of operands: 101");
    }

    @Test
    void documentPathsNestAtMost32Levels() {
        String table = createTable();
        String levels32 = "a" + ".b".repeat(31);
        dynamo.getItem(b -> b.tableName(table).key(key("p", "s")).projectionExpression(levels32));
        assertValidation(
                () -> dynamo.getItem(b -> b.tableName(table).key(key("p", "s")).projectionExpression(levels32 + ".c")),
                "Invalid ProjectionExpression: The document path has too many nesting levels; nesting levels: 33");
        // List indexes are levels too.
        assertValidation(
                () -> dynamo.updateItem(
                        b -> b.tableName(table).key(key("p", "s")).updateExpression("REMOVE " + levels32 + "[0]")),
                "Invalid UpdateExpression: The document path has too many nesting levels; nesting levels: 33");
    }

    @Test
    void placeholdersThatNoExpressionUsesAreRejectedOnReadsAndWrites() {
        String table = createTable();
        assertValidation(
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeNames(Map.of("#unused", "note"))
                        .expressionAttributeValues(Map.of(":p", s("p")))),
                "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
        assertValidation(
                () -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key("p", "s"))
                        .updateExpression("SET note = :v")
                        .conditionExpression("attribute_not_exists(pk)")
                        .expressionAttributeValues(Map.of(":v", s("x"), ":unused", s("y")))),
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    }

    // ---- key values ----

    @Test
    void aPartitionKeyValueIsAtMost2048BytesOnWritesAndReads() {
        String table = createTable();
        String fits = TWO_BYTES.repeat(1024);
        String tooLong = fits + "x";
        dynamo.putItem(b -> b.tableName(table).item(item(fits, "s")));
        assertEquals(
                fits,
                dynamo.getItem(b -> b.tableName(table).key(key(fits, "s")))
                        .item()
                        .get("pk")
                        .s());

        String message = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size "
                + "limit of2048 bytes";
        for (Executable call : keyedCalls(table, key(tooLong, "s"))) {
            assertValidation(call, message);
        }
    }

    @Test
    void aSortKeyValueIsAtMost1024BytesOnWritesAndReads() {
        String table = createTable();
        String fits = TWO_BYTES.repeat(512);
        String tooLong = fits + "x";
        dynamo.putItem(b -> b.tableName(table).item(item("p", fits)));
        assertEquals(
                fits,
                dynamo.getItem(b -> b.tableName(table).key(key("p", fits)))
                        .item()
                        .get("sk")
                        .s());

        String message =
                "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the "
                        + "size limit of 1024 bytes";
        for (Executable call : keyedCalls(table, key("p", tooLong))) {
            assertValidation(call, message);
        }
        assertValidation(
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p AND sk BETWEEN :low AND :high")
                        .expressionAttributeValues(Map.of(":p", s("p"), ":low", s("a"), ":high", s(tooLong)))),
                message);
    }

    /** Every call that names this one key: writes, reads, and a Query's key condition. */
    private static List<Executable> keyedCalls(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("note", s("x"));
        return List.of(
                () -> dynamo.putItem(b -> b.tableName(table).item(item)),
                () -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key)
                        .updateExpression("SET note = :v")
                        .expressionAttributeValues(Map.of(":v", s("y")))),
                () -> dynamo.deleteItem(b -> b.tableName(table).key(key)),
                () -> dynamo.getItem(b -> b.tableName(table).key(key)),
                () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        table, KeysAndAttributes.builder().keys(List.of(key)).build()))),
                () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        table,
                        List.of(WriteRequest.builder()
                                .putRequest(p -> p.item(item))
                                .build())))),
                () -> dynamo.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(key))
                        .build())),
                () -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(item))
                        .build())),
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p AND sk = :s")
                        .expressionAttributeValues(Map.of(":p", key.get("pk"), ":s", key.get("sk")))));
    }

    @Test
    void secondaryIndexKeyValuesHaveTheSameLimitsOnEveryWrite() {
        String table = createTable();
        dynamo.putItem(b -> b.tableName(table)
                .item(item(
                        "p",
                        "s",
                        "tag",
                        s("x".repeat(2048)),
                        "tag_sort",
                        s("x".repeat(1024)),
                        "local",
                        s("x".repeat(1024)))));

        assertValidation(
                () -> dynamo.putItem(b ->
                        b.tableName(table).item(item("p", "s", "tag", s("x".repeat(2049)), "tag_sort", s("t")))),
                "One or more parameter values were invalid: Size limit exceeded for Index Key tag Actual Size: 2049 "
                        + "bytes Max Size: 2048 bytes IndexName: byTag");
        assertValidation(
                () -> dynamo.putItem(b ->
                        b.tableName(table).item(item("p", "s", "tag", s("t"), "tag_sort", s("x".repeat(1025))))),
                "Size limit exceeded for Index Key tag_sort Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: byTag");
        // DynamoDB documents no exact wording for an update; the type and status are what clients see.
        assertValidation(
                () -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key("p", "s"))
                        .updateExpression("SET #local = :v")
                        .expressionAttributeNames(Map.of("#local", "local"))
                        .expressionAttributeValues(Map.of(":v", s("x".repeat(1025))))),
                "Size limit exceeded for Index Key local Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: byLocal");
        assertValidation(
                () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                        table,
                        List.of(WriteRequest.builder()
                                .putRequest(
                                        p -> p.item(item("p", "s2", "tag", s("x".repeat(2049)), "tag_sort", s("t"))))
                                .build())))),
                "Size limit exceeded for Index Key tag");
        // In a transaction the write is validated against the item it produces: the action is cancelled.
        var cancelled = assertThrows(
                TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .update(u -> u.tableName(table)
                                .key(key("p", "s"))
                                .updateExpression("SET tag = :v")
                                .expressionAttributeValues(Map.of(":v", s("x".repeat(2049)))))
                        .build())));
        assertEquals(400, cancelled.statusCode());
        assertEquals("ValidationError", cancelled.cancellationReasons().get(0).code());
        assertTrue(cancelled.cancellationReasons().get(0).message().contains("Size limit exceeded for Index Key tag"));
    }

    @Test
    void emptyKeyValuesAreRejectedInItemsKeysAndKeyConditions() {
        String table = createTable();
        String emptyPartition = "One or more parameter values are not valid. The AttributeValue for a key attribute "
                + "cannot contain an empty string value. Key: pk";
        assertValidation(() -> dynamo.getItem(b -> b.tableName(table).key(key("", "s"))), emptyPartition);
        assertValidation(
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p")
                        .expressionAttributeValues(Map.of(":p", s("")))),
                emptyPartition);
        assertValidation(
                () -> dynamo.query(b -> b.tableName(table)
                        .keyConditionExpression("pk = :p AND sk < :s")
                        .expressionAttributeValues(Map.of(":p", s("p"), ":s", s("")))),
                "cannot contain an empty string value. Key: sk");
        // The index's partition key, as `GET /api/employees/?department=` used to query it.
        assertValidation(
                () -> dynamo.query(b -> b.tableName(table)
                        .indexName("byTag")
                        .keyConditionExpression("tag = :t")
                        .expressionAttributeValues(Map.of(":t", s("")))),
                "cannot contain an empty string value. Key: tag");
        assertValidation(
                () -> dynamo.putItem(b -> b.tableName(table).item(item("p", "s", "tag", s("")))),
                "A value specified for a secondary index key is not supported. The AttributeValue for a key attribute "
                        + "cannot contain an empty string value. IndexName: byTag, IndexKey: tag");
        // Empty values are fine outside keys.
        dynamo.putItem(b -> b.tableName(table).item(item("p", "s", "note", s(""))));
    }

    // ---- items, transactions, batches ----

    @Test
    void anItemIsAt400KbCountingAttributeNamesAndValues() {
        String table = createTable();
        // "pk" + "p" and "sk" + "s" are 6 bytes, the name "blob" 4: the value fills the item to 409600 bytes.
        int valueBytes = 400 * 1024 - 6 - 4;
        dynamo.putItem(b -> b.tableName(table).item(item("p", "s", "blob", s("x".repeat(valueBytes)))));
        assertValidation(
                () -> dynamo.putItem(b ->
                        b.tableName(table).item(item("p", "s", "blob", s("x".repeat(valueBytes + 1))))),
                "Item size has exceeded the maximum allowed size");
        assertValidation(
                () -> dynamo.putItem(b -> b.tableName(table).item(item("p", "s", "blobs", s("x".repeat(valueBytes))))),
                "Item size has exceeded the maximum allowed size");
        // An update is judged by the item it produces.
        assertValidation(
                () -> dynamo.updateItem(b -> b.tableName(table)
                        .key(key("p", "s"))
                        .updateExpression("SET extra = :v")
                        .expressionAttributeValues(Map.of(":v", s("x")))),
                "Item size has exceeded the maximum allowed size");
    }

    @Test
    void aTransactionHasAtMost100ActionsOn100DistinctItemsAndAtMost4Mb() {
        String table = createTable();
        Function<Integer, List<TransactWriteItem>> puts = n -> IntStream.range(0, n)
                .mapToObj(i -> TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(item("p", "s" + i)))
                        .build())
                .toList();
        dynamo.transactWriteItems(b -> b.transactItems(puts.apply(100)));
        assertValidation(
                () -> dynamo.transactWriteItems(b -> b.transactItems(puts.apply(101))),
                "Member must have length less than or equal to 100");
        assertValidation(
                () -> dynamo.transactGetItems(b -> b.transactItems(IntStream.range(0, 101)
                        .mapToObj(i -> TransactGetItem.builder()
                                .get(g -> g.tableName(table).key(key("p", "s" + i)))
                                .build())
                        .toList())),
                "Member must have length less than or equal to 100");

        String sameItem = "Transaction request cannot include multiple operations on one item";
        assertValidation(
                () -> dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder()
                                .put(p -> p.tableName(table).item(item("p", "s1")))
                                .build(),
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(key("p", "s1"))
                                        .conditionExpression("attribute_exists(pk)"))
                                .build())),
                sameItem);
        assertValidation(
                () -> dynamo.transactGetItems(b -> b.transactItems(
                        TransactGetItem.builder()
                                .get(g -> g.tableName(table).key(key("p", "s1")))
                                .build(),
                        TransactGetItem.builder()
                                .get(g -> g.tableName(table).key(key("p", "s1")))
                                .build())),
                sameItem);

        // Ten items of 390 KB are 3.8 MB, eleven are 4.2 MB: more than 4 MB (4194304 bytes).
        String large = "x".repeat(390 * 1024);
        Function<Integer, List<TransactWriteItem>> largePuts = n -> IntStream.range(0, n)
                .mapToObj(i -> TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(item("big", "s" + i, "blob", s(large))))
                        .build())
                .toList();
        dynamo.transactWriteItems(b -> b.transactItems(largePuts.apply(10)));
        assertValidation(
                () -> dynamo.transactWriteItems(b -> b.transactItems(largePuts.apply(11))),
                "Transaction size has exceeded the maximum allowed size of 4 MB");
        dynamo.putItem(b -> b.tableName(table).item(item("big", "s10", "blob", s(large))));
        Function<Integer, List<TransactGetItem>> largeGets = n -> IntStream.range(0, n)
                .mapToObj(i -> TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(key("big", "s" + i)))
                        .build())
                .toList();
        assertEquals(
                10,
                dynamo.transactGetItems(b -> b.transactItems(largeGets.apply(10)))
                        .responses()
                        .size());
        assertValidation(
                () -> dynamo.transactGetItems(b -> b.transactItems(largeGets.apply(11))),
                "Transaction size has exceeded the maximum allowed size of 4 MB");
    }

    @Test
    void batchesHoldAtMost25WritesOr100KeysAndNoKeyTwice() {
        String table = createTable();
        Function<Integer, List<WriteRequest>> puts = n -> IntStream.range(0, n)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(p -> p.item(item("p", "s" + i)))
                        .build())
                .toList();
        dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts.apply(25))));
        assertValidation(
                () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts.apply(26)))),
                "Too many items requested for the BatchWriteItem call");
        List<WriteRequest> putAndDelete = new ArrayList<>(puts.apply(1));
        putAndDelete.add(
                WriteRequest.builder().deleteRequest(d -> d.key(key("p", "s0"))).build());
        assertValidation(
                () -> dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, putAndDelete))),
                "Provided list of item keys contains duplicates");

        Function<Integer, List<Map<String, AttributeValue>>> keys =
                n -> IntStream.range(0, n).mapToObj(i -> key("p", "s" + i)).toList();
        dynamo.batchGetItem(b -> b.requestItems(
                Map.of(table, KeysAndAttributes.builder().keys(keys.apply(100)).build())));
        assertValidation(
                () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        table, KeysAndAttributes.builder().keys(keys.apply(101)).build()))),
                "Too many items requested for the BatchGetItem call");
        assertValidation(
                () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                        table,
                        KeysAndAttributes.builder()
                                .keys(List.of(key("p", "s1"), key("p", "s1")))
                                .build()))),
                "Provided list of item keys contains duplicates");
    }

    // ---- helpers ----

    /**
     * A table keyed pk/sk (S) with a global index byTag (tag, tag_sort) and a local index byLocal (pk, local),
     * so that every kind of key value has an attribute to live in.
     */
    private static String createTable() {
        String name = "limits-" + TABLE_COUNTER.incrementAndGet();
        dynamo.createTable(b -> b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE))
                .attributeDefinitions(
                        attribute("pk"),
                        attribute("sk"),
                        attribute("tag"),
                        attribute("tag_sort"),
                        AttributeDefinition.builder()
                                .attributeName("local")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("byTag")
                        .keySchema(keyElement("tag", KeyType.HASH), keyElement("tag_sort", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName("byLocal")
                        .keySchema(keyElement("pk", KeyType.HASH), keyElement("local", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
        return name;
    }

    private static void assertValidation(Executable call, String messagePart) {
        DynamoDbException error = assertThrows(DynamoDbException.class, call);
        assertEquals(400, error.statusCode(), error.getMessage());
        assertEquals("ValidationException", error.awsErrorDetails().errorCode(), error.getMessage());
        assertTrue(
                error.awsErrorDetails().errorMessage().contains(messagePart),
                () -> "expected '" + messagePart + "' in: "
                        + error.awsErrorDetails().errorMessage());
    }

    private static void assertDoesNotFail(Executable call, String what) {
        try {
            call.execute();
        } catch (Throwable failure) {
            throw new AssertionError(what + " must be accepted: " + failure.getMessage(), failure);
        }
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(ScalarAttributeType.S)
                .build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Object... more) {
        Map<String, AttributeValue> item = new HashMap<>(key(pk, sk));
        for (int i = 0; i < more.length; i += 2) {
            item.put((String) more[i], (AttributeValue) more[i + 1]);
        }
        return item;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
