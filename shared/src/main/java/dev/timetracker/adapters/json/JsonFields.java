package dev.timetracker.adapters.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.ValidationException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of a JSON request object by name and type, collecting every mistake. Fields outside the
 * allowed set are rejected, so a client can never set what the API does not offer (no mass assignment).
 */
public final class JsonFields {
    private final JsonNode object;
    private final FieldErrors errors;
    /** Put before every field name in errors: empty for the body, {@code rounding.} for a nested object. */
    private final String prefix;

    private JsonFields(JsonNode object) {
        this(object, new FieldErrors(), "");
    }

    private JsonFields(JsonNode object, FieldErrors errors, String prefix) {
        this.object = object;
        this.errors = errors;
        this.prefix = prefix;
    }

    public static JsonFields parse(String body, Set<String> allowed) {
        if (body == null || body.isBlank()) {
            throw new ValidationException("body", "is required: send a JSON object");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null
                    ? ""
                    : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            throw new ValidationException("body", "is not valid JSON" + where);
        }
        if (node == null || !node.isObject()) {
            throw new ValidationException("body", "must be a JSON object");
        }
        JsonFields fields = new JsonFields(node);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                fields.errors.add(name, "is not a known field");
            }
        }
        return fields;
    }

    public FieldErrors errors() {
        return errors;
    }

    /** A text field; null when absent. A JSON null for it is an error (use {@link #nullableText}). */
    public @Nullable String text(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(prefix + name, "must be a string");
            return null;
        }
        return value.textValue();
    }

    /**
     * A text field that may be cleared: null when absent, the empty string when sent as JSON null (a blank value
     * clears it too, see EmployeeChanges).
     */
    public @Nullable String nullableText(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            errors.add(prefix + name, "must be a string or null");
            return null;
        }
        return value.textValue();
    }

    public @Nullable Boolean bool(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(prefix + name, "must be true or false");
            return null;
        }
        return value.booleanValue();
    }

    public @Nullable Integer integer(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(prefix + name, "must be a whole number");
            return null;
        }
        return value.intValue();
    }

    public @Nullable List<Integer> integers(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(prefix + name, "must be an array of whole numbers");
            return null;
        }
        List<Integer> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isIntegralNumber() || !element.canConvertToInt()) {
                errors.add(prefix + name, "must be an array of whole numbers");
                return null;
            }
            result.add(element.intValue());
        }
        return result;
    }

    public @Nullable List<String> texts(String name) {
        JsonNode value = object.get(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(prefix + name, "must be an array of strings");
            return null;
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                errors.add(prefix + name, "must be an array of strings");
                return null;
            }
            result.add(element.textValue());
        }
        return result;
    }

    /**
     * A field that is itself a JSON object, read with its own allowed fields; its errors are reported here under
     * {@code prefix.field}. Null when absent or JSON null.
     */
    public @Nullable JsonFields object(String name, Set<String> allowed) {
        return nested(object.get(name), prefix + name, allowed);
    }

    /**
     * A field holding an array of JSON objects, each read with these allowed fields (errors under
     * {@code name[i].field}). Null when absent or JSON null.
     */
    public @Nullable List<JsonFields> objects(String name, Set<String> allowed) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            errors.add(prefix + name, "must be an array of objects");
            return null;
        }
        List<JsonFields> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String element = prefix + name + "[" + i + "]";
            if (!value.get(i).isObject()) {
                errors.add(element, "must be an object");
                return null;
            }
            result.add(nested(value.get(i), element, allowed));
        }
        return result;
    }

    /** Whether the field was sent as JSON null (as opposed to left out). */
    public boolean isNull(String name) {
        JsonNode value = object.get(name);
        return value != null && value.isNull();
    }

    /** @param name the field's full name in errors */
    private @Nullable JsonFields nested(@Nullable JsonNode value, String name, Set<String> allowed) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(name, "must be an object");
            return null;
        }
        JsonFields fields = new JsonFields(value, errors, name + ".");
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!allowed.contains(field)) {
                errors.add(name + "." + field, "is not a known field");
            }
        }
        return fields;
    }

    /** Ends reading: throws every error found so far, type errors and unknown fields alike. */
    public void done() {
        errors.throwIfAny();
    }
}
