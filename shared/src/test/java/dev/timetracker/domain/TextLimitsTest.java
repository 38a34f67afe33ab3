package dev.timetracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextLimitsTest {
    private static final String GRINNING = "\uD83D\uDE00";

    private static List<FieldError> line(String value, int max) {
        FieldErrors errors = new FieldErrors();
        TextLimits.checkLine(errors, "name", value, max);
        return errorsOf(errors);
    }

    private static List<FieldError> paragraph(String value, int max) {
        FieldErrors errors = new FieldErrors();
        TextLimits.checkParagraph(errors, "notes", value, max);
        return errorsOf(errors);
    }

    private static List<FieldError> errorsOf(FieldErrors errors) {
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String sixtyEmoji = GRINNING.repeat(60);
        assertEquals(120, sixtyEmoji.length(), "Java counts UTF-16 units");
        assertEquals(60, TextLimits.length(sixtyEmoji));
        assertEquals(List.of(), line(sixtyEmoji, TextLimits.NAME));
        assertEquals(List.of(), line(GRINNING.repeat(100), TextLimits.NAME));
        assertEquals(
                List.of(new FieldError("name", "must be at most 100 characters long")),
                line(GRINNING.repeat(101), TextLimits.NAME));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Ann\u0000a",
                "Anna\u001B[31m",
                "An\u007Fna",
                "An\u0085na",
                "Anna\nSmith",
                "Anna\rSmith",
                "Anna\tSmith",
                "Anna\u2028Smith",
                "Anna\u2029",
                "Anna\uD800"
            })
    void aLineRefusesControlCharactersLineBreaksAndBrokenSurrogates(String value) {
        assertEquals(
                List.of(new FieldError("name", "must not contain control characters or line breaks")),
                line(value, TextLimits.NAME));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u200B",
                "\u2060",
                "\uFEFF",
                " \u00A0 ",
                "\u200B\u200C\u200D",
                "\u3164",
                "\u115F\u1160",
                "\u2800",
                "\uFE0F",
                "\u034F",
                "\u202E",
                "\u3000"
            })
    void aLineMadeOnlyOfInvisibleCharactersIsRefused(String value) {
        assertEquals(
                List.of(new FieldError("name", "must contain at least one visible character")),
                line(value, TextLimits.NAME));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Anna",
                "José Ñúñez",
                "李小龍",
                "Ørsted-Bæk",
                "\uD83D\uDC69\u200D\uD83D\uDCBB Dev",
                "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645",
                "O'Brien",
                "Zoë\u00A0Smith"
            })
    void realNamesPassWithTheirJoinersAndNoBreakSpaces(String value) {
        assertEquals(List.of(), line(value, TextLimits.NAME));
    }

    @Test
    void aParagraphMayHoldLineFeedsAndTabsButNoOtherControls() {
        assertEquals(List.of(), paragraph("Forgot to punch in.\n\tBadge broken.", TextLimits.NOTES));
        assertEquals(
                List.of(new FieldError("notes", "must not contain control characters other than line feeds and tabs")),
                paragraph("Late\u0000", TextLimits.NOTES));
        assertEquals(
                List.of(new FieldError("notes", "must contain at least one visible character")),
                paragraph("\u200B\n\u2060", TextLimits.NOTES));
        assertEquals(
                List.of(new FieldError("notes", "must be at most 500 characters long")),
                paragraph("x".repeat(501), TextLimits.NOTES));
    }

    @Test
    void requireLineThrowsTheFieldsError() {
        var failure = assertThrows(
                ValidationException.class, () -> TextLimits.requireLine("department", "d".repeat(1500), 100));
        assertEquals("department", failure.errors().get(0).field());
        assertEquals("Sales", TextLimits.requireLine("department", "Sales", 100));
    }

    @Test
    void theLoginLimitCoversUsernamesAndEmails() {
        assertTrue(TextLimits.LOGIN >= TextLimits.USERNAME && TextLimits.LOGIN >= TextLimits.EMAIL);
    }
}
