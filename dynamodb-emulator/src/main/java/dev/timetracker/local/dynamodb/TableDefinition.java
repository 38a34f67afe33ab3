package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything about a table except its items. Immutable; TTL changes produce a new definition. */
record TableDefinition(
        String name,
        String id,
        KeySchema keys,
        Map<String, String> attributeTypes,
        List<IndexDefinition> globalIndexes,
        List<IndexDefinition> localIndexes,
        String billingMode,
        Throughput throughput,
        long createdMillis,
        String ttlAttribute) {

    TableDefinition {
        attributeTypes = Collections.unmodifiableMap(new LinkedHashMap<>(attributeTypes));
        globalIndexes = List.copyOf(globalIndexes);
        localIndexes = List.copyOf(localIndexes);
    }

    TableDefinition withTtlAttribute(String attribute) {
        return new TableDefinition(
                name,
                id,
                keys,
                attributeTypes,
                globalIndexes,
                localIndexes,
                billingMode,
                throughput,
                createdMillis,
                attribute);
    }

    List<IndexDefinition> indexes() {
        List<IndexDefinition> all = new ArrayList<>(globalIndexes);
        all.addAll(localIndexes);
        return all;
    }

    IndexDefinition index(String indexName) {
        return indexes().stream()
                .filter(i -> i.name().equals(indexName))
                .findFirst()
                .orElseThrow(
                        () -> DynamoDbError.validation("The table does not have the specified index: " + indexName));
    }

    /** The attributes identifying an entry of the index (or of the table when index is null): index keys first. */
    List<String> entryKeyNames(IndexDefinition index) {
        Set<String> names = new LinkedHashSet<>();
        if (index != null) {
            names.addAll(index.keys().names());
        }
        names.addAll(keys.names());
        return List.copyOf(names);
    }

    String arn() {
        return "arn:aws:dynamodb:" + DynamoDbEmulator.REGION + ":" + DynamoDbEmulator.ACCOUNT + ":table/" + name;
    }
}
