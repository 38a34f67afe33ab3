package dev.timetracker.local.dynamodb;

import dev.timetracker.local.dynamodb.Expressions.And;
import dev.timetracker.local.dynamodb.Expressions.Between;
import dev.timetracker.local.dynamodb.Expressions.Comparator;
import dev.timetracker.local.dynamodb.Expressions.Comparison;
import dev.timetracker.local.dynamodb.Expressions.Condition;
import dev.timetracker.local.dynamodb.Expressions.Function;
import dev.timetracker.local.dynamodb.Expressions.Operand;
import dev.timetracker.local.dynamodb.Expressions.PathOperand;
import dev.timetracker.local.dynamodb.Expressions.ValueOperand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A validated KeyConditionExpression: equality on the hash key and an optional sort-key condition. */
record KeyCondition(AttrValue hashValue, Kind kind, AttrValue value, AttrValue high) {
    enum Kind {
        ALL,
        EQ,
        LT,
        LE,
        GT,
        GE,
        BETWEEN,
        BEGINS_WITH
    }

    /** One "attribute operator value(s)" term of the expression. */
    private record Term(String attribute, Kind kind, AttrValue value, AttrValue high) {}

    static KeyCondition analyze(Condition condition, KeySchema keys) {
        List<Condition> parts = new ArrayList<>();
        flatten(condition, parts);
        if (parts.size() > 2) {
            throw DynamoDbError.validation("Conditions can be of length 1 or 2 only");
        }
        Map<String, Term> terms = new LinkedHashMap<>();
        for (Condition part : parts) {
            Term term = term(part);
            if (terms.put(term.attribute(), term) != null) {
                throw DynamoDbError.validation("KeyConditionExpressions must only contain one condition per key");
            }
        }
        Term hash = terms.remove(keys.hash().name());
        if (hash == null) {
            throw DynamoDbError.validation(
                    "Query condition missed key schema element: " + keys.hash().name());
        }
        if (hash.kind() != Kind.EQ) {
            throw DynamoDbError.validation("Query key condition not supported");
        }
        checkType(hash.value(), keys.hash());
        // A key condition names key values, so they obey the key rules (not empty, within the size limits) as in a
        // GetItem Key: DynamoDB refuses `department = :empty` instead of finding nothing, in the same words
        // (https://github.com/getmoto/moto/issues/7062).
        Items.checkKeyValue(keys.hash().name(), hash.value(), true);
        if (terms.isEmpty()) {
            return new KeyCondition(hash.value(), Kind.ALL, null, null);
        }
        Term range = terms.remove(keys.range() == null ? "" : keys.range().name());
        if (range == null || !terms.isEmpty()) {
            throw DynamoDbError.validation("Query condition missed key schema element: "
                    + (keys.range() == null ? keys.hash().name() : keys.range().name()));
        }
        checkType(range.value(), keys.range());
        Items.checkKeyValue(keys.range().name(), range.value(), false);
        if (range.high() != null) {
            checkType(range.high(), keys.range());
            Items.checkKeyValue(keys.range().name(), range.high(), false);
        }
        return new KeyCondition(hash.value(), range.kind(), range.value(), range.high());
    }

    private static void flatten(Condition condition, List<Condition> parts) {
        if (condition instanceof And and) {
            flatten(and.left(), parts);
            flatten(and.right(), parts);
        } else {
            parts.add(condition);
        }
    }

    private static Term term(Condition condition) {
        if (condition instanceof Comparison c) {
            if (c.comparator() == Comparator.NE) {
                throw unsupportedOperator("<>");
            }
            if (c.left() instanceof PathOperand && c.right() instanceof ValueOperand v) {
                return new Term(attribute(c.left()), kind(c.comparator()), v.value(), null);
            }
            if (c.left() instanceof ValueOperand v && c.right() instanceof PathOperand) {
                return new Term(attribute(c.right()), kind(flip(c.comparator())), v.value(), null);
            }
            throw DynamoDbError.validation("Invalid KeyConditionExpression: a key condition compares a key "
                    + "attribute with an expression attribute value");
        }
        if (condition instanceof Between b
                && b.low() instanceof ValueOperand low
                && b.high() instanceof ValueOperand high) {
            return new Term(attribute(b.value()), Kind.BETWEEN, low.value(), high.value());
        }
        if (condition instanceof Function f
                && f.name().equals("begins_with")
                && f.arguments().get(1) instanceof ValueOperand prefix) {
            return new Term(attribute(f.arguments().get(0)), Kind.BEGINS_WITH, prefix.value(), null);
        }
        String operator = condition instanceof Function f
                ? f.name()
                : condition.getClass().getSimpleName().toUpperCase(Locale.ROOT);
        throw unsupportedOperator(operator);
    }

    private static String attribute(Operand operand) {
        if (operand instanceof PathOperand p && p.path().length() == 1) {
            return p.path().top();
        }
        throw DynamoDbError.validation("Query key condition not supported");
    }

    private static DynamoDbError unsupportedOperator(String operator) {
        return DynamoDbError.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static Kind kind(Comparator comparator) {
        return Kind.valueOf(comparator.name());
    }

    private static Comparator flip(Comparator comparator) {
        return switch (comparator) {
            case LT -> Comparator.GT;
            case LE -> Comparator.GE;
            case GT -> Comparator.LT;
            case GE -> Comparator.LE;
            default -> comparator;
        };
    }

    private static void checkType(AttrValue value, KeySchema.Attribute key) {
        if (!value.type().equals(key.type())) {
            throw DynamoDbError.validation(
                    "One or more parameter values were invalid: Condition parameter type does not match schema type");
        }
    }

    /** Lowest possible position of a matching entry in the index (exclusive bound). */
    KeyTuple lower() {
        KeyTuple partition = KeyTuple.of(hashValue);
        return switch (kind) {
            case ALL, LT, LE -> partition.below();
            case EQ, GE, BETWEEN, BEGINS_WITH -> partition.append(value).below();
            case GT -> partition.append(value).above();
        };
    }

    /** Highest possible position of a matching entry in the index (exclusive bound). */
    KeyTuple upper() {
        KeyTuple partition = KeyTuple.of(hashValue);
        return switch (kind) {
            case ALL, GT, GE, BEGINS_WITH -> partition.above();
            case EQ, LE -> partition.append(value).above();
            case LT -> partition.append(value).below();
            case BETWEEN -> partition.append(high).above();
        };
    }

    /** Only begins_with needs a check beyond the bounds: its matches are contiguous but the end is open. */
    boolean matchesRange(AttrValue rangeValue) {
        if (kind != Kind.BEGINS_WITH) {
            return true;
        }
        if (rangeValue instanceof AttrValue.S s && value instanceof AttrValue.S p) {
            return s.value().startsWith(p.value());
        }
        return rangeValue instanceof AttrValue.B b
                && value instanceof AttrValue.B p
                && b.value().startsWith(p.value());
    }
}
