package dev.timetracker.adapters.dynamodb;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Short constructors and readers for attribute values, so item mappings read like the item they describe. */
public final class Attributes {
    private Attributes() {}

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue bool(boolean value) {
        return AttributeValue.fromBool(value);
    }

    static void putIfPresent(Map<String, AttributeValue> item, String name, @Nullable String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    static @Nullable String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /**
     * An attribute every item of its kind has (this code writes it with the item): a missing one is a damaged item,
     * and the failure names the attribute rather than being a NullPointerException.
     */
    public static AttributeValue required(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new IllegalStateException("stored item lacks its attribute " + name);
        }
        return value;
    }

    static long number(Map<String, AttributeValue> item, String name) {
        return Long.parseLong(required(item, name).n());
    }

    static int integer(Map<String, AttributeValue> item, String name) {
        return Integer.parseInt(required(item, name).n());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        return Boolean.TRUE.equals(required(item, name).bool());
    }

    static @Nullable Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
