package dev.timetracker.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items read back as written, optional attributes may be absent, and a damaged item fails naming the attribute it
 * lacks instead of with a NullPointerException (or, for a write, instead of storing {@code ENTRY#null}).
 */
class ItemAttributesTest {
    private static final LocalDate DATE = LocalDate.parse("2026-11-27");
    private static final Instant IN = Instant.parse("2026-11-27T08:00:00Z");

    @Test
    void aSessionReadsBackAsWritten() {
        WorkSession session = session(null);

        assertEquals(session, TimeItems.sessionFromItem(TimeItems.sessionItem(session)));
    }

    @Test
    void anOpenSessionHasNoLastOutAndReadsBackWithout() {
        Map<String, AttributeValue> item = TimeItems.sessionItem(session(null));

        assertFalse(item.containsKey("last_out"), "an open session stores no last_out");
        assertNull(TimeItems.sessionFromItem(item).lastOut());
    }

    @Test
    void aSessionWithoutItsFirstInNamesTheAttribute() {
        Map<String, AttributeValue> item = new HashMap<>(TimeItems.sessionItem(session(IN.plusSeconds(3_600))));
        item.remove("first_in");

        IllegalStateException damaged =
                assertThrows(IllegalStateException.class, () -> TimeItems.sessionFromItem(item));
        assertTrue(damaged.getMessage().contains("first_in"), damaged.getMessage());
    }

    @Test
    void anEntryWithoutNotesOrPunchIdReadsBackWithout() {
        TimeEntry entry = entry(DATE);

        assertEquals(entry, TimeItems.entryFromItem(TimeItems.entryItem(entry, 7)));
    }

    @Test
    void anEntryWithoutAWorkDateIsRefusedRatherThanStoredUnderNull() {
        TimeEntry undated = entry(null);

        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> TimeItems.entryItem(undated, 7));
        assertTrue(refused.getMessage().contains(undated.id()), refused.getMessage());
    }

    @Test
    void anAuditRecordWithAnUnknownRoleNamesIt() {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS("audit-1"));
        item.put("at", AttributeValue.fromS(IN.toString()));
        item.put("actor_id", AttributeValue.fromS("emp-1"));
        item.put("actor_role", AttributeValue.fromS("janitor"));
        item.put("action", AttributeValue.fromS("update"));
        item.put("entity_type", AttributeValue.fromS("employee"));
        item.put("entity_id", AttributeValue.fromS("emp-1"));

        IllegalStateException damaged = assertThrows(IllegalStateException.class, () -> AuditItems.fromItem(item));
        assertTrue(damaged.getMessage().contains("janitor"), damaged.getMessage());
    }

    private static TimeEntry entry(LocalDate workDate) {
        return new TimeEntry("entry-1", "emp-1", PunchAction.PUNCH_IN, IN, IN, workDate, EntrySource.APP, null, null);
    }

    private static WorkSession session(Instant lastOut) {
        return new WorkSession(
                "emp-1",
                DATE,
                IN,
                lastOut,
                3_600,
                0,
                List.of(new PunchCycle(IN, lastOut, 3_600, 0)),
                0,
                0,
                0,
                3_600,
                0,
                lastOut == null ? SessionStatus.OPEN : SessionStatus.COMPLETE,
                List.of());
    }
}
