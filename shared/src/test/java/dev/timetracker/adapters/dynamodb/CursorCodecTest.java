package dev.timetracker.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CursorCodecTest {
    private final CursorCodec codec = new CursorCodec("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private final Map<String, AttributeValue> key =
            Map.of("pk", AttributeValue.fromS("EMPLOYEE#1"), "sk", AttributeValue.fromS("PROFILE"));

    @Test
    void roundTrips() {
        String cursor = codec.encode("employees/roster", key);
        assertEquals(key, codec.decode("employees/roster", cursor, Set.of("pk", "sk")));
    }

    @Test
    void refusesATamperedCursor() {
        String cursor = codec.encode("employees/roster", key);
        String body = cursor.substring(0, cursor.indexOf('.'));
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8)
                        .replace("#1", "#2")
                        .getBytes(StandardCharsets.UTF_8));
        assertThrows(
                ValidationException.class,
                () -> codec.decode(
                        "employees/roster", forged + cursor.substring(cursor.indexOf('.')), Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", "garbage", Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", "a.b.c", Set.of("pk", "sk")));
    }

    @Test
    void refusesACursorOfAnotherListingOrKey() {
        String cursor = codec.encode("employees/roster", key);
        assertThrows(ValidationException.class, () -> codec.decode("business-hours", cursor, Set.of("pk", "sk")));
        assertThrows(
                ValidationException.class,
                () -> codec.decode("employees/roster", cursor, Set.of("pk", "sk", "roster")));
        CursorCodec otherKey = new CursorCodec("x".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThrows(ValidationException.class, () -> otherKey.decode("employees/roster", cursor, Set.of("pk", "sk")));
    }

    @Test
    void aCursorIsBoundToTheRouteAndFiltersItWasHandedOutFor() {
        PageRequest employees = new PageRequest(1, null, "/api/employees");
        PageRequest report = new PageRequest(1, null, "/api/reports/employees|4:from10:2026-03-01|2:to10:2026-03-07");
        String cursor = codec.encode(employees.listing("employees/roster"), key);
        assertEquals(key, codec.decode(employees.listing("employees/roster"), cursor, Set.of("pk", "sk")));
        // Both routes page the same roster index with the same keys: only the scope tells them apart.
        assertThrows(
                ValidationException.class,
                () -> codec.decode(report.listing("employees/roster"), cursor, Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", cursor, Set.of("pk", "sk")));
    }

    @Test
    void cursorsStayShortWhateverTheListingsLength() {
        String cursor =
                codec.encode("employees/department/" + "\uD83D\uDE00".repeat(100) + "\n" + "q".repeat(5000), key);
        assertTrue(cursor.length() < 200, cursor);
    }

    @Test
    void anOversizedCursorIsRefusedBeforeItIsDecoded() {
        var failure = assertThrows(
                ValidationException.class, () -> new PageRequest(10, "c".repeat(TextLimits.CURSOR + 1), "/x"));
        assertEquals("cursor", failure.errors().get(0).field());
    }
}
