package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.List;

/**
 * Sort key of a stored entry: (hash, range) for a table, index keys followed by the table keys for an index, so
 * entries with equal index keys still have a stable, unique order for pagination.
 *
 * <p>A tuple with a non-zero {@code bound} is a search bound rather than an entry: it sorts just before (-1) or just
 * after (+1) every entry it is a prefix of, which turns key conditions into plain sub-map ranges.
 */
record KeyTuple(List<AttrValue> parts, int bound) implements Comparable<KeyTuple> {
    KeyTuple {
        parts = List.copyOf(parts);
    }

    static KeyTuple of(List<AttrValue> parts) {
        return new KeyTuple(parts, 0);
    }

    static KeyTuple of(AttrValue... parts) {
        return new KeyTuple(List.of(parts), 0);
    }

    KeyTuple below() {
        return new KeyTuple(parts, -1);
    }

    KeyTuple above() {
        return new KeyTuple(parts, 1);
    }

    KeyTuple append(AttrValue part) {
        List<AttrValue> longer = new ArrayList<>(parts);
        longer.add(part);
        return new KeyTuple(longer, bound);
    }

    @Override
    public int compareTo(KeyTuple other) {
        int common = Math.min(parts.size(), other.parts.size());
        for (int i = 0; i < common; i++) {
            int c = AttrValues.compare(parts.get(i), other.parts.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (parts.size() == other.parts.size()) {
            return Integer.compare(bound, other.bound);
        }
        if (parts.size() < other.parts.size()) {
            return bound > 0 ? 1 : -1;
        }
        return other.bound > 0 ? -1 : 1;
    }
}
