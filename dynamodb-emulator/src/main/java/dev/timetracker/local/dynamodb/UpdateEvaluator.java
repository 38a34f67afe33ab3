package dev.timetracker.local.dynamodb;

import dev.timetracker.local.dynamodb.Expressions.AddAction;
import dev.timetracker.local.dynamodb.Expressions.Arithmetic;
import dev.timetracker.local.dynamodb.Expressions.DeleteAction;
import dev.timetracker.local.dynamodb.Expressions.IfNotExists;
import dev.timetracker.local.dynamodb.Expressions.ListAppend;
import dev.timetracker.local.dynamodb.Expressions.Operand;
import dev.timetracker.local.dynamodb.Expressions.PathOperand;
import dev.timetracker.local.dynamodb.Expressions.SetAction;
import dev.timetracker.local.dynamodb.Expressions.Update;
import dev.timetracker.local.dynamodb.Expressions.ValueOperand;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies an update expression to an item, producing a new immutable item. */
final class UpdateEvaluator {
    private UpdateEvaluator() {}

    static Map<String, AttrValue> apply(Update update, Map<String, AttrValue> original) {
        // Every right-hand side sees the item as it was before this update, as in DynamoDB ("SET a = b, b = a" swaps).
        List<AttrValue> values = new ArrayList<>();
        for (SetAction set : update.sets()) {
            values.add(evaluate(set.value(), original));
        }
        Map<String, AttrValue> item = original;
        for (int i = 0; i < update.sets().size(); i++) {
            item = DocPaths.set(item, update.sets().get(i).path(), values.get(i));
        }
        // Removing a[3] before a[1] keeps the original indexes meaningful.
        List<DocPath> removes = new ArrayList<>(update.removes());
        removes.sort(Comparator.comparing(DocPath::elements, UpdateEvaluator::comparePaths)
                .reversed());
        for (DocPath path : removes) {
            item = DocPaths.remove(item, path);
        }
        for (AddAction add : update.adds()) {
            item = DocPaths.set(item, add.path(), add(DocPaths.get(item, add.path()), add.value()));
        }
        for (DeleteAction delete : update.deletes()) {
            AttrValue current = DocPaths.get(item, delete.path());
            if (current == null) {
                continue;
            }
            AttrValue remaining = subtract(current, delete.value());
            item = remaining == null
                    ? DocPaths.remove(item, delete.path())
                    : DocPaths.set(item, delete.path(), remaining);
        }
        return item;
    }

    private static int comparePaths(List<DocPath.Element> a, List<DocPath.Element> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            DocPath.Element x = a.get(i);
            DocPath.Element y = b.get(i);
            int c = x instanceof DocPath.Index xi && y instanceof DocPath.Index yi
                    ? Integer.compare(xi.index(), yi.index())
                    : String.valueOf(x).compareTo(String.valueOf(y));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static AttrValue evaluate(Operand operand, Map<String, AttrValue> item) {
        if (operand instanceof ValueOperand v) {
            return v.value();
        }
        if (operand instanceof PathOperand p) {
            AttrValue value = DocPaths.get(item, p.path());
            if (value == null) {
                throw DynamoDbError.validation(
                        "The provided expression refers to an attribute that does not exist in the item");
            }
            return value;
        }
        if (operand instanceof IfNotExists f) {
            AttrValue value = DocPaths.get(item, f.path());
            return value != null ? value : evaluate(f.fallback(), item);
        }
        if (operand instanceof ListAppend f) {
            AttrValue first = evaluate(f.first(), item);
            AttrValue second = evaluate(f.second(), item);
            if (!(first instanceof AttrValue.L a) || !(second instanceof AttrValue.L b)) {
                throw wrongType();
            }
            List<AttrValue> joined = new ArrayList<>(a.value());
            joined.addAll(b.value());
            return new AttrValue.L(joined);
        }
        Arithmetic arithmetic = (Arithmetic) operand;
        AttrValue left = evaluate(arithmetic.left(), item);
        AttrValue right = evaluate(arithmetic.right(), item);
        if (!(left instanceof AttrValue.N a) || !(right instanceof AttrValue.N b)) {
            throw wrongType();
        }
        return new AttrValue.N(Numbers.checkRange(
                arithmetic.operator() == '+'
                        ? a.value().add(b.value())
                        : a.value().subtract(b.value())));
    }

    private static AttrValue add(AttrValue current, AttrValue operand) {
        if (current == null) {
            return operand;
        }
        if (current instanceof AttrValue.N a && operand instanceof AttrValue.N b) {
            return new AttrValue.N(Numbers.checkRange(a.value().add(b.value())));
        }
        if (current instanceof AttrValue.SS a && operand instanceof AttrValue.SS b) {
            return new AttrValue.SS(union(a.value(), b.value()));
        }
        if (current instanceof AttrValue.NS a && operand instanceof AttrValue.NS b) {
            return new AttrValue.NS(union(a.value(), b.value()));
        }
        if (current instanceof AttrValue.BS a && operand instanceof AttrValue.BS b) {
            return new AttrValue.BS(union(a.value(), b.value()));
        }
        throw wrongType();
    }

    /** @return the remaining set, or null when nothing remains (DynamoDB then removes the attribute) */
    private static AttrValue subtract(AttrValue current, AttrValue operand) {
        if (current instanceof AttrValue.SS a && operand instanceof AttrValue.SS b) {
            Set<String> remaining = difference(a.value(), b.value());
            return remaining.isEmpty() ? null : new AttrValue.SS(remaining);
        }
        if (current instanceof AttrValue.NS a && operand instanceof AttrValue.NS b) {
            Set<BigDecimal> remaining = difference(a.value(), b.value());
            return remaining.isEmpty() ? null : new AttrValue.NS(remaining);
        }
        if (current instanceof AttrValue.BS a && operand instanceof AttrValue.BS b) {
            Set<Bytes> remaining = difference(a.value(), b.value());
            return remaining.isEmpty() ? null : new AttrValue.BS(remaining);
        }
        throw wrongType();
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.addAll(b);
        return result;
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> result = new LinkedHashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static DynamoDbError wrongType() {
        return DynamoDbError.validation("An operand in the update expression has an incorrect data type");
    }
}
