package dev.timetracker.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Drives the emulator exclusively through the real AWS SDK v2 client over HTTP. */
class DynamoDbEmulatorTest {
    private static final AtomicInteger TABLE_COUNTER = new AtomicInteger();

    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void startEmulator() {
        emulator = DynamoDbEmulator.start(0, null);
        dynamo = client(emulator);
    }

    @AfterAll
    static void stopEmulator() {
        dynamo.close();
        emulator.close();
    }

    // ---- table lifecycle ----

    @Test
    void createDescribeListAndDeleteTable() {
        String name = newTableName();
        var created = dynamo.createTable(tableRequest(name, true)).tableDescription();
        assertEquals(TableStatus.ACTIVE, created.tableStatus());
        assertEquals(
                List.of("pk", "sk"),
                created.keySchema().stream()
                        .map(KeySchemaElement::attributeName)
                        .toList());

        var described = dynamo.describeTable(b -> b.tableName(name)).table();
        assertEquals(name, described.tableName());
        assertEquals("byStatus", described.globalSecondaryIndexes().get(0).indexName());
        assertEquals("byCreated", described.localSecondaryIndexes().get(0).indexName());
        assertEquals(BillingMode.PAY_PER_REQUEST, described.billingModeSummary().billingMode());
        assertTrue(described.tableArn().endsWith(":table/" + name));
        assertNotNull(described.creationDateTime());

        assertTrue(dynamo.listTables().tableNames().contains(name));
        assertThrows(ResourceInUseException.class, () -> dynamo.createTable(tableRequest(name, true)));

        assertEquals(
                TableStatus.DELETING,
                dynamo.deleteTable(b -> b.tableName(name)).tableDescription().tableStatus());
        assertThrows(ResourceNotFoundException.class, () -> dynamo.describeTable(b -> b.tableName(name)));
        assertThrows(
                ResourceNotFoundException.class,
                () -> dynamo.getItem(b -> b.tableName(name).key(key("a", "b"))));
    }

