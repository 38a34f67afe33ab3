package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The ExpressionAttributeNames/Values of one request, tracking which placeholders its expressions used so that
 * unused ones can be rejected as DynamoDB does.
 */
final class ExpressionContext {
    static final int MAX_PLACEHOLDER_BYTES = 255;

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttrValue> values = new LinkedHashMap<>();
    private final Set<String> usedNames = new LinkedHashSet<>();
    private final Set<String> usedValues = new LinkedHashSet<>();

    static ExpressionContext of(JsonNode request) {
        ExpressionContext context = new ExpressionContext();
        JsonNode names = Json.field(request, "ExpressionAttributeNames");
        if (names != null) {
            requireNonEmptyMap(names, "ExpressionAttributeNames");
            for (Map.Entry<String, JsonNode> e : names.properties()) {
                checkKey(e.getKey(), '#', "ExpressionAttributeNames");
                if (!e.getValue().isTextual()) {
                    throw DynamoDbError.serialization("ExpressionAttributeNames values must be strings");
                }
                context.names.put(e.getKey(), e.getValue().textValue());
            }
        }
        JsonNode values = Json.field(request, "ExpressionAttributeValues");
        if (values != null) {
            requireNonEmptyMap(values, "ExpressionAttributeValues");
            for (Map.Entry<String, JsonNode> e : values.properties()) {
                checkKey(e.getKey(), ':', "ExpressionAttributeValues");
                try {
                    context.values.put(e.getKey(), AttrValueJson.read(e.getValue()));
                } catch (DynamoDbError error) {
                    if (!error.code().equals("ValidationException")) {
                        throw error;
                    }
                    throw DynamoDbError.validation("ExpressionAttributeValues contains invalid value: "
                            + error.getMessage() + " for key " + e.getKey());
                }
            }
        }
        return context;
    }

    private static void requireNonEmptyMap(JsonNode node, String field) {
        if (!node.isObject()) {
            throw DynamoDbError.serialization(field + " must be a map");
        }
        if (node.isEmpty()) {
            throw DynamoDbError.validation(field + " must not be empty");
        }
    }

    /**
     * "The maximum length of any single expression attribute name or expression attribute value is 255 bytes. For
     * example, #name is 5 bytes; :val is 4 bytes." (Expression parameters, lengths:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-expression-parameters).
     * DynamoDB checks the length before the syntax.
     */
    private static void checkKey(String key, char prefix, String field) {
        int size = AttrValues.utf8Length(key);
        if (size > MAX_PLACEHOLDER_BYTES) {
            throw DynamoDbError.validation(field + " contains invalid key: The expression attribute map contains a key "
                    + "that is too long; size of key: " + size);
        }
        boolean valid = key.length() > 1 && key.charAt(0) == prefix;
        for (int i = 1; valid && i < key.length(); i++) {
            char c = key.charAt(i);
            valid = Character.isLetterOrDigit(c) || c == '_';
        }
        if (!valid) {
            throw DynamoDbError.validation(field + " contains invalid key: Syntax error; key: \"" + key + "\"");
        }
    }

    String name(String placeholder) {
        String name = names.get(placeholder);
        if (name == null) {
            throw new ExpressionParser.SemanticError(
                    "An expression attribute name used in the document path is not defined; attribute name: "
                            + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    AttrValue value(String placeholder) {
        AttrValue value = values.get(placeholder);
        if (value == null) {
            throw new ExpressionParser.SemanticError(
                    "An expression attribute value used in expression is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Call once every expression of the request has been parsed. */
    void verifyAllUsed() {
        Set<String> unusedNames = new LinkedHashSet<>(names.keySet());
        unusedNames.removeAll(usedNames);
        if (!unusedNames.isEmpty()) {
            throw DynamoDbError.validation("Value provided in ExpressionAttributeNames unused in expressions: keys: {"
                    + String.join(", ", unusedNames) + "}");
        }
        Set<String> unusedValues = new LinkedHashSet<>(values.keySet());
        unusedValues.removeAll(usedValues);
        if (!unusedValues.isEmpty()) {
            throw DynamoDbError.validation("Value provided in ExpressionAttributeValues unused in expressions: keys: {"
                    + String.join(", ", unusedValues) + "}");
        }
    }
}
