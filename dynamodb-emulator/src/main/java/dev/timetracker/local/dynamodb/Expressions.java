package dev.timetracker.local.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Syntax trees of parsed expressions; placeholders are already resolved to names and values. */
final class Expressions {
    private Expressions() {}

    sealed interface Operand {}

    record PathOperand(DocPath path) implements Operand {}

    /** An {@code :value} reference; the token is kept for error messages. */
    record ValueOperand(String token, AttrValue value) implements Operand {}

    record SizeOperand(DocPath path) implements Operand {}

    record IfNotExists(DocPath path, Operand fallback) implements Operand {}

    record ListAppend(Operand first, Operand second) implements Operand {}

    record Arithmetic(Operand left, char operator, Operand right) implements Operand {}

    enum Comparator {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        final String symbol;

        Comparator(String symbol) {
            this.symbol = symbol;
        }

        static Comparator of(Token.Kind kind) {
            return switch (kind) {
                case EQ -> EQ;
                case NE -> NE;
                case LT -> LT;
                case LE -> LE;
                case GT -> GT;
                case GE -> GE;
                default -> null;
            };
        }
    }

    sealed interface Condition {}

    record Comparison(Comparator comparator, Operand left, Operand right) implements Condition {}

    record Between(Operand value, Operand low, Operand high) implements Condition {}

    record In(Operand value, List<Operand> candidates) implements Condition {}

    record And(Condition left, Condition right) implements Condition {}

    record Or(Condition left, Condition right) implements Condition {}

    record Not(Condition inner) implements Condition {}

    /** attribute_exists, attribute_not_exists, attribute_type, begins_with or contains. */
    record Function(String name, List<Operand> arguments) implements Condition {}

    /** The top-level attribute names a condition refers to. */
    static Set<String> attributeNames(Condition condition) {
        Set<String> names = new LinkedHashSet<>();
        collect(condition, names);
        return names;
    }

    private static void collect(Condition condition, Set<String> names) {
        if (condition instanceof And c) {
            collect(c.left(), names);
            collect(c.right(), names);
        } else if (condition instanceof Or c) {
            collect(c.left(), names);
            collect(c.right(), names);
        } else if (condition instanceof Not c) {
            collect(c.inner(), names);
        } else if (condition instanceof Comparison c) {
            collect(c.left(), names);
            collect(c.right(), names);
        } else if (condition instanceof Between c) {
            collect(c.value(), names);
            collect(c.low(), names);
            collect(c.high(), names);
        } else if (condition instanceof In c) {
            collect(c.value(), names);
            c.candidates().forEach(o -> collect(o, names));
        } else if (condition instanceof Function c) {
            c.arguments().forEach(o -> collect(o, names));
        }
    }

    private static void collect(Operand operand, Set<String> names) {
        if (operand instanceof PathOperand p) {
            names.add(p.path().top());
        } else if (operand instanceof SizeOperand s) {
            names.add(s.path().top());
        }
    }

    record SetAction(DocPath path, Operand value) {}

    record AddAction(DocPath path, AttrValue value) {}

    record DeleteAction(DocPath path, AttrValue value) {}

    record Update(List<SetAction> sets, List<DocPath> removes, List<AddAction> adds, List<DeleteAction> deletes) {
        List<DocPath> paths() {
            List<DocPath> paths = new ArrayList<>();
            sets.forEach(a -> paths.add(a.path()));
            paths.addAll(removes);
            adds.forEach(a -> paths.add(a.path()));
            deletes.forEach(a -> paths.add(a.path()));
            return paths;
        }
    }
}
