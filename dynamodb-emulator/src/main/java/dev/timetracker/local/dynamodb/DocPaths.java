package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and copy-on-write updates of document paths inside immutable items. */
final class DocPaths {
    private DocPaths() {}

    static AttrValue get(Map<String, AttrValue> item, DocPath path) {
        AttrValue current = item.get(path.top());
        for (int i = 1; i < path.length() && current != null; i++) {
            current = child(current, path.elements().get(i));
        }
        return current;
    }

    private static AttrValue child(AttrValue container, DocPath.Element element) {
        if (element instanceof DocPath.Name n) {
            return container instanceof AttrValue.M m ? m.value().get(n.name()) : null;
        }
        int index = ((DocPath.Index) element).index();
        return container instanceof AttrValue.L l && index < l.value().size()
                ? l.value().get(index)
                : null;
    }

    /** Sets a value; a list index past the end appends, as DynamoDB does. Missing parents are an error. */
    static Map<String, AttrValue> set(Map<String, AttrValue> item, DocPath path, AttrValue value) {
        if (path.length() == 1) {
            return with(item, path.top(), value);
        }
        AttrValue top = item.get(path.top());
        if (top == null) {
            throw invalidPath();
        }
        return with(item, path.top(), setIn(top, path.elements(), 1, value));
    }

    private static AttrValue setIn(AttrValue container, List<DocPath.Element> elements, int i, AttrValue value) {
        DocPath.Element element = elements.get(i);
        boolean last = i == elements.size() - 1;
        if (element instanceof DocPath.Name n) {
            if (!(container instanceof AttrValue.M m)) {
                throw invalidPath();
            }
            AttrValue next = last ? value : setIn(existing(m.value().get(n.name())), elements, i + 1, value);
            Map<String, AttrValue> copy = new LinkedHashMap<>(m.value());
            copy.put(n.name(), next);
            return new AttrValue.M(copy);
        }
        int index = ((DocPath.Index) element).index();
        if (!(container instanceof AttrValue.L l)) {
            throw invalidPath();
        }
        List<AttrValue> copy = new ArrayList<>(l.value());
        if (last) {
            if (index >= copy.size()) {
                copy.add(value);
            } else {
                copy.set(index, value);
            }
        } else {
            if (index >= copy.size()) {
                throw invalidPath();
            }
            copy.set(index, setIn(copy.get(index), elements, i + 1, value));
        }
        return new AttrValue.L(copy);
    }

    /** Removes a value; removing something absent is a no-op, but a missing or mistyped parent is an error. */
    static Map<String, AttrValue> remove(Map<String, AttrValue> item, DocPath path) {
        if (path.length() == 1) {
            if (!item.containsKey(path.top())) {
                return item;
            }
            Map<String, AttrValue> copy = new LinkedHashMap<>(item);
            copy.remove(path.top());
            return Collections.unmodifiableMap(copy);
        }
        AttrValue top = item.get(path.top());
        if (top == null) {
            throw invalidPath();
        }
        return with(item, path.top(), removeIn(top, path.elements(), 1));
    }

    private static AttrValue removeIn(AttrValue container, List<DocPath.Element> elements, int i) {
        DocPath.Element element = elements.get(i);
        boolean last = i == elements.size() - 1;
        if (element instanceof DocPath.Name n) {
            if (!(container instanceof AttrValue.M m)) {
                throw invalidPath();
            }
            Map<String, AttrValue> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.remove(n.name());
            } else {
                copy.put(n.name(), removeIn(existing(m.value().get(n.name())), elements, i + 1));
            }
            return new AttrValue.M(copy);
        }
        int index = ((DocPath.Index) element).index();
        if (!(container instanceof AttrValue.L l)) {
            throw invalidPath();
        }
        List<AttrValue> copy = new ArrayList<>(l.value());
        if (index >= copy.size()) {
            if (last) {
                return container;
            }
            throw invalidPath();
        }
        if (last) {
            copy.remove(index);
        } else {
            copy.set(index, removeIn(copy.get(index), elements, i + 1));
        }
        return new AttrValue.L(copy);
    }

    private static AttrValue existing(AttrValue value) {
        if (value == null) {
            throw invalidPath();
        }
        return value;
    }

    private static Map<String, AttrValue> with(Map<String, AttrValue> item, String name, AttrValue value) {
        Map<String, AttrValue> copy = new LinkedHashMap<>(item);
        copy.put(name, value);
        return Collections.unmodifiableMap(copy);
    }

    static DynamoDbError invalidPath() {
        return DynamoDbError.validation("The document path provided in the update expression is invalid for update");
    }

    /**
     * Keeps only the given paths. Like DynamoDB, list elements picked by index are returned compacted in index
     * order, and paths that resolve to nothing are simply absent.
     */
    static Map<String, AttrValue> project(Map<String, AttrValue> item, List<DocPath> paths) {
        Trie root = new Trie();
        for (DocPath path : paths) {
            Trie node = root;
            for (DocPath.Element element : path.elements()) {
                node = node.children.computeIfAbsent(key(element), k -> new Trie());
            }
            node.terminal = true;
        }
        Map<String, AttrValue> result = new LinkedHashMap<>();
        root.children.forEach((key, node) -> {
            AttrValue value = key instanceof String name ? item.get(name) : null;
            AttrValue projected = value == null ? null : node.extract(value);
            if (projected != null) {
                result.put((String) key, projected);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    private static Comparable<?> key(DocPath.Element element) {
        return element instanceof DocPath.Name n ? n.name() : Integer.valueOf(((DocPath.Index) element).index());
    }

    private static final class Trie {
        // TreeMap keeps list indexes in ascending order; names and indexes never share a level in valid projections.
        final Map<Object, Trie> children = new TreeMap<>((a, b) -> a instanceof Integer x && b instanceof Integer y
                ? Integer.compare(x, y)
                : String.valueOf(a).compareTo(String.valueOf(b)));
        boolean terminal;

        AttrValue extract(AttrValue value) {
            if (terminal) {
                return value;
            }
            if (value instanceof AttrValue.M m) {
                Map<String, AttrValue> out = new LinkedHashMap<>();
                children.forEach((key, node) -> {
                    AttrValue child = key instanceof String name ? m.value().get(name) : null;
                    AttrValue projected = child == null ? null : node.extract(child);
                    if (projected != null) {
                        out.put((String) key, projected);
                    }
                });
                return out.isEmpty() ? null : new AttrValue.M(out);
            }
            if (value instanceof AttrValue.L l) {
                List<AttrValue> out = new ArrayList<>();
                children.forEach((key, node) -> {
                    if (key instanceof Integer index && index < l.value().size()) {
                        AttrValue projected = node.extract(l.value().get(index));
                        if (projected != null) {
                            out.add(projected);
                        }
                    }
                });
                return out.isEmpty() ? null : new AttrValue.L(out);
            }
            return null;
        }
    }
}
