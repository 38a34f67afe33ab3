package dev.timetracker.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mutation log in-process: a "crash" is a database that is abandoned without {@code close()} or a snapshot, and a
 * "restart" is a new database loading the same directory. {@code CrashRecoveryTest} does the same with a real kill.
 */
class MutationLogTest {
    @TempDir
    Path dir;

    /** A database as the emulator runs it: snapshot loaded, log replayed and attached. */
    private record Node(Database db, SnapshotStore store, Operations operations) {
        static Node start(Path dir) {
            return start(dir, false);
        }

        static Node start(Path dir, boolean fsync) {
            Database db = new Database();
            SnapshotStore store = new SnapshotStore(dir, fsync);
            store.load(db);
            return new Node(db, store, new Operations(db, new TransactionGate(), new UnprocessedBatches()));
        }

        ObjectNode call(String operation, String requestJson) {
            try {
                return operations.execute(operation, Json.MAPPER.readTree(requestJson));
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
        }

        void put(String table, String pk, String sk) {
            call("PutItem", """
                    {"TableName": "%s", "Item": {"pk": {"S": "%s"}, "sk": {"S": "%s"}}}""".formatted(table, pk, sk));
        }

        /** Every table's definition and items, for comparing two databases. */
        String state() {
            return db.read(() -> {
                ArrayNode all = Json.array();
                db.tables().values().forEach(table -> {
                    all.add(TableDefinitions.toSnapshot(table.definition()));
                    table.items().forEach(item -> all.add(AttrValueJson.writeItem(item)));
                });
                return all.toString();
            });
        }

        List<String> keys(String table) {
            return db.read(() -> db.table(table).items().stream()
                    .map(item -> ((AttrValue.S) item.get("pk")).value() + "/" + ((AttrValue.S) item.get("sk")).value())
                    .toList());
        }
    }

    @ParameterizedTest(name = "fsync {0}")
    @ValueSource(booleans = {false, true})
    void everyKindOfWriteIsReplayedWithoutASnapshot(boolean fsync) {
        Node first = Node.start(dir, fsync);
        first.call("CreateTable", tableRequest("main"));
        first.call("CreateTable", tableRequest("dropped"));
        first.call("UpdateTimeToLive", """
                {"TableName": "main", "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": true}}""");
        first.put("main", "a", "1");
        first.call("PutItem", """
                {"TableName": "main", "Item": {"pk": {"S": "expiring"}, "sk": {"S": "1"}, "expires": {"N": "%d"}}}""".formatted(System.currentTimeMillis() / 1000 - 60));
        first.call("UpdateItem", """
                {"TableName": "main", "Key": {"pk": {"S": "a"}, "sk": {"S": "1"}},
                 "UpdateExpression": "SET n = :n, tags = :t",
                 "ExpressionAttributeValues": {":n": {"N": "42"}, ":t": {"SS": ["x", "y"]}}}""");
        first.put("main", "gone", "1");
        first.call("DeleteItem", """
                {"TableName": "main", "Key": {"pk": {"S": "gone"}, "sk": {"S": "1"}}}""");
        first.call("BatchWriteItem", """
                {"RequestItems": {"main": [
                  {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": "1"}}}},
                  {"PutRequest": {"Item": {"pk": {"S": "b"}, "sk": {"S": "2"}}}},
                  {"DeleteRequest": {"Key": {"pk": {"S": "a"}, "sk": {"S": "missing"}}}}]}}""");
        first.call("TransactWriteItems", """
                {"TransactItems": [
                  {"Put": {"TableName": "main", "Item": {"pk": {"S": "t"}, "sk": {"S": "1"}},
                           "ConditionExpression": "attribute_not_exists(pk)"}},
                  {"Update": {"TableName": "main", "Key": {"pk": {"S": "b"}, "sk": {"S": "2"}},
                              "UpdateExpression": "SET v = :v", "ExpressionAttributeValues": {":v": {"S": "w"}}}},
                  {"Delete": {"TableName": "main", "Key": {"pk": {"S": "b"}, "sk": {"S": "1"}}}}]}""");
        first.call("DeleteTable", "{\"TableName\": \"dropped\"}");
        assertEquals(1, first.db().sweepExpired(System.currentTimeMillis() / 1000), "the TTL sweep deleted an item");
        assertFalse(Files.exists(dir.resolve("dynamodb-emulator.json")), "no snapshot: the log alone must do");

        Node restarted = Node.start(dir);

        assertEquals(first.state(), restarted.state());
        assertEquals(List.of("a/1", "b/2", "t/1"), restarted.keys("main"));
        assertEquals(
                "expires",
                restarted
                        .db()
                        .read(() -> restarted.db().table("main").definition().ttlAttribute()));
        assertEquals(null, restarted.db().read(() -> restarted.db().findTable("dropped")));
    }

