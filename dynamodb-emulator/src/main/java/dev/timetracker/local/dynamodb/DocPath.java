package dev.timetracker.local.dynamodb;

import java.util.List;
import java.util.stream.Collectors;

/** A resolved document path such as {@code a.b[2].c}: names already substituted for {@code #placeholders}. */
record DocPath(List<Element> elements) {
    sealed interface Element {}

    record Name(String name) implements Element {}

    record Index(int index) implements Element {}

    DocPath {
        elements = List.copyOf(elements);
    }

    String top() {
        return ((Name) elements.get(0)).name();
    }

    int length() {
        return elements.size();
    }

    /** The form DynamoDB uses in overlap/conflict messages: {@code [a, b, [2]]}. */
    String describe() {
        return elements.stream()
                .map(e -> e instanceof Name n ? n.name() : "[" + ((Index) e).index() + "]")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
