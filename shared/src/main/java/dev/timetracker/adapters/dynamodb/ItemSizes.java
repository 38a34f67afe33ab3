package dev.timetracker.adapters.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sizes of attribute values as DynamoDB counts them against its 400 KB item limit: strings by their UTF-8
 * bytes, numbers about one byte per two digits plus one, lists and maps 3 bytes plus one byte per element plus
 * the elements (and a map's keys). See
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
 */
final class ItemSizes {
    /** DynamoDB's maximum item size, names and values included. */
    static final long MAX_ITEM_BYTES = 400 * 1024;

    private ItemSizes() {}

    static long value(AttributeValue value) {
        return switch (value.type()) {
            case S -> utf8(value.s());
            case N -> number(value.n());
            case B -> value.b().asByteArray().length;
            case SS -> value.ss().stream().mapToLong(ItemSizes::utf8).sum();
            case NS -> value.ns().stream().mapToLong(ItemSizes::number).sum();
            case BS ->
                value.bs().stream()
                        .mapToLong(bytes -> bytes.asByteArray().length)
                        .sum();
            case L ->
                3 + value.l().stream().mapToLong(element -> 1 + value(element)).sum();
            case M -> 3 + mapEntries(value.m());
            default -> 1;
        };
    }

    /** What the entries of a map take inside it: one byte, the key and the value each. */
    static long mapEntry(String key, AttributeValue value) {
        return 1 + utf8(key) + value(value);
    }

    static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static long mapEntries(Map<String, AttributeValue> map) {
        return map.entrySet().stream()
                .mapToLong(entry -> mapEntry(entry.getKey(), entry.getValue()))
                .sum();
    }

    /** An upper bound: every character of the number's text counted as a digit. */
    private static long number(String text) {
        return 1 + (text.length() + 1L) / 2;
    }
}
