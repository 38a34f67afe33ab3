package dev.timetracker.local.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.dynamodb.Backoff;
import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.BatchWrites;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.local.testing.EmulatorOnly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The adapters' retries of unprocessed batch items (BatchReads, BatchWrites) against an emulator that hands items
 * back: they wait an exponentially growing, jittered time between attempts, and give up with RetryLater (503)
 * after a bounded number of attempts instead of looping for as long as DynamoDB is starved. The sleeper records
 * the delays instead of waiting them.
 */
@EmulatorOnly("needs the emulator's partial batches")
class BatchRetriesTest {
    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration LONGEST = Duration.ofMillis(300);

    private static DynamoDbEmulator emulator;
    private static DynamoDbClient dynamo;

    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() {
        emulator = DynamoDbEmulator.start(0, null);
        dynamo = DynamoDbEmulatorTest.client(emulator);
        dynamo.createTable(DynamoDbEmulatorTest.tableRequest("items", false));
        for (int i = 0; i < 10; i++) {
            int n = i;
            dynamo.putItem(b -> b.tableName("items").item(item(n)));
        }
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        emulator.close();
    }

    @BeforeEach
    void starve() {
        emulator.batches().onePerCall();
    }

    @Test
    void unprocessedKeysAreReadAgainAfterExponentiallyGrowingJitteredDelays() {
        var found = BatchReads.get(dynamo, Map.of("items", keys(5)), backoff(10));

        assertEquals(5, found.get("items").size(), "every key read in the end");
        assertEquals(4, sleeps.size(), "one wait before each of the 4 further attempts");
        List<Duration> ceilings = List.of(FIRST, FIRST.multipliedBy(2), LONGEST, LONGEST);
        for (int i = 0; i < sleeps.size(); i++) {
            Duration sleep = sleeps.get(i);
            assertTrue(
                    !sleep.isNegative() && sleep.compareTo(ceilings.get(i)) <= 0,
                    "wait " + (i + 1) + " is " + sleep + ", at most " + ceilings.get(i));
        }
        assertTrue(sleeps.stream().distinct().count() > 1, "jittered, not one fixed delay: " + sleeps);
    }

    @Test
    void readsGiveUpWithRetryLaterAfterTheLastAttempt() {
        long handedBackBefore = emulator.batches().handedBack();

        RetryLaterException gaveUp = assertThrows(
                RetryLaterException.class, () -> BatchReads.get(dynamo, Map.of("items", keys(10)), backoff(3)));

        assertEquals(RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE, gaveUp.reason());
        assertTrue(gaveUp.retryAfter().toSeconds() >= 1);
        assertEquals(2, sleeps.size(), "3 attempts, so 2 waits");
        assertEquals(9 + 8 + 7, emulator.batches().handedBack() - handedBackBefore, "exactly 3 calls were made");
    }

    @Test
    void unprocessedWritesAreWrittenAgainAndGiveUpAfterTheLastAttempt() {
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 100; i < 104; i++) {
            puts.add(put(i));
        }
        BatchWrites.put(dynamo, "items", puts, backoff(4));
        assertEquals(3, sleeps.size());
        for (int i = 100; i < 104; i++) {
            int n = i;
            assertTrue(dynamo.getItem(b -> b.tableName("items").key(key(n)).consistentRead(true))
                    .hasItem());
        }

        sleeps.clear();
        List<WriteRequest> more = new ArrayList<>();
        for (int i = 200; i < 210; i++) {
            more.add(put(i));
        }
        assertThrows(RetryLaterException.class, () -> BatchWrites.put(dynamo, "items", more, backoff(3)));
        assertEquals(2, sleeps.size());
    }

    private Backoff backoff(int maxAttempts) {
        return new Backoff(FIRST, LONGEST, maxAttempts, sleeps::add);
    }

    private static List<Map<String, AttributeValue>> keys(int count) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(key(i));
        }
        return keys;
    }

    private static WriteRequest put(int n) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item(n)).build())
                .build();
    }

    private static Map<String, AttributeValue> item(int n) {
        Map<String, AttributeValue> item = new HashMap<>(key(n));
        item.put("n", AttributeValue.fromN(Integer.toString(n)));
        return item;
    }

    private static Map<String, AttributeValue> key(int n) {
        return Map.of("pk", AttributeValue.fromS("item#" + n), "sk", AttributeValue.fromS("s"));
    }
}
