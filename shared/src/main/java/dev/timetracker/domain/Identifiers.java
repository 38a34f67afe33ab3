package dev.timetracker.domain;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What an id may look like wherever a client names one (a path segment, a query parameter, a body field): 1 to
 * 64 letters, digits, {@code .}, {@code _} or {@code -}. Our ids are UUIDs (36 characters); the rule keeps a
 * client's id far below DynamoDB's key limits and free of {@code #}, which separates the parts of our keys.
 * Checked before any lookup, so a malformed id is a 400, never a DynamoDB ValidationException.
 */
public final class Identifiers {
    public static final int MAX_LENGTH = 64;
    private static final Pattern SYNTAX = Pattern.compile("^[A-Za-z0-9._-]{1," + MAX_LENGTH + "}$");
    static final String RULE = "must be an id of 1 to " + MAX_LENGTH + " letters, digits, '.', '_' or '-'";

    private Identifiers() {}

    public static boolean isValid(@Nullable String id) {
        return id != null && SYNTAX.matcher(id).matches();
    }

    /** Adds the field's error when a present id is malformed. */
    public static void check(FieldErrors errors, String field, @Nullable String id) {
        if (id != null && !isValid(id)) {
            errors.add(field, RULE);
        }
    }

    /** @return the id, or throws the 400 naming the field */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new ValidationException(field, RULE);
        }
        return id;
    }
}
