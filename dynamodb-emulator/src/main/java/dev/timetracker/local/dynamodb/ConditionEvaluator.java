package dev.timetracker.local.dynamodb;

import dev.timetracker.local.dynamodb.Expressions.And;
import dev.timetracker.local.dynamodb.Expressions.Between;
import dev.timetracker.local.dynamodb.Expressions.Comparator;
import dev.timetracker.local.dynamodb.Expressions.Comparison;
import dev.timetracker.local.dynamodb.Expressions.Condition;
import dev.timetracker.local.dynamodb.Expressions.Function;
import dev.timetracker.local.dynamodb.Expressions.In;
import dev.timetracker.local.dynamodb.Expressions.Not;
import dev.timetracker.local.dynamodb.Expressions.Operand;
import dev.timetracker.local.dynamodb.Expressions.Or;
import dev.timetracker.local.dynamodb.Expressions.PathOperand;
import dev.timetracker.local.dynamodb.Expressions.SizeOperand;
import dev.timetracker.local.dynamodb.Expressions.ValueOperand;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Evaluates conditions against an item (an empty map when the item does not exist). As in DynamoDB, comparing a
 * missing attribute or values of different types is simply false, never an error, except that {@code <>} holds.
 */
final class ConditionEvaluator {
    private ConditionEvaluator() {}

    static boolean matches(Condition condition, Map<String, AttrValue> item) {
        if (condition instanceof And and) {
            return matches(and.left(), item) && matches(and.right(), item);
        }
        if (condition instanceof Or or) {
            return matches(or.left(), item) || matches(or.right(), item);
        }
        if (condition instanceof Not not) {
            return !matches(not.inner(), item);
        }
        if (condition instanceof Comparison c) {
            return compare(c.comparator(), resolve(c.left(), item), resolve(c.right(), item));
        }
        if (condition instanceof Between b) {
            AttrValue value = resolve(b.value(), item);
            AttrValue low = resolve(b.low(), item);
            AttrValue high = resolve(b.high(), item);
            return ordered(value, low)
                    && ordered(value, high)
                    && AttrValues.compare(value, low) >= 0
                    && AttrValues.compare(value, high) <= 0;
        }
        if (condition instanceof In in) {
            AttrValue value = resolve(in.value(), item);
            return value != null && in.candidates().stream().anyMatch(c -> value.equals(resolve(c, item)));
        }
        return function((Function) condition, item);
    }

    private static boolean compare(Comparator comparator, AttrValue left, AttrValue right) {
        return switch (comparator) {
            case EQ -> left != null && left.equals(right);
            case NE -> (left != null || right != null) && (left == null || !left.equals(right));
            case LT -> ordered(left, right) && AttrValues.compare(left, right) < 0;
            case LE -> ordered(left, right) && AttrValues.compare(left, right) <= 0;
            case GT -> ordered(left, right) && AttrValues.compare(left, right) > 0;
            case GE -> ordered(left, right) && AttrValues.compare(left, right) >= 0;
        };
    }

    /** Only strings, numbers and binaries of the same type have an order. */
    private static boolean ordered(AttrValue a, AttrValue b) {
        return a != null && b != null && a.type().equals(b.type()) && AttrValue.isScalarKeyType(a);
    }

    private static boolean function(Function f, Map<String, AttrValue> item) {
        AttrValue first = resolve(f.arguments().get(0), item);
        AttrValue second = f.arguments().size() > 1 ? resolve(f.arguments().get(1), item) : null;
        return switch (f.name()) {
            case "attribute_exists" -> first != null;
            case "attribute_not_exists" -> first == null;
            case "attribute_type" ->
                first != null
                        && second instanceof AttrValue.S type
                        && first.type().equals(type.value());
            case "begins_with" -> beginsWith(first, second);
            case "contains" -> contains(first, second);
            default -> throw new IllegalStateException("unknown function " + f.name());
        };
    }

    private static boolean beginsWith(AttrValue value, AttrValue prefix) {
        if (value instanceof AttrValue.S s && prefix instanceof AttrValue.S p) {
            return s.value().startsWith(p.value());
        }
        return value instanceof AttrValue.B b
                && prefix instanceof AttrValue.B p
                && b.value().startsWith(p.value());
    }

    private static boolean contains(AttrValue container, AttrValue operand) {
        if (container == null || operand == null) {
            return false;
        }
        if (container instanceof AttrValue.S s) {
            return operand instanceof AttrValue.S o && s.value().contains(o.value());
        }
        if (container instanceof AttrValue.B b) {
            return operand instanceof AttrValue.B o && b.value().contains(o.value());
        }
        if (container instanceof AttrValue.SS ss) {
            return operand instanceof AttrValue.S o && ss.value().contains(o.value());
        }
        if (container instanceof AttrValue.NS ns) {
            return operand instanceof AttrValue.N o && ns.value().contains(o.value());
        }
        if (container instanceof AttrValue.BS bs) {
            return operand instanceof AttrValue.B o && bs.value().contains(o.value());
        }
        if (container instanceof AttrValue.L l) {
            return l.value().contains(operand);
        }
        return false;
    }

    static AttrValue resolve(Operand operand, Map<String, AttrValue> item) {
        if (operand instanceof PathOperand p) {
            return DocPaths.get(item, p.path());
        }
        if (operand instanceof ValueOperand v) {
            return v.value();
        }
        if (operand instanceof SizeOperand s) {
            return size(DocPaths.get(item, s.path()));
        }
        throw new IllegalStateException("operand not allowed in a condition: " + operand);
    }

    private static AttrValue size(AttrValue value) {
        long size;
        if (value instanceof AttrValue.S s) {
            size = AttrValues.utf8Length(s.value());
        } else if (value instanceof AttrValue.B b) {
            size = b.value().length();
        } else if (value instanceof AttrValue.SS ss) {
            size = ss.value().size();
        } else if (value instanceof AttrValue.NS ns) {
            size = ns.value().size();
        } else if (value instanceof AttrValue.BS bs) {
            size = bs.value().size();
        } else if (value instanceof AttrValue.L l) {
            size = l.value().size();
        } else if (value instanceof AttrValue.M m) {
            size = m.value().size();
        } else {
            return null;
        }
        return new AttrValue.N(BigDecimal.valueOf(size));
    }
}
