package dev.timetracker.domain;

import org.jspecify.annotations.Nullable;

/**
 * The one place for how long free text may be and what it may contain. Every limit is checked before anything
 * is stored or looked up, so no value can reach DynamoDB's key limits (2,048 bytes for a partition key, 1,024
 * for a sort key) or end up as an invisible or control character in a CSV cell.
 *
 * <p>Lengths count characters as people do: Unicode code points, so 60 emoji are 60 characters, not the 120
 * UTF-16 units Java's {@link String#length()} would count. Every limit below is documented in docs/openapi.yaml
 * and in README ("Limits").
 */
public final class TextLimits {
    /** first_name, last_name, department, position. */
    public static final int NAME = 100;

    public static final int EMPLOYEE_CODE = 50;
    /** RFC 5321 §4.5.3.1.3: a forward path is at most 256 octets including the angle brackets. */
    public static final int EMAIL = 254;
    /** Django's username limit, which the original API had. */
    public static final int USERNAME = 150;
    /** What a login names: an admin's username or an employee's email, whichever is longer. */
    public static final int LOGIN = Math.max(USERNAME, EMAIL);

    public static final int NOTES = 500;
    /** A correction's, a reopening's or a lock's reason (the contract: 3 to 500 characters). */
    public static final int REASON_MIN = 3;

    public static final int REASON = 500;
    public static final int PASSWORD_MIN = 12;
    public static final int PASSWORD_MAX = 256;
    /** Our own cursors stay far below this; anything longer was not made by us. */
    public static final int CURSOR = 2048;

    private TextLimits() {}

    /** Characters as a person counts them (code points), not UTF-16 units. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * A line of text a person will read (a name, a department): at most {@code maxLength} characters, no
     * control characters or line breaks, and at least one visible character. Adds at most one error.
     */
    public static void checkLine(FieldErrors errors, String field, String value, int maxLength) {
        check(errors, field, value, maxLength, false);
    }

    /** Like {@link #checkLine}, but line feeds and tabs are allowed (notes, reasons). */
    public static void checkParagraph(FieldErrors errors, String field, String value, int maxLength) {
        check(errors, field, value, maxLength, true);
    }

    /** Throws the 400 of {@link #checkLine} for one query parameter or field. */
    public static String requireLine(String field, String value, int maxLength) {
        FieldErrors errors = new FieldErrors();
        checkLine(errors, field, value, maxLength);
        errors.throwIfAny();
        return value;
    }

    /** A reason: required, {@value #REASON_MIN} to {@value #REASON} characters, line feeds and tabs allowed. */
    public static void checkReason(FieldErrors errors, String field, @Nullable String value) {
        if (value == null) {
            errors.add(field, "is required");
        } else if (length(value.strip()) < REASON_MIN && length(value) <= REASON) {
            errors.add(field, "must have at least " + REASON_MIN + " characters");
        } else {
            checkParagraph(errors, field, value, REASON);
        }
    }

    /** Throws the 400 of {@link #checkReason}. */
    public static String requireReason(String field, String value) {
        FieldErrors errors = new FieldErrors();
        checkReason(errors, field, value);
        errors.throwIfAny();
        return value;
    }

    private static void check(FieldErrors errors, String field, String value, int maxLength, boolean paragraph) {
        if (value == null) {
            return;
        }
        if (length(value) > maxLength) {
            errors.add(field, "must be at most " + maxLength + " characters long");
        } else if (value.codePoints().anyMatch(c -> isForbidden(c, paragraph))) {
            errors.add(
                    field,
                    paragraph
                            ? "must not contain control characters other than line feeds and tabs"
                            : "must not contain control characters or line breaks");
        } else if (!value.isEmpty() && value.codePoints().allMatch(TextLimits::isInvisible)) {
            errors.add(field, "must contain at least one visible character");
        }
    }

    /**
     * C0/C1 controls (NUL, ESC, DEL, ...), line and paragraph separators, and unpaired surrogates (a JSON
     * {@code "\ud800"} escape), which are no text at all.
     */
    private static boolean isForbidden(int codePoint, boolean paragraph) {
        if (paragraph && (codePoint == '\n' || codePoint == '\t')) {
            return false;
        }
        int type = Character.getType(codePoint);
        return type == Character.CONTROL
                || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * Characters that show nothing on their own: white space (including no-break spaces), format characters
     * (zero-width space U+200B, word joiner U+2060, BOM U+FEFF, bidi marks, ...), and the fillers and selectors
     * Unicode lists as default-ignorable or blank (Hangul fillers, variation selectors, braille blank). They are
     * fine inside a name (a zero-width joiner in an emoji, a non-joiner in Persian), never as all of it.
     */
    static boolean isInvisible(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        if (type == Character.FORMAT || type == Character.CONTROL) {
            return true;
        }
        return codePoint == 0x034F
                || codePoint == 0x115F
                || codePoint == 0x1160
                || codePoint == 0x17B4
                || codePoint == 0x17B5
                || (codePoint >= 0x180B && codePoint <= 0x180F)
                || codePoint == 0x2800
                || codePoint == 0x3164
                || codePoint == 0xFFA0
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
