package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.local.dynamodb.Expressions.Condition;
import dev.timetracker.local.dynamodb.Expressions.Update;
import java.util.List;
import java.util.Map;

/**
 * One single-item write (Put, Update, Delete or ConditionCheck), parsed and statically validated outside the lock.
 * The same object serves the single-item operations, BatchWriteItem and TransactWriteItems, so all share one
 * implementation of conditions and updates.
 */
record WriteRequest(
        Kind kind,
        String tableName,
        Map<String, AttrValue> item,
        Map<String, AttrValue> key,
        Condition condition,
        Update update,
        boolean returnOldOnConditionFailure) {

    enum Kind {
        PUT,
        UPDATE,
        DELETE,
        CONDITION_CHECK
    }

    static WriteRequest put(JsonNode request) {
        Json.rejectLegacy(request, "Expected", "ConditionalOperator");
        return parse(Kind.PUT, request);
    }

    static WriteRequest update(JsonNode request) {
        Json.rejectLegacy(request, "AttributeUpdates", "Expected", "ConditionalOperator");
        return parse(Kind.UPDATE, request);
    }

    static WriteRequest delete(JsonNode request) {
        Json.rejectLegacy(request, "Expected", "ConditionalOperator");
        return parse(Kind.DELETE, request);
    }

    static WriteRequest conditionCheck(JsonNode request) {
        return parse(Kind.CONDITION_CHECK, request);
    }

    /** BatchWriteItem's PutRequest / DeleteRequest: no conditions, no expressions. */
    static WriteRequest unconditional(Kind kind, String tableName, Map<String, AttrValue> itemOrKey) {
        return of(kind, tableName, itemOrKey, null, null, false);
    }

    /**
     * One action of any kind: a Put's Item or the others' Key, an Update's UpdateExpression, and the condition
     * (which a ConditionCheck must have), with every expression name and value used.
     */
    private static WriteRequest parse(Kind kind, JsonNode request) {
        Map<String, AttrValue> itemOrKey =
                AttrValueJson.readItem(Json.requiredObject(request, kind == Kind.PUT ? "Item" : "Key"));
        ExpressionContext context = ExpressionContext.of(request);
        String expression = kind == Kind.UPDATE ? Json.text(request, "UpdateExpression") : null;
        Update update = expression == null ? null : ExpressionParser.update(expression, context);
        Condition condition = condition(request, context, kind == Kind.CONDITION_CHECK);
        context.verifyAllUsed();
        return of(kind, Json.tableName(request), itemOrKey, condition, update, returnOldOnFailure(request));
    }

    private static WriteRequest of(
            Kind kind,
            String tableName,
            Map<String, AttrValue> itemOrKey,
            Condition condition,
            Update update,
            boolean returnOldOnConditionFailure) {
        return kind == Kind.PUT
                ? new WriteRequest(kind, tableName, itemOrKey, null, condition, update, returnOldOnConditionFailure)
                : new WriteRequest(kind, tableName, null, itemOrKey, condition, update, returnOldOnConditionFailure);
    }

    private static Condition condition(JsonNode request, ExpressionContext context, boolean required) {
        String expression = required
                ? Json.requiredText(request, "ConditionExpression")
                : Json.text(request, "ConditionExpression");
        return expression == null ? null : ExpressionParser.condition(expression, "ConditionExpression", context);
    }

    private static boolean returnOldOnFailure(JsonNode request) {
        return Json.enumValue(request, "ReturnValuesOnConditionCheckFailure", List.of("ALL_OLD", "NONE"), "NONE")
                .equals("ALL_OLD");
    }

    /** Validates the request against the table schema and returns the primary key it targets. */
    KeyTuple resolveKey(TableDefinition table) {
        if (kind == Kind.PUT) {
            Items.validateItem(table, item);
            return KeyTuple.of(table.keys().values(item));
        }
        KeyTuple resolved = Items.validateKey(table, key);
        if (update != null) {
            for (DocPath path : update.paths()) {
                if (table.keys().contains(path.top())) {
                    throw DynamoDbError.validation("One or more parameter values were invalid: Cannot update "
                            + "attribute " + path.top() + ". This attribute is part of the key");
                }
            }
        }
        return resolved;
    }

    /** What this action adds to a transaction's size: a Put its whole item, any other action its key. */
    long requestBytes() {
        return AttrValues.itemSize(kind == Kind.PUT ? item : key);
    }

    boolean conditionHolds(Map<String, AttrValue> current) {
        return condition == null || ConditionEvaluator.matches(condition, current == null ? Map.of() : current);
    }

    DynamoDbError conditionFailure(Map<String, AttrValue> current) {
        return DynamoDbError.conditionalCheckFailed(returnOldOnConditionFailure ? current : null);
    }

    /**
     * The item as it will be after this write: null for a delete, the unchanged item for a condition check. May
     * throw a ValidationException that depends on the current item (e.g. arithmetic on a string).
     */
    Map<String, AttrValue> apply(TableDefinition table, Map<String, AttrValue> current) {
        return switch (kind) {
            case PUT -> item;
            case DELETE -> null;
            case CONDITION_CHECK -> current;
            case UPDATE -> {
                Map<String, AttrValue> base = current != null ? current : key;
                Map<String, AttrValue> updated = update == null ? base : UpdateEvaluator.apply(update, base);
                Items.validateItem(table, updated);
                yield updated;
            }
        };
    }

    /** Writes the outcome of {@link #apply} into the table. */
    static void store(Table table, KeyTuple key, Map<String, AttrValue> before, Map<String, AttrValue> after) {
        if (after == null) {
            if (before != null) {
                table.delete(key);
            }
        } else if (after != before) {
            table.put(after);
        }
    }
}
