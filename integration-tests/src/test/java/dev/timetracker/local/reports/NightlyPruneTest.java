package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The nightly run prunes receipts (kept 96 h) and revocations (kept until the token expires) from every clock,
 * however many there are. DynamoDB refuses an expression over 4 KB, and one REMOVE path per entry passes that
 * with a few hundred entries; the run must still finish, for the busy clock and for everyone after it.
 */
@ExtendWith(LocalAwsExtension.class)
class NightlyPruneTest {
    private static final Instant AT = Instant.parse("2026-03-30T13:00:00Z");
    private static final Instant OLD_RECEIPT = AT.minus(Duration.ofHours(97));
    private static final Instant FRESH_RECEIPT = AT.minus(Duration.ofHours(1));

    @Test
    void hundredsOfOldReceiptsAndRevocationsAreAllPrunedAndTheRunFinishes(TestStack stack) {
        Dataset data = Dataset.fresh(stack)
                .standardHours()
                // A clock with a final day to close: the prune comes with the closing's transaction.
                .employee("emp-busy", "Busy", "Kiosk", "K-1", "Floor", "Europe/Berlin", true)
                .journal("emp-busy", List.of(in("2026-03-23T08:00:00Z"), out("2026-03-23T16:00:00Z")))
                // A clock with nothing to close: only the prune changes it.
                .employee("emp-idle", "Idle", "Kiosk", "K-2", "Floor", "Europe/Berlin", true);
        seedReceiptsAndRevocations(data, "emp-busy", 600, 300);
        seedReceiptsAndRevocations(data, "emp-idle", 400, 0);
        // Seeded days before the run: the clocks index has caught up by then.
        stack.awaitIndexes();

        ObjectNode summary =
                data.aggregation(Clock.fixed(AT, ZoneOffset.UTC)).handle(Week.scheduledEvent(AT), () -> Long.MAX_VALUE);

        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(2, summary.get("clocks").asLong(), summary::toString);
        Map<String, AttributeValue> busy = clock(data, "emp-busy");
        assertTrue(busy.get("journal").l().isEmpty(), "the day was closed: " + busy.get("journal"));
        assertEquals(
                Set.of("fresh-emp-busy-0", "fresh-emp-busy-1"),
                busy.get("receipts").m().keySet());
        assertEquals(
                Set.of("live-emp-busy-0", "live-emp-busy-1"),
                busy.get("revoked").m().keySet());
        Map<String, AttributeValue> idle = clock(data, "emp-idle");
        assertEquals(
                Set.of("fresh-emp-idle-0", "fresh-emp-idle-1"),
                idle.get("receipts").m().keySet());
        assertEquals(
                Set.of("live-emp-idle-0", "live-emp-idle-1"),
                idle.get("revoked").m().keySet());
    }

    /**
     * Receipts keyed by client punch ids (UUID-sized, as clients send them) and revocations keyed by token ids, in
     * the shapes ClockItems reads: {@code old} receipts past the 96 h and {@code expired} revocations past their
     * token's expiry, plus two of each that must stay.
     */
    private static void seedReceiptsAndRevocations(Dataset data, String employeeId, int old, int expired) {
        Map<String, AttributeValue> receipts = new HashMap<>();
        for (int i = 0; i < old; i++) {
            receipts.put(String.format("old-%s-%028d", employeeId, i), receipt(employeeId, i, OLD_RECEIPT));
        }
        Map<String, AttributeValue> revoked = new HashMap<>();
        for (int i = 0; i < expired; i++) {
            revoked.put(String.format("expired-%s-%028d", employeeId, i), epochSeconds(AT.minusSeconds(60)));
        }
        for (int i = 0; i < 2; i++) {
            receipts.put("fresh-" + employeeId + "-" + i, receipt(employeeId, i, FRESH_RECEIPT));
            revoked.put("live-" + employeeId + "-" + i, epochSeconds(AT.plusSeconds(3600)));
        }
        data.db.updateItem(update -> update.tableName(data.timeTable)
                .key(ClockItems.key(employeeId))
                .updateExpression("SET receipts = :receipts, revoked = :revoked")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(Map.of(
                        ":receipts", AttributeValue.fromM(receipts), ":revoked", AttributeValue.fromM(revoked))));
    }

    private static AttributeValue receipt(String employeeId, int i, Instant at) {
        return AttributeValue.fromM(Map.of(
                "h",
                AttributeValue.fromS("hash-" + i),
                "e",
                AttributeValue.fromS(employeeId + "-entry-" + i),
                "t",
                AttributeValue.fromS(at.toString())));
    }

    private static AttributeValue epochSeconds(Instant at) {
        return AttributeValue.fromN(Long.toString(at.getEpochSecond()));
    }

    private static Map<String, AttributeValue> clock(Dataset data, String employeeId) {
        return data.item(data.timeTable, "EMPLOYEE#" + employeeId, "CLOCK");
    }
}
