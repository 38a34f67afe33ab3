package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.ValidationException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorCodecTest {
    private final CursorCodec codec = new CursorCodec("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private final Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("EMPLOYEE#1"), "sk", AttributeValue.fromS("PROFILE"));

    @Test
    void roundTrips() {
        String cursor = codec.encode("employees/roster", key);
        assertEquals(key, codec.decode("employees/roster", cursor, Set.of("pk", "sk")));
    }

    @Test
    void refusesATamperedCursor() {
        String cursor = codec.encode("employees/roster", key);
        String body = cursor.substring(0, cursor.indexOf('.'));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8).replace("#1", "#2").getBytes(StandardCharsets.UTF_8));
        assertThrows(ValidationException.class,
                () -> codec.decode("employees/roster", forged + cursor.substring(cursor.indexOf('.')), Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", "garbage", Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", "a.b.c", Set.of("pk", "sk")));
    }

    @Test
    void refusesACursorOfAnotherListingOrKey() {
        String cursor = codec.encode("employees/roster", key);
        assertThrows(ValidationException.class, () -> codec.decode("business-hours", cursor, Set.of("pk", "sk")));
        assertThrows(ValidationException.class, () -> codec.decode("employees/roster", cursor, Set.of("pk", "sk", "roster")));
        CursorCodec otherKey = new CursorCodec("x".repeat(32).getBytes(StandardCharsets.UTF_8));
        assertThrows(ValidationException.class, () -> otherKey.decode("employees/roster", cursor, Set.of("pk", "sk")));
    }
}