    @Test
    void listTablesPaginates() {
        List<String> names = List.of(newTableName(), newTableName(), newTableName());
        names.forEach(n -> dynamo.createTable(tableRequest(n, false)));
        List<String> seen = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var page = dynamo.listTables(b -> b.limit(2).exclusiveStartTableName(from));
            assertTrue(page.tableNames().size() <= 2);
            seen.addAll(page.tableNames());
            start = page.lastEvaluatedTableName();
        } while (start != null);
        assertTrue(seen.containsAll(names));
        assertEquals(seen.stream().sorted().toList(), seen);
    }

    @Test
    void createTableValidatesDefinition() {
        var error = assertThrows(
                DynamoDbException.class,
                () -> dynamo.createTable(b -> b.tableName(newTableName())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(
                                attribute("pk", ScalarAttributeType.S), attribute("unused", ScalarAttributeType.S))
                        .keySchema(keyElement("pk", KeyType.HASH))));
        assertValidation(error, "Number of attributes in KeySchema does not exactly match");
    }

    // ---- single-item operations ----

    @Test
    void putGetAndDeleteRoundTripEveryType() {
        String table = createTable(false);
        Map<String, AttributeValue> item = new LinkedHashMap<>(key("user#1", "entry#1"));
        item.put("s", s("text"));
        item.put("n", n("1.50"));
        item.put("big", n("12345678901234567890123456789012345678"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) 0xff})));
        item.put("bool", AttributeValue.fromBool(true));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("m", AttributeValue.fromM(Map.of("nested", s("x"), "list", AttributeValue.fromL(List.of(n("1"))))));
        item.put("l", AttributeValue.fromL(List.of(s("a"), n("2"))));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2.0")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"))));
        dynamo.putItem(b -> b.tableName(table).item(item));

        Map<String, AttributeValue> stored = dynamo.getItem(
                        b -> b.tableName(table).key(key("user#1", "entry#1")).consistentRead(true))
                .item();
        assertEquals("1.5", stored.get("n").n(), "numbers come back normalised");
        assertEquals(Set.of("1", "2"), Set.copyOf(stored.get("ns").ns()));
        assertEquals(item.get("big"), stored.get("big"));
        assertEquals(item.get("b"), stored.get("b"));
        assertEquals(item.get("m"), stored.get("m"));
        assertEquals(item.get("l"), stored.get("l"));
        assertEquals(
                Set.copyOf(item.get("ss").ss()), Set.copyOf(stored.get("ss").ss()));
        assertEquals(item.get("bs"), stored.get("bs"));
        assertTrue(stored.get("bool").bool());
        assertTrue(stored.get("nul").nul());

        Map<String, AttributeValue> projected = dynamo.getItem(b -> b.tableName(table)
                        .key(key("user#1", "entry#1"))
                        .projectionExpression("#m.nested, l[1], s")
                        .expressionAttributeNames(Map.of("#m", "m")))
                .item();
        assertEquals(
                Map.of(
                        "m",
                        AttributeValue.fromM(Map.of("nested", s("x"))),
                        "l",
                        AttributeValue.fromL(List.of(n("2"))),
                        "s",
                        s("text")),
                projected);

        var deleted = dynamo.deleteItem(
                b -> b.tableName(table).key(key("user#1", "entry#1")).returnValues(ReturnValue.ALL_OLD));
        assertEquals(s("text"), deleted.attributes().get("s"));
        assertFalse(dynamo.getItem(b -> b.tableName(table).key(key("user#1", "entry#1")))
                .hasItem());
    }

    @Test
    void conditionalPutFailsAndReturnsTheCurrentItem() {
        String table = createTable(false);
        Map<String, AttributeValue> first = item("p", "s", "version", n("1"));
        dynamo.putItem(b -> b.tableName(table).item(first).conditionExpression("attribute_not_exists(pk)"));

        var failure = assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> b.tableName(table)
                        .item(item("p", "s", "version", n("2")))
                        .conditionExpression("attribute_not_exists(pk)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertEquals(400, failure.statusCode());
        assertEquals(first, failure.item());
        assertEquals("The conditional request failed", failure.awsErrorDetails().errorMessage());

        var withoutItem = assertThrows(
                ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> b.tableName(table)
                        .item(item("p", "s"))
                        .conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", n("7")))));
        assertFalse(withoutItem.hasItem());

        dynamo.putItem(b -> b.tableName(table)
                .item(item("p", "s", "version", n("2")))
                .conditionExpression("version = :v AND NOT (contains(#s, :x) OR size(#s) > :n)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":v", n("1.0"), ":x", s("x"), ":n", n("3"))));
        assertEquals(
                n("2"),
                dynamo.getItem(b -> b.tableName(table).key(key("p", "s")))
                        .item()
                        .get("version"));
    }

    @Test
    void updateExpressionsWithReturnValues() {
        String table = createTable(false);
        dynamo.putItem(b -> b.tableName(table)
                .item(item(
                        "u",
                        "1",
                        "count",
                        n("10"),
                        "tags",
                        AttributeValue.fromSs(List.of("b", "c")),
                        "oldTags",
                        AttributeValue.fromSs(List.of("a", "z")),
                        "events",
                        AttributeValue.fromL(List.of(s("created"))),
                        "obsolete",
                        s("x"),
                        "profile",
                        AttributeValue.fromM(Map.of("name", s("Ada"))))));

        UpdateItemResponse updated = dynamo.updateItem(b -> b.tableName(table)
                .key(key("u", "1"))
                .updateExpression("SET #c = #c + :one, created = if_not_exists(created, :now), "
                        + "events = list_append(events, :more), profile.city = :city "
                        + "REMOVE obsolete ADD visits :one, tags :newTags DELETE oldTags :gone")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(
                        ":one",
                        n("1"),
                        ":now",
                        n("1700000000"),
                        ":more",
                        AttributeValue.fromL(List.of(s("updated"))),
                        ":city",
                        s("London"),
                        ":newTags",
                        AttributeValue.fromSs(List.of("d")),
                        ":gone",
                        AttributeValue.fromSs(List.of("a"))))
                .returnValues(ReturnValue.UPDATED_NEW));
        Map<String, AttributeValue> changed = updated.attributes();
        assertEquals(n("11"), changed.get("count"));
        assertEquals(n("1700000000"), changed.get("created"));
        assertEquals(AttributeValue.fromL(List.of(s("created"), s("updated"))), changed.get("events"));
        assertEquals(
                AttributeValue.fromM(Map.of("city", s("London"))),
                changed.get("profile"),
                "UPDATED_NEW returns only the updated part of a nested document");
        assertEquals(n("1"), changed.get("visits"));
        assertEquals(Set.of("b", "c", "d"), Set.copyOf(changed.get("tags").ss()));
        assertEquals(List.of("z"), changed.get("oldTags").ss());
        assertFalse(changed.containsKey("obsolete"));

        UpdateItemResponse second = dynamo.updateItem(b -> b.tableName(table)
                .key(key("u", "1"))
                .updateExpression("SET created = if_not_exists(created, :later) ADD #c :minus")
                .expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":later", n("1800000000"), ":minus", n("-0.5")))
                .returnValues(ReturnValue.UPDATED_OLD));
        assertEquals(Map.of("created", n("1700000000"), "count", n("11")), second.attributes());

        Map<String, AttributeValue> all = dynamo.updateItem(b -> b.tableName(table)
                        .key(key("u", "1"))
                        .updateExpression("REMOVE events[0] DELETE tags :all")
                        .expressionAttributeValues(Map.of(":all", AttributeValue.fromSs(List.of("b", "c", "d"))))
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
        assertEquals(n("10.5"), all.get("count"));
        assertEquals(AttributeValue.fromL(List.of(s("updated"))), all.get("events"));
        assertFalse(all.containsKey("tags"), "deleting every element removes the set");
        assertFalse(all.containsKey("obsolete"));

        Map<String, AttributeValue> old = dynamo.updateItem(b -> b.tableName(table)
                        .key(key("u", "1"))
                        .updateExpression("SET profile.#n = :n")
                        .expressionAttributeNames(Map.of("#n", "name"))
                        .expressionAttributeValues(Map.of(":n", s("Grace")))
                        .returnValues(ReturnValue.ALL_OLD))
                .attributes();
        assertEquals(s("Ada"), old.get("profile").m().get("name"));

        Map<String, AttributeValue> created = dynamo.updateItem(b -> b.tableName(table)
                        .key(key("u", "new"))
                        .updateExpression("ADD hits :one")
                        .expressionAttributeValues(Map.of(":one", n("1")))
                        .returnValues(ReturnValue.ALL_NEW))
                .attributes();
        assertEquals(item("u", "new", "hits", n("1")), created, "UpdateItem creates missing items");

        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.updateItem(b -> b.tableName(table)
                                .key(key("u", "1"))
                                .updateExpression("SET pk = :v")
                                .expressionAttributeValues(Map.of(":v", s("other"))))),
                "Cannot update attribute pk. This attribute is part of the key");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.updateItem(b -> b.tableName(table)
                                .key(key("u", "1"))
                                .updateExpression("SET profile = profile + :one")
                                .expressionAttributeValues(Map.of(":one", n("1"))))),
                "An operand in the update expression has an incorrect data type");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.updateItem(b -> b.tableName(table)
                                .key(key("u", "1"))
                                .updateExpression("SET a = :v, a.b = :v")
                                .expressionAttributeValues(Map.of(":v", n("1"))))),
                "Two document paths overlap");
    }

    // ---- query and scan ----

    @Test
    void querySortKeyConditionsAndDescendingOrder() {
        String table = createTable(true);
        for (int i = 0; i < 10; i++) {
            dynamo.putItem(putEntry(table, "user#1", "2024-01-" + String.format("%02d", i + 1), "open"));
        }
        dynamo.putItem(putEntry(table, "user#2", "2024-01-05", "open"));

        assertEquals(
                10, sortKeys(query(table, "pk = :p", Map.of(":p", s("user#1")))).size());
        assertEquals(
                List.of("2024-01-03"),
                sortKeys(query(table, "pk = :p AND sk = :s", Map.of(":p", s("user#1"), ":s", s("2024-01-03")))));
        assertEquals(
                List.of("2024-01-01", "2024-01-02"),
                sortKeys(query(table, "pk = :p AND sk < :s", Map.of(":p", s("user#1"), ":s", s("2024-01-03")))));
        assertEquals(
                3,
                sortKeys(query(table, "pk = :p AND sk <= :s", Map.of(":p", s("user#1"), ":s", s("2024-01-03"))))
                        .size());
        assertEquals(
                List.of("2024-01-10"),
                sortKeys(query(table, "sk > :s AND pk = :p", Map.of(":p", s("user#1"), ":s", s("2024-01-09")))));
        assertEquals(
                2,
                sortKeys(query(table, "pk = :p AND sk >= :s", Map.of(":p", s("user#1"), ":s", s("2024-01-09"))))
                        .size());
        assertEquals(
                List.of("2024-01-04", "2024-01-05", "2024-01-06"),
                sortKeys(query(
                        table,
                        "pk = :p AND sk BETWEEN :a AND :b",
                        Map.of(":p", s("user#1"), ":a", s("2024-01-04"), ":b", s("2024-01-06")))));
        assertEquals(
                List.of("2024-01-10"),
                sortKeys(query(
                        table,
                        "pk = :p AND begins_with(sk, :prefix)",
                        Map.of(":p", s("user#1"), ":prefix", s("2024-01-1")))));

        QueryResponse descending = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1")))
                .scanIndexForward(false)
                .limit(3));
        assertEquals(List.of("2024-01-10", "2024-01-09", "2024-01-08"), sortKeys(descending));

        assertValidation(
                assertThrows(DynamoDbException.class, () -> query(table, "sk = :s", Map.of(":s", s("2024-01-01")))),
                "Query condition missed key schema element: pk");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.query(b -> b.tableName(table)
                                .keyConditionExpression("pk = :p")
                                .filterExpression("sk <> :s")
                                .expressionAttributeValues(Map.of(":p", s("user#1"), ":s", s("x"))))),
                "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
    }

    @Test
    void queryPaginatesWithLimitAndLastEvaluatedKey() {
        String table = createTable(true);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            String sk = String.format("e%03d", i);
            expected.add(sk);
            dynamo.putItem(putEntry(table, "user#1", sk, "open"));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("user#1")))
                    .limit(4)
                    .exclusiveStartKey(from));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);
        assertEquals(expected, seen);
        assertEquals(3, pages);

        // Reaching Limit exactly still yields a LastEvaluatedKey, and the next page is empty - as in DynamoDB.
        QueryResponse exact = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1")))
                .limit(11));
        assertEquals(11, exact.count());
        QueryResponse after = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1")))
                .exclusiveStartKey(exact.lastEvaluatedKey()));
        assertEquals(0, after.count());
        assertFalse(after.hasLastEvaluatedKey());
    }

    @Test
    void aPageStopsAtOneMegabyte() {
        String table = createTable(false);
        for (int i = 0; i < 4; i++) {
            String sk = "big" + i;
            dynamo.putItem(b -> b.tableName(table).item(item("user#1", sk, "blob", s("x".repeat(350 * 1024)))));
        }
        QueryResponse first = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1"))));
        assertEquals(3, first.count());
        assertEquals(s("big2"), first.lastEvaluatedKey().get("sk"));
        QueryResponse second = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#1")))
                .exclusiveStartKey(first.lastEvaluatedKey()));
        assertEquals(List.of("big3"), sortKeys(second));
        assertFalse(second.hasLastEvaluatedKey());
    }

    @Test
    void filterExpressionIsAppliedAfterLimit() {
        String table = createTable(true);
        for (int i = 0; i < 6; i++) {
            dynamo.putItem(putEntry(table, "user#1", "e" + i, i % 2 == 0 ? "open" : "closed"));
        }
        QueryResponse page = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .filterExpression("#st = :open")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":p", s("user#1"), ":open", s("open")))
                .limit(3));
        assertEquals(3, page.scannedCount());
        assertEquals(2, page.count());
        assertEquals(List.of("e0", "e2"), sortKeys(page));
        assertEquals(s("e2"), page.lastEvaluatedKey().get("sk"));

        var count = dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("pk = :p")
                .filterExpression("#st = :open")
                .expressionAttributeNames(Map.of("#st", "status"))
                .expressionAttributeValues(Map.of(":p", s("user#1"), ":open", s("open")))
                .select(Select.COUNT));
        assertEquals(3, count.count());
        assertEquals(6, count.scannedCount());
        assertFalse(count.hasItems());
    }

    @Test
    void queryGlobalAndLocalSecondaryIndexes() {
        String table = createTable(true);
        for (int i = 0; i < 5; i++) {
            dynamo.putItem(putEntry(table, "user#" + i, "e" + i, "open"));
        }
        dynamo.putItem(b -> b.tableName(table).item(item("user#9", "no-status", "created", n("5"))));

        List<QueryResponse> pages = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(b -> b.tableName(table)
                    .indexName("byStatus")
                    .keyConditionExpression("#st = :open AND created >= :c")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":open", s("open"), ":c", n("1")))
                    .limit(2)
                    .exclusiveStartKey(from));
            pages.add(page);
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        List<Map<String, AttributeValue>> items =
                pages.stream().flatMap(p -> p.items().stream()).toList();
        assertEquals(
                List.of("1", "2", "3", "4"),
                items.stream().map(i -> i.get("created").n()).toList());
        assertEquals(
                Set.of("pk", "sk", "status", "created"),
                pages.get(0).lastEvaluatedKey().keySet(),
                "an index LastEvaluatedKey holds the table key and the index key");
        assertEquals(
                Set.of("pk", "sk", "status", "created"),
                items.get(0).keySet(),
                "KEYS_ONLY projection returns only key attributes");

        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.query(b -> b.tableName(table)
                                .indexName("byStatus")
                                .keyConditionExpression("#st = :open")
                                .consistentRead(true)
                                .expressionAttributeNames(Map.of("#st", "status"))
                                .expressionAttributeValues(Map.of(":open", s("open"))))),
                "Consistent reads are not supported on global secondary indexes");

        QueryResponse local = dynamo.query(b -> b.tableName(table)
                .indexName("byCreated")
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("user#9"))));
        assertEquals(1, local.count());
        assertEquals(n("5"), local.items().get(0).get("created"));

        var scan = dynamo.scan(b -> b.tableName(table).indexName("byStatus"));
        assertEquals(5, scan.count(), "items without the index key are not in the index");
    }

    @Test
    void scanSegmentsAndBatchOperations() {
        String table = createTable(false);
        List<WriteRequest> puts = IntStream.range(0, 25)
                .mapToObj(i -> WriteRequest.builder()
                        .putRequest(
                                PutRequest.builder().item(item("p" + i, "s")).build())
                        .build())
                .toList();
        assertTrue(dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, puts)))
                .unprocessedItems()
                .isEmpty());

        int total = 0;
        for (int segment = 0; segment < 3; segment++) {
            int current = segment;
            total += dynamo.scan(b -> b.tableName(table).segment(current).totalSegments(3))
                    .count();
        }
        assertEquals(25, total);

        BatchGetItemResponse batch = dynamo.batchGetItem(b -> b.requestItems(Map.of(
                table,
                KeysAndAttributes.builder()
                        .keys(List.of(key("p1", "s"), key("p2", "s"), key("missing", "s")))
                        .projectionExpression("pk")
                        .build())));
        assertEquals(
                Set.of(Map.of("pk", s("p1")), Map.of("pk", s("p2"))),
                Set.copyOf(batch.responses().get(table)));
        // Each key is read as a GetItem of its own, a key that finds nothing at the minimum: three keys of small
        // items are 1.5 units eventually consistent and 3 strongly consistent (read-write-operations.html).
        for (boolean consistent : List.of(false, true)) {
            BatchGetItemResponse measured =
                    dynamo.batchGetItem(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                            .requestItems(Map.of(
                                    table,
                                    KeysAndAttributes.builder()
                                            .keys(List.of(key("p1", "s"), key("p2", "s"), key("missing", "s")))
                                            .consistentRead(consistent)
                                            .build())));
            assertEquals(1, measured.consumedCapacity().size());
            assertEquals(table, measured.consumedCapacity().get(0).tableName());
            assertEquals(
                    consistent ? 3.0 : 1.5, measured.consumedCapacity().get(0).capacityUnits());
        }

        dynamo.batchWriteItem(b -> b.requestItems(Map.of(
                table,
                List.of(WriteRequest.builder()
                        .deleteRequest(
                                DeleteRequest.builder().key(key("p1", "s")).build())
                        .build()))));
        assertEquals(24, dynamo.scan(b -> b.tableName(table)).count());

        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.batchGetItem(b -> b.requestItems(Map.of(
                                table,
                                KeysAndAttributes.builder()
                                        .keys(List.of(key("p2", "s"), key("p2", "s")))
                                        .build())))),
                "Provided list of item keys contains duplicates");
    }

    // ---- transactions ----

    @Test
    void transactWriteItemsAppliesAllActions() {
        String table = createTable(false);
        dynamo.putItem(b -> b.tableName(table).item(item("account", "a", "balance", n("100"))));
        dynamo.putItem(b -> b.tableName(table).item(item("account", "b", "balance", n("0"))));
        dynamo.putItem(b -> b.tableName(table).item(item("lock", "x")));

        dynamo.transactWriteItems(b -> b.transactItems(
                update(table, key("account", "a"), "SET balance = balance - :amount", "balance >= :amount", false),
                update(table, key("account", "b"), "SET balance = balance + :amount", null, false),
                TransactWriteItem.builder()
                        .put(p -> p.tableName(table)
                                .item(item("transfer", "t1"))
                                .conditionExpression("attribute_not_exists(pk)"))
                        .build(),
                TransactWriteItem.builder()
                        .delete(d -> d.tableName(table).key(key("lock", "x")))
                        .build()));

        assertEquals(n("70"), get(table, "account", "a").get("balance"));
        assertEquals(n("30"), get(table, "account", "b").get("balance"));
        assertNotNull(get(table, "transfer", "t1"));
        assertTrue(get(table, "lock", "x").isEmpty());

        var read = dynamo.transactGetItems(b -> b.transactItems(List.of(
                TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(key("account", "a")))
                        .build(),
                TransactGetItem.builder()
                        .get(g -> g.tableName(table).key(key("nobody", "x")))
                        .build())));
        assertEquals(n("70"), read.responses().get(0).item().get("balance"));
        assertFalse(read.responses().get(1).hasItem());
    }

    @Test
    void cancelledTransactionAppliesNothingAndExplainsWhy() {
        String table = createTable(false);
        dynamo.putItem(b -> b.tableName(table).item(item("account", "a", "balance", n("10"))));
        dynamo.putItem(b -> b.tableName(table).item(item("account", "b", "balance", n("0"))));
        dynamo.putItem(b -> b.tableName(table).item(item("lock", "x")));

        var cancelled = assertThrows(
                TransactionCanceledException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(
                        update(table, key("account", "b"), "SET balance = balance + :amount", null, false),
                        update(
                                table,
                                key("account", "a"),
                                "SET balance = balance - :amount",
                                "balance >= :amount",
                                true),
                        TransactWriteItem.builder()
                                .conditionCheck(c -> c.tableName(table)
                                        .key(key("lock", "x"))
                                        .conditionExpression("attribute_exists(pk)"))
                                .build())));
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        assertEquals(
                List.of("None", "ConditionalCheckFailed", "None"),
                reasons.stream().map(CancellationReason::code).toList());
        assertEquals("The conditional request failed", reasons.get(1).message());
        assertEquals(item("account", "a", "balance", n("10")), reasons.get(1).item());
        assertFalse(reasons.get(0).hasItem());
        assertTrue(cancelled
                .getMessage()
                .startsWith("Transaction cancelled, please refer cancellation reasons "
                        + "for specific reasons [None, ConditionalCheckFailed, None]"));

        assertEquals(n("10"), get(table, "account", "a").get("balance"));
        assertEquals(n("0"), get(table, "account", "b").get("balance"), "the successful action was not applied");

        var sameItemTwice = assertThrows(
                DynamoDbException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(
                        update(table, key("account", "a"), "SET balance = :amount", null, false),
                        TransactWriteItem.builder()
                                .delete(d -> d.tableName(table).key(key("account", "a")))
                                .build())));
        assertValidation(sameItemTwice, "Transaction request cannot include multiple operations on one item");

        List<TransactWriteItem> tooMany = IntStream.range(0, 101)
                .mapToObj(i -> TransactWriteItem.builder()
                        .put(p -> p.tableName(table).item(item("bulk", "i" + i)))
                        .build())
                .toList();
        assertValidation(
                assertThrows(DynamoDbException.class, () -> dynamo.transactWriteItems(b -> b.transactItems(tooMany))),
                "less than or equal to 100");
    }

    // ---- concurrency ----

    @Test
    void concurrentConditionalPutsHaveExactlyOneWinner() throws Exception {
        String table = createTable(false);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        try {
            List<Callable<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int writer = i;
                attempts.add(() -> {
                    ready.countDown();
                    ready.await();
                    try {
                        dynamo.putItem(b -> b.tableName(table)
                                .item(item("race", "key", "writer", n("" + writer)))
                                .conditionExpression("attribute_not_exists(pk)"));
                        return true;
                    } catch (ConditionalCheckFailedException e) {
                        return false;
                    }
                });
            }
            List<Boolean> outcomes = new ArrayList<>();
            for (Future<Boolean> outcome : pool.invokeAll(attempts, 30, TimeUnit.SECONDS)) {
                outcomes.add(outcome.get());
            }
            assertEquals(1, outcomes.stream().filter(Boolean::booleanValue).count());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- persistence, TTL, lifecycle ----

    @Test
    void stateSurvivesRestartWithDataDirectory(@TempDir Path dataDir) {
        String table = "persisted";
        try (DynamoDbEmulator first = DynamoDbEmulator.start(0, dataDir);
                DynamoDbClient client = client(first)) {
            client.createTable(tableRequest(table, true));
            client.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
            client.putItem(b -> b.tableName(table)
                    .item(item(
                            "user#1",
                            "e1",
                            "status",
                            s("open"),
                            "created",
                            n("1"),
                            "payload",
                            AttributeValue.fromM(Map.of("x", AttributeValue.fromNs(List.of("1")))))));
        }
        try (DynamoDbEmulator second = DynamoDbEmulator.start(0, dataDir);
                DynamoDbClient client = client(second)) {
            Map<String, AttributeValue> item = client.getItem(
                            b -> b.tableName(table).key(key("user#1", "e1")))
                    .item();
            assertEquals(AttributeValue.fromM(Map.of("x", AttributeValue.fromNs(List.of("1")))), item.get("payload"));
            assertEquals(
                    1,
                    client.query(b -> b.tableName(table)
                                    .indexName("byStatus")
                                    .keyConditionExpression("#st = :s")
                                    .expressionAttributeNames(Map.of("#st", "status"))
                                    .expressionAttributeValues(Map.of(":s", s("open"))))
                            .count(),
                    "indexes are rebuilt");
            assertEquals(
                    TimeToLiveStatus.ENABLED,
                    client.describeTimeToLive(b -> b.tableName(table))
                            .timeToLiveDescription()
                            .timeToLiveStatus());
        }
    }

    @Test
    void ttlSweepDeletesExpiredItems() {
        // The background sweep would come only in an hour: the test runs the sweep itself, at a time it names.
        try (DynamoDbEmulator fast = DynamoDbEmulator.start(0, null, Duration.ofHours(1));
                DynamoDbClient client = client(fast)) {
            client.createTable(tableRequest("ttl", false));
            client.updateTimeToLive(b -> b.tableName("ttl")
                    .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
            long now = System.currentTimeMillis() / 1000;
            client.putItem(b -> b.tableName("ttl").item(item("expired", "s", "expiresAt", n("" + (now - 10)))));
            client.putItem(b -> b.tableName("ttl").item(item("future", "s", "expiresAt", n("" + (now + 3600)))));
            client.putItem(b -> b.tableName("ttl").item(item("text", "s", "expiresAt", s("" + (now - 10)))));

            assertFalse(getWith(client, "ttl", "expired").isEmpty(), "reads never delete: until a sweep, it is there");
            assertEquals(1, fast.sweepTtl(Instant.ofEpochSecond(now)));
            assertTrue(getWith(client, "ttl", "expired").isEmpty());
            assertFalse(getWith(client, "ttl", "future").isEmpty());
            assertFalse(getWith(client, "ttl", "text").isEmpty(), "non-numeric TTL values are ignored");
        }
    }

    @Test
    void closeStopsEveryEmulatorThread() throws InterruptedException {
        List<Thread> othersDispatchers = liveThreads("HTTP-Dispatcher");
        long dispatchersBefore = othersDispatchers.size();
        DynamoDbEmulator temporary = DynamoDbEmulator.start(0, null);
        String prefix = "dynamodb-emulator-" + temporary.port() + "-";
        try (DynamoDbClient client = client(temporary)) {
            client.listTables();
        }
        List<Thread> running = liveThreads(prefix);
        assertFalse(running.isEmpty());
        assertTrue(running.stream().allMatch(Thread::isDaemon));

        List<Thread> dispatchers = liveThreads("HTTP-Dispatcher");
        dispatchers.removeAll(othersDispatchers);
        temporary.close();
        // Waits for the threads themselves to end (each at most 5 s), not for a guessed time.
        for (Thread thread : running) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        for (Thread dispatcher : dispatchers) {
            dispatcher.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertEquals(List.of(), liveThreads(prefix));
        assertEquals(dispatchersBefore, liveThreads("HTTP-Dispatcher").size());
    }

    // ---- validation ----

    @Test
    void malformedOrInconsistentExpressionsAreValidationErrors() {
        String table = createTable(false);
        Map<String, Consumer<software.amazon.awssdk.services.dynamodb.model.PutItemRequest.Builder>> cases =
                new LinkedHashMap<>();
        cases.put("Syntax error; token: \"<EOF>\"", b -> b.conditionExpression("attribute_not_exists(pk"));
        cases.put(
                "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
                b -> b.conditionExpression("attribute_not_exists(pk)")
                        .expressionAttributeValues(Map.of(":unused", s("x"))));
        cases.put(
                "An expression attribute name used in the document path is not defined; attribute name: #x",
                b -> b.conditionExpression("attribute_exists(#x)"));
        cases.put(
                "Attribute name is a reserved keyword; reserved keyword: status",
                b -> b.conditionExpression("attribute_not_exists(status)"));
        cases.put("Invalid function name; function: exists", b -> b.conditionExpression("exists(pk)"));
        cases.put(
                "The expression has redundant parentheses", b -> b.conditionExpression("((attribute_not_exists(pk)))"));
        for (var entry : cases.entrySet()) {
            var error = assertThrows(
                    DynamoDbException.class,
                    () -> dynamo.putItem(b -> {
                        b.tableName(table).item(item("p", "s"));
                        entry.getValue().accept(b);
                    }));
            assertValidation(error, entry.getKey());
        }

        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", n("1"), "sk", s("s"))))),
                "Type mismatch for key pk expected: S actual: N");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.putItem(b -> b.tableName(table).item(item("", "s")))),
                "cannot contain an empty string value. Key: pk");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.putItem(b ->
                                b.tableName(table).item(item("big", "s", "blob", s("x".repeat(400 * 1024)))))),
                "Item size has exceeded");
        assertValidation(
                assertThrows(
                        DynamoDbException.class,
                        () -> dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("p"))))),
                "The provided key element does not match the schema");
    }

    @Test
    void unsupportedOperationsAreRejected() {
        String table = createTable(false);
        var error = assertThrows(
                DynamoDbException.class,
                () -> dynamo.updateTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)));
        assertEquals(400, error.statusCode());
        assertEquals("UnknownOperationException", error.awsErrorDetails().errorCode());
    }

    // ---- helpers ----

    static DynamoDbClient client(DynamoDbEmulator target) {
        return DynamoDbClient.builder()
                .endpointOverride(target.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
                .httpClient(UrlConnectionHttpClient.create())
                // Retries would hide an unexpected 5xx; every answer must be right the first time.
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static List<Thread> liveThreads(String namePrefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(namePrefix))
                .collect(Collectors.toList());
    }

    private static String newTableName() {
        return "table-" + TABLE_COUNTER.incrementAndGet();
    }

    private static String createTable(boolean withIndexes) {
        String name = newTableName();
        dynamo.createTable(tableRequest(name, withIndexes));
        return name;
    }

    static CreateTableRequest tableRequest(String name, boolean withIndexes) {
        CreateTableRequest.Builder builder = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keyElement("pk", KeyType.HASH), keyElement("sk", KeyType.RANGE));
        if (!withIndexes) {
            return builder.attributeDefinitions(
                            attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.S))
                    .build();
        }
        return builder.attributeDefinitions(
                        attribute("pk", ScalarAttributeType.S),
                        attribute("sk", ScalarAttributeType.S),
                        attribute("status", ScalarAttributeType.S),
                        attribute("created", ScalarAttributeType.N))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("byStatus")
                        .keySchema(keyElement("status", KeyType.HASH), keyElement("created", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build())
                .localSecondaryIndexes(LocalSecondaryIndex.builder()
                        .indexName("byCreated")
                        .keySchema(keyElement("pk", KeyType.HASH), keyElement("created", KeyType.RANGE))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build())
                .build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.PutItemRequest putEntry(
            String table, String pk, String sk, String status) {
        int created = Integer.parseInt(sk.replaceAll("\\D", "")) % 1000;
        return software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder()
                .tableName(table)
                .item(item(pk, sk, "status", s(status), "created", n("" + created), "note", s("n" + sk)))
                .build();
    }

    private static QueryResponse query(String table, String condition, Map<String, AttributeValue> values) {
        return dynamo.query(QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression(condition)
                .expressionAttributeValues(values)
                .build());
    }

    private static List<String> sortKeys(QueryResponse response) {
        return response.items().stream().map(i -> i.get("sk").s()).toList();
    }

    private static TransactWriteItem update(
            String table,
            Map<String, AttributeValue> key,
            String expression,
            String condition,
            boolean returnOldOnFailure) {
        return TransactWriteItem.builder()
                .update(u -> u.tableName(table)
                        .key(key)
                        .updateExpression(expression)
                        .conditionExpression(condition)
                        .expressionAttributeValues(Map.of(":amount", n("30")))
                        .returnValuesOnConditionCheckFailure(
                                returnOldOnFailure
                                        ? ReturnValuesOnConditionCheckFailure.ALL_OLD
                                        : ReturnValuesOnConditionCheckFailure.NONE))
                .build();
    }

    private static Map<String, AttributeValue> get(String table, String pk, String sk) {
        return dynamo.getItem(b -> b.tableName(table).key(key(pk, sk))).item();
    }

    private static Map<String, AttributeValue> getWith(DynamoDbClient client, String table, String pk) {
        return client.getItem(b -> b.tableName(table).key(key(pk, "s"))).item();
    }

    private static void assertValidation(DynamoDbException error, String messagePart) {
        assertEquals(400, error.statusCode(), error.getMessage());
        assertEquals("ValidationException", error.awsErrorDetails().errorCode(), error.getMessage());
        assertTrue(
                error.awsErrorDetails().errorMessage().contains(messagePart),
                () -> "expected '" + messagePart + "' in: "
                        + error.awsErrorDetails().errorMessage());
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
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
