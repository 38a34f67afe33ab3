package dev.timetracker.domain.time;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.TextLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A punch as a client asked for it. {@code clientTimestamp} is set for offline punches (the device's clock);
 * {@code clientPunchId} makes retries safe: the same id with the same request is the same punch.
 */
public record PunchCommand(
        String employeeId,
        PunchAction action,
        @Nullable Instant clientTimestamp,
        @Nullable String clientPunchId,
        @Nullable String notes) {
    /** Idempotency keys are client-made ids: printable, no spaces, short enough to keep in the clock item. */
    private static final Pattern PUNCH_ID = Pattern.compile("^[A-Za-z0-9._:@-]{1,128}$");

    /**
     * The command from what a client sent, its rules checked: the punch id may come in the body or as an
     * Idempotency-Key header (the same one if both), notes are one paragraph of bounded length and blank notes are
     * none. Every broken rule is added to {@code errors}; the caller throws them together with its own.
     *
     * @param employeeId null when missing (the caller reports that, knowing whom the token names)
     * @param action     null when missing or not one of the four
     */
    public static PunchCommand checked(
            FieldErrors errors,
            @Nullable String employeeId,
            @Nullable PunchAction action,
            @Nullable Instant clientTimestamp,
            @Nullable String bodyPunchId,
            @Nullable String headerPunchId,
            @Nullable String notes) {
        if (bodyPunchId != null && headerPunchId != null && !bodyPunchId.equals(headerPunchId)) {
            errors.add("client_punch_id", "differs from the Idempotency-Key header; send one or the same");
        }
        String punchId = bodyPunchId != null ? bodyPunchId : headerPunchId;
        if (punchId != null && !PUNCH_ID.matcher(punchId).matches()) {
            errors.add("client_punch_id", "must be 1 to 128 letters, digits or . _ : @ -");
        }
        String strippedNotes = null;
        if (notes != null && !notes.isBlank()) {
            TextLimits.checkParagraph(errors, "notes", notes, TextLimits.NOTES);
            strippedNotes = notes.strip();
        }
        Identifiers.check(errors, "employee_id", employeeId);
        if (employeeId == null || action == null) {
            // The caller has recorded why (missing, or not one of the four actions): a command without them is no
            // command, so the errors are thrown here, all of them, as the caller would have.
            errors.throwIfAny();
            throw new IllegalArgumentException("employee id or action missing, and no field error says why");
        }
        return new PunchCommand(employeeId, action, clientTimestamp, punchId, strippedNotes);
    }

    /** What "the same request" means for a retry: a digest of every field the client chose. */
    public String requestHash() {
        String canonical = employeeId + "\n" + action.wire() + "\n" + (clientTimestamp == null ? "" : clientTimestamp)
                + "\n" + (notes == null ? "" : notes);
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