    @Test
    void aTornLastRecordIsIgnoredAndNeverWrittenBehind() throws IOException {
        Node first = Node.start(dir);
        first.call("CreateTable", tableRequest("main"));
        first.put("main", "kept", "1");
        first.put("main", "torn", "1");
        Path segment = onlySegment();
        long size = Files.size(segment);
        try (var channel = Files.newByteChannel(segment, StandardOpenOption.WRITE)) {
            channel.truncate(size - 3); // the process died in the middle of appending the last record
        }

        Node second = Node.start(dir);
        assertEquals(List.of("kept/1"), second.keys("main"));
        second.put("main", "after", "1");

        Node third = Node.start(dir);
        assertEquals(
                List.of("after/1", "kept/1"),
                third.keys("main"),
                "a write after the torn record is in a new segment, so it is not lost behind the torn bytes");
    }

    @Test
    void garbageAfterTheLastRecordIsIgnored() throws IOException {
        Node first = Node.start(dir);
        first.call("CreateTable", tableRequest("main"));
        first.put("main", "kept", "1");
        Path segment = onlySegment();
        byte[] payload = "[{\"op\":\"drop-table\",\"table\":\"main\"}]".getBytes();
        ByteBuffer badChecksum = ByteBuffer.allocate(8 + payload.length)
                .putInt(payload.length)
                .putInt(12345)
                .put(payload)
                .flip();
        Files.write(segment, badChecksum.array(), StandardOpenOption.APPEND);

        assertEquals(List.of("kept/1"), Node.start(dir).keys("main"), "a record whose checksum fails is not applied");

        Files.write(segment, new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
        assertEquals(List.of("kept/1"), Node.start(dir).keys("main"), "a partial header is ignored");
    }

    @Test
    void compactionFoldsTheLogIntoTheSnapshotAndDeletesIt() throws IOException {
        Node first = Node.start(dir);
        first.call("CreateTable", tableRequest("main"));
        first.put("main", "before", "1");

        first.store().saveIfChanged(first.db());
        assertEquals(List.of(), segments(), "the compacted segment is deleted");
        JsonNode snapshot =
                Json.MAPPER.readTree(dir.resolve("dynamodb-emulator.json").toFile());
        assertNotEquals(0, snapshot.path("logGeneration").asLong(), "the snapshot names the first segment it lacks");

        first.put("main", "after", "1");
        assertEquals(1, segments().size());

        Node second = Node.start(dir);
        assertEquals(List.of("after/1", "before/1"), second.keys("main"), "snapshot plus the newer segment");

        second.store().saveIfChanged(second.db());
        second.store().close();
        assertEquals(List.of(), segments(), "a clean stop leaves only the snapshot");
        assertEquals(List.of("after/1", "before/1"), Node.start(dir).keys("main"));
    }

    @Test
    void aFailedWriteIsLoggedOnlyForWhatItChanged() {
        Node first = Node.start(dir);
        first.call("CreateTable", tableRequest("main"));
        first.put("main", "a", "1");
        try {
            first.call("PutItem", """
                    {"TableName": "main", "Item": {"pk": {"S": "a"}, "sk": {"S": "1"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}""");
        } catch (DynamoDbError expected) {
            assertTrue(expected.code().contains("ConditionalCheckFailed"), expected.code());
        }
        assertEquals(first.state(), Node.start(dir).state());
    }

    private static String tableRequest(String name) {
        return """
                {"TableName": "%s", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                                          {"AttributeName": "sk", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}]}
                """.formatted(name);
    }

    private Path onlySegment() throws IOException {
        List<Path> segments = segments();
        assertEquals(1, segments.size(), segments.toString());
        return segments.get(0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList();
        }
    }
}
