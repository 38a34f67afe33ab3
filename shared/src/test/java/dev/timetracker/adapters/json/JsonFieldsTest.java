package dev.timetracker.adapters.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.FieldError;
import dev.timetracker.domain.ValidationException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {
    @Test
    void readsTypedFieldsAndTellsAbsentFromNull() {
        JsonFields fields = JsonFields.parse(
                "{\"name\":\"Ana\",\"dept\":null,\"n\":5,\"ok\":true,\"days\":[1,2]}",
                Set.of("name", "dept", "n", "ok", "days", "absent"));
        assertEquals("Ana", fields.text("name"));
        assertEquals("", fields.nullableText("dept"), "a JSON null clears: it reads as blank");
        assertNull(fields.nullableText("absent"));
        assertEquals(5, fields.integer("n"));
        assertTrue(fields.bool("ok"));
        assertEquals(java.util.List.of(1, 2), fields.integers("days"));
        fields.done();
    }

    @Test
    void collectsTypeErrorsAndUnknownFields() {
        JsonFields fields =
                JsonFields.parse("{\"name\":5,\"n\":1.5,\"ok\":\"yes\",\"role\":\"admin\"}", Set.of("name", "n", "ok"));
        fields.text("name");
        fields.integer("n");
        fields.bool("ok");
        var failure = assertThrows(ValidationException.class, fields::done);
        assertEquals(
                Set.of("name", "n", "ok", "role"),
                Set.copyOf(failure.errors().stream().map(FieldError::field).toList()));
    }

    @Test
    void malformedOrNonObjectBodiesAreValidationErrors() {
        assertEquals(
                "body",
                assertThrows(ValidationException.class, () -> JsonFields.parse("{\"a\":", Set.of()))
                        .errors()
                        .get(0)
                        .field());
        assertThrows(ValidationException.class, () -> JsonFields.parse("[1,2]", Set.of()));
        assertThrows(ValidationException.class, () -> JsonFields.parse("", Set.of()));
        assertThrows(ValidationException.class, () -> JsonFields.parse("{\"a\":1} trailing", Set.of("a")));
        assertThrows(ValidationException.class, () -> JsonFields.parse("{\"a\":1,\"a\":2}", Set.of("a")));
    }
}
