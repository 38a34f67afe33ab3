package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Items of one table in key order, plus one sorted map per secondary index holding the same (immutable) items.
 * Local indexes change with the item; global ones through {@link IndexPropagation}, possibly later.
 * Not thread-safe: {@link Database} serialises access. Every change is also reported to the journal, which is
 * how the mutation log learns what a write did whatever operation did it.
 */
final class Table {
    private final IndexPropagation propagation;
    private TableDefinition definition;
    private final Consumer<Mutation> journal;
    private final NavigableMap<KeyTuple, Map<String, AttrValue>> items = new TreeMap<>();
    private final Map<String, NavigableMap<KeyTuple, Map<String, AttrValue>>> indexes = new HashMap<>();

    Table(TableDefinition definition, IndexPropagation propagation, Consumer<Mutation> journal) {
        this.definition = definition;
        this.propagation = propagation;
        this.journal = journal;
        definition.indexes().forEach(index -> indexes.put(index.name(), new TreeMap<>()));
    }

    TableDefinition definition() {
        return definition;
    }

    void definition(TableDefinition updated) {
        definition = updated;
        journal.accept(new Mutation.Redefine(updated));
    }

    /** The primary key of an item already validated against the schema. */
    KeyTuple key(Map<String, AttrValue> item) {
        return KeyTuple.of(definition.keys().values(item));
    }

    /** The position of an item in an index (or the table when index is null); null if the item is not indexed. */
    KeyTuple entryKey(IndexDefinition index, Map<String, AttrValue> item) {
        if (index == null) {
            return key(item);
        }
        List<AttrValue> indexKey = index.keys().values(item);
        if (indexKey == null) {
            return null;
        }
        List<AttrValue> parts = new ArrayList<>(indexKey);
        for (KeySchema.Attribute attribute : definition.keys().attributes()) {
            if (!index.keys().contains(attribute.name())) {
                parts.add(item.get(attribute.name()));
            }
        }
        return KeyTuple.of(parts);
    }

    Map<String, AttrValue> get(KeyTuple key) {
        return items.get(key);
    }

    /** @return the replaced item, or null */
    Map<String, AttrValue> put(Map<String, AttrValue> item) {
        Map<String, AttrValue> old = items.put(key(item), item);
        reindex(old, item);
        journal.accept(new Mutation.Put(definition.name(), item));
        return old;
    }

    /** @return the deleted item, or null */
    Map<String, AttrValue> delete(KeyTuple key) {
        Map<String, AttrValue> old = items.remove(key);
        if (old != null) {
            reindex(old, null);
            journal.accept(Mutation.Delete.of(definition, old));
        }
        return old;
    }

    private void reindex(Map<String, AttrValue> old, Map<String, AttrValue> current) {
        reindex(definition.localIndexes(), old, current);
        if (!definition.globalIndexes().isEmpty()) {
            propagation.submit(this, old, current);
        }
    }

    /** One change of an item reaching the global indexes; see {@link IndexPropagation}. */
    void applyToGlobalIndexes(Map<String, AttrValue> old, Map<String, AttrValue> current) {
        reindex(definition.globalIndexes(), old, current);
    }

    private void reindex(List<IndexDefinition> which, Map<String, AttrValue> old, Map<String, AttrValue> current) {
        for (IndexDefinition index : which) {
            NavigableMap<KeyTuple, Map<String, AttrValue>> entries = indexes.get(index.name());
            KeyTuple oldKey = old == null ? null : entryKey(index, old);
            if (oldKey != null) {
                entries.remove(oldKey);
            }
            KeyTuple newKey = current == null ? null : entryKey(index, current);
            if (newKey != null) {
                entries.put(newKey, current);
            }
        }
    }

    NavigableMap<KeyTuple, Map<String, AttrValue>> entries(IndexDefinition index) {
        return index == null ? items : indexes.get(index.name());
    }

    Collection<Map<String, AttrValue>> items() {
        return items.values();
    }

    static long sizeBytes(Collection<Map<String, AttrValue>> items) {
        return items.stream().mapToLong(AttrValues::itemSize).sum();
    }
}
