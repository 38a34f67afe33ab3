package dev.timetracker.local.dynamodb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A global or local secondary index with its projection. */
record IndexDefinition(
        String name,
        boolean global,
        KeySchema keys,
        String projectionType,
        List<String> nonKeyAttributes,
        Throughput throughput) {

    IndexDefinition {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    /** The attributes an index entry carries: the whole item for ALL, otherwise keys plus INCLUDE attributes. */
    Map<String, AttrValue> project(Map<String, AttrValue> item, KeySchema tableKeys) {
        if (projectionType.equals("ALL")) {
            return item;
        }
        Set<String> names = new LinkedHashSet<>(tableKeys.names());
        names.addAll(keys.names());
        names.addAll(nonKeyAttributes);
        Map<String, AttrValue> projected = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (names.contains(name)) {
                projected.put(name, value);
            }
        });
        return Collections.unmodifiableMap(projected);
    }
}
