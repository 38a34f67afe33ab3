package dev.timetracker.adapters.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.ValidationException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Turns a DynamoDB start key into an opaque cursor and back. The cursor carries a digest of the listing it
 * belongs to (the store's query and, through {@link dev.timetracker.domain.PageRequest#listing}, the route and
 * filters the client asked with) and is signed with HMAC-SHA256, so a tampered cursor, or one taken from another
 * listing (an {@code /api/employees/} cursor on {@code /api/reports/employees/}, or another department's), is
 * refused with a 400 instead of steering a query to keys the client chose.
 */
public final class CursorCodec {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public CursorCodec(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("A cursor key needs at least 256 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * Only string key attributes are used in our tables, which keeps cursors small and checkable.
     *
     * @return null without a start key: the listing has no further page
     */
    public @Nullable String encode(String listing, @Nullable Map<String, AttributeValue> startKey) {
        if (startKey == null || startKey.isEmpty()) {
            return null;
        }
        return encodeKey(listing, startKey);
    }

    private String encodeKey(String listing, Map<String, AttributeValue> startKey) {
        ObjectNode payload = Json.object();
        payload.put("l", digest(listing));
        ObjectNode keys = payload.putObject("k");
        startKey.forEach((name, value) -> keys.put(name, value.s()));
        String body = ENCODER.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
        return body + "." + ENCODER.encodeToString(sign(body));
    }

    /** The start key in {@code cursor}; null without a cursor (the first page). */
    public @Nullable Map<String, AttributeValue> decode(String listing, @Nullable String cursor, Set<String> keyNames) {
        Map<String, AttributeValue> startKey = decodeAny(listing, cursor);
        if (startKey != null && !startKey.keySet().equals(keyNames)) {
            throw invalid();
        }
        return startKey;
    }

    /** Like {@link #decode} for listings whose cursors come in several shapes; the caller checks the shape. */
    public @Nullable Map<String, AttributeValue> decodeAny(String listing, @Nullable String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            int dot = cursor.indexOf('.');
            if (dot < 0
                    || !MessageDigest.isEqual(
                            sign(cursor.substring(0, dot)), DECODER.decode(cursor.substring(dot + 1)))) {
                throw invalid();
            }
            JsonNode payload = Json.parse(new String(DECODER.decode(cursor.substring(0, dot)), StandardCharsets.UTF_8));
            // An empty body parses as no document; only a cursor this codec signed gets here, and it never signs one.
            if (payload == null || !digest(listing).equals(payload.path("l").asText(null))) {
                throw invalid();
            }
            Map<String, AttributeValue> startKey = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> keys =
                            payload.path("k").properties().iterator();
                    keys.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = keys.next();
                if (!entry.getValue().isTextual()) {
                    throw invalid();
                }
                startKey.put(
                        entry.getKey(), AttributeValue.fromS(entry.getValue().textValue()));
            }
            return startKey;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw invalid();
        }
    }

    /** A cursor naming where a listing that is not a DynamoDB query (a report's dates) goes on: one text field. */
    public String encodeField(String listing, String field, String value) {
        return encodeKey(listing, Map.of(field, AttributeValue.fromS(value)));
    }

    /** The field {@link #encodeField} put in the cursor; null without a cursor. */
    public @Nullable String decodeField(String listing, @Nullable String cursor, String field) {
        Map<String, AttributeValue> start = decode(listing, cursor, Set.of(field));
        // decode checked that the key has exactly this field.
        return start == null ? null : Attributes.required(start, field).s();
    }

    public static ValidationException invalid() {
        return new ValidationException("cursor", "is not a cursor of this listing; start again without it");
    }

    /** A fixed-size name for a listing of any length, so cursors stay short. */
    private static String digest(String listing) {
        try {
            return ENCODER.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(listing.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private byte[] sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
