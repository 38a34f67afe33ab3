package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Locale;

/** Jackson plumbing and request-field accessors producing DynamoDB-style validation messages. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static ArrayNode array() {
        return NODES.arrayNode();
    }

    static JsonNode field(JsonNode request, String name) {
        JsonNode node = request.get(name);
        return node == null || node.isNull() ? null : node;
    }

    static String text(JsonNode request, String name) {
        JsonNode node = field(request, name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual()) {
            throw DynamoDbError.serialization("Unexpected value type for field " + name);
        }
        return node.textValue();
    }

    static String requiredText(JsonNode request, String name) {
        String value = text(request, name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    static JsonNode required(JsonNode request, String name) {
        JsonNode node = field(request, name);
        if (node == null) {
            throw missing(name);
        }
        return node;
    }

    static JsonNode requiredObject(JsonNode request, String name) {
        JsonNode node = required(request, name);
        if (!node.isObject()) {
            throw DynamoDbError.serialization("Unexpected value type for field " + name);
        }
        return node;
    }

    static JsonNode requiredArray(JsonNode request, String name) {
        JsonNode node = required(request, name);
        if (!node.isArray()) {
            throw DynamoDbError.serialization("Unexpected value type for field " + name);
        }
        return node;
    }

    static boolean bool(JsonNode request, String name, boolean defaultValue) {
        JsonNode node = field(request, name);
        if (node == null) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw DynamoDbError.serialization("Unexpected value type for field " + name);
        }
        return node.booleanValue();
    }

    static Integer integer(JsonNode request, String name) {
        JsonNode node = field(request, name);
        if (node == null) {
            return null;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw DynamoDbError.serialization("Unexpected value type for field " + name);
        }
        return node.intValue();
    }

    static String enumValue(JsonNode request, String name, Collection<String> allowed, String defaultValue) {
        String value = text(request, name);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw DynamoDbError.validation("1 validation error detected: Value '" + value + "' at '" + memberName(name)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return value;
    }

    static DynamoDbError missing(String name) {
        return DynamoDbError.validation("1 validation error detected: Value null at '" + memberName(name)
                + "' failed to satisfy constraint: Member must not be null");
    }

    static DynamoDbError constraint(String name, Object value, String constraint) {
        return DynamoDbError.validation("1 validation error detected: Value '" + value + "' at '" + memberName(name)
                + "' failed to satisfy constraint: " + constraint);
    }

    /** DynamoDB names members in lowerCamelCase inside validation messages. */
    static String memberName(String name) {
        return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }

    /** Accepts a plain table name or a table ARN, as DynamoDB does. */
    static String tableName(JsonNode request) {
        String name = requiredText(request, "TableName");
        int slash = name.indexOf(":table/");
        return name.startsWith("arn:") && slash >= 0 ? name.substring(slash + ":table/".length()) : name;
    }

    /** Rejects pre-expression parameters, which this emulator deliberately does not implement. */
    static void rejectLegacy(JsonNode request, String... names) {
        for (String name : names) {
            if (field(request, name) != null) {
                throw DynamoDbError.validation(
                        "The legacy parameter " + name + " is not supported by this emulator; use expressions instead");
            }
        }
    }
}
