package dev.timetracker.domain.time;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A punch as a client asked for it. {@code clientTimestamp} is set for offline punches (the device's clock);
 * {@code clientPunchId} makes retries safe: the same id with the same request is the same punch.
 */
public record PunchCommand(String employeeId, PunchAction action, Instant clientTimestamp, String clientPunchId,
                           String notes) {

    /** What "the same request" means for a retry: a digest of every field the client chose. */
    public String requestHash() {
        String canonical = employeeId + "\n" + action.wire() + "\n" + (clientTimestamp == null ? "" : clientTimestamp)
                + "\n" + (notes == null ? "" : notes);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
