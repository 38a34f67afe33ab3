package dev.timetracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @Test
    void ourIdsAreIds() {
        assertTrue(Identifiers.isValid(UUID.randomUUID().toString()));
        assertTrue(Identifiers.isValid("default"));
        assertTrue(Identifiers.isValid("emp-7.e01_x"));
        assertTrue(Identifiers.isValid("i".repeat(Identifiers.MAX_LENGTH)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a#b", "a/b", "a b", "a\u0000", "\u00E9", "a%2Fb", "a@b"})
    void anythingElseIsNot(String id) {
        assertFalse(Identifiers.isValid(id));
    }

    @Test
    void oversizedIdsAreRefusedWithTheirField() {
        assertFalse(Identifiers.isValid("i".repeat(Identifiers.MAX_LENGTH + 1)));
        var failure =
                assertThrows(ValidationException.class, () -> Identifiers.require("employee_id", "i".repeat(3000)));
        assertEquals("employee_id", failure.errors().get(0).field());
        assertFalse(Identifiers.isValid(null));
    }
}
