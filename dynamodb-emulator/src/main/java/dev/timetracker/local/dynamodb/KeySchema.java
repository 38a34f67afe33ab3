package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A HASH key and an optional RANGE key, each with its scalar type (S, N or B). */
record KeySchema(Attribute hash, Attribute range) {
    record Attribute(String name, String type) {}

    List<Attribute> attributes() {
        return range == null ? List.of(hash) : List.of(hash, range);
    }

    List<String> names() {
        return attributes().stream().map(Attribute::name).toList();
    }

    boolean contains(String name) {
        return hash.name().equals(name) || (range != null && range.name().equals(name));
    }

    /** The key values of an item in schema order, or null when the item lacks one (or has the wrong type). */
    List<AttrValue> values(Map<String, AttrValue> item) {
        List<AttrValue> values = new ArrayList<>(2);
        for (Attribute attribute : attributes()) {
            AttrValue value = item.get(attribute.name());
            if (value == null || !value.type().equals(attribute.type())) {
                return null;
            }
            values.add(value);
        }
        return values;
    }
}
