package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.ValidationException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PunchCommandTest {
    private static final Instant AT = Instant.parse("2026-03-02T08:00:00Z");

    private static PunchCommand checked(FieldErrors errors, String bodyId, String headerId, String notes) {
        return PunchCommand.checked(errors, "emp-1", PunchAction.PUNCH_IN, AT, bodyId, headerId, notes);
    }

    @Test
    void thePunchIdComesFromTheBodyOrTheHeaderAndBothMustAgree() {
        FieldErrors errors = new FieldErrors();
        assertEquals("phone-1:42", checked(errors, null, "phone-1:42", null).clientPunchId());
        assertEquals(
                "phone-1:42", checked(errors, "phone-1:42", "phone-1:42", null).clientPunchId());
        assertTrue(errors.isEmpty());

        checked(errors, "phone-1:42", "phone-1:43", null);
        assertTrue(errors.has("client_punch_id"));
    }

    @Test
    void aPunchIdIsShortAndPrintable() {
        for (String bad : new String[] {"", "has space", "x".repeat(129), "semi;colon", "emoji🙂"}) {
            FieldErrors errors = new FieldErrors();
            checked(errors, bad, null, null);
            assertTrue(errors.has("client_punch_id"), bad);
        }
        FieldErrors errors = new FieldErrors();
        checked(errors, "A-z_0.9:@".repeat(15).substring(0, 128), null, null);
        assertFalse(errors.has("client_punch_id"));
    }

    @Test
    void notesAreOneBoundedParagraphAndBlankNotesAreNone() {
        FieldErrors errors = new FieldErrors();
        assertNull(checked(errors, null, null, "  \n ").notes());
        assertEquals(
                "left early:\n\tdoctor",
                checked(errors, null, null, " left early:\n\tdoctor ").notes());
        assertTrue(errors.isEmpty());

        checked(errors, null, null, "x".repeat(501));
        assertTrue(errors.has("notes"));
        FieldErrors control = new FieldErrors();
        checked(control, null, null, "bell\u0007");
        assertTrue(control.has("notes"));
    }

    @Test
    void anEmployeeIdOutsideTheIdRulesIsAFieldError() {
        FieldErrors errors = new FieldErrors();
        PunchCommand.checked(errors, "x".repeat(3000), PunchAction.PUNCH_IN, null, null, null, null);
        assertThrows(ValidationException.class, errors::throwIfAny);
    }
}
