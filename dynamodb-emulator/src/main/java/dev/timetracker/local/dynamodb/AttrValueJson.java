package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Converts between the wire form ({@code {"S":"x"}}) and {@link AttrValue}, validating like DynamoDB. */
final class AttrValueJson {
    private static final String INVALID = "One or more parameter values were invalid: ";

    private AttrValueJson() {}

    static Map<String, AttrValue> readItem(JsonNode node) {
        if (!node.isObject()) {
            throw DynamoDbError.serialization("Unexpected value type in payload; expected a map of attribute values");
        }
        Map<String, AttrValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            item.put(entry.getKey(), read(entry.getValue()));
        }
        return Collections.unmodifiableMap(item);
    }

    static AttrValue read(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DynamoDbError.serialization("Unexpected value type in payload; expected an AttributeValue");
        }
        if (node.isEmpty()) {
            throw DynamoDbError.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw DynamoDbError.validation("Supplied AttributeValue has more than one datatypes set, "
                    + "must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> entry = node.properties().iterator().next();
        JsonNode v = entry.getValue();
        return switch (entry.getKey()) {
            case "S" -> new AttrValue.S(text(v));
            case "N" -> new AttrValue.N(Numbers.parse(text(v)));
            case "B" -> new AttrValue.B(Bytes.fromBase64(text(v)));
            case "BOOL" -> {
                if (!v.isBoolean()) {
                    throw DynamoDbError.serialization("BOOL must be a JSON boolean");
                }
                yield new AttrValue.Bool(v.booleanValue());
            }
            case "NULL" -> {
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw DynamoDbError.validation(INVALID + "Null attribute value types must have the value of true");
                }
                yield AttrValue.NULL;
            }
            case "M" -> {
                if (!v.isObject()) {
                    throw DynamoDbError.serialization("M must be a JSON object");
                }
                Map<String, AttrValue> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : v.properties()) {
                    map.put(e.getKey(), read(e.getValue()));
                }
                yield new AttrValue.M(map);
            }
            case "L" -> {
                List<AttrValue> list = new ArrayList<>();
                for (JsonNode element : array(v)) {
                    list.add(read(element));
                }
                yield new AttrValue.L(list);
            }
            case "SS" -> {
                List<String> raw = new ArrayList<>();
                array(v).forEach(e -> raw.add(text(e)));
                yield new AttrValue.SS(distinct(raw, "An string set  may not be empty"));
            }
            case "NS" -> {
                List<BigDecimal> raw = new ArrayList<>();
                array(v).forEach(e -> raw.add(Numbers.parse(text(e))));
                yield new AttrValue.NS(
                        distinct(raw.stream().map(AttrValue::normalize).toList(), "An number set  may not be empty"));
            }
            case "BS" -> {
                List<Bytes> raw = new ArrayList<>();
                array(v).forEach(e -> raw.add(Bytes.fromBase64(text(e))));
                yield new AttrValue.BS(distinct(raw, "Binary sets should not be empty"));
            }
            default -> throw DynamoDbError.serialization("Unknown AttributeValue data type: " + entry.getKey());
        };
    }

    private static <T> Set<T> distinct(List<T> values, String emptyMessage) {
        if (values.isEmpty()) {
            throw DynamoDbError.validation(INVALID + emptyMessage);
        }
        Set<T> set = new LinkedHashSet<>(values);
        if (set.size() != values.size()) {
            throw DynamoDbError.validation(INVALID + "Input collection " + values + " contains duplicates.");
        }
        return set;
    }

    private static String text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            throw DynamoDbError.serialization("Unexpected value type in payload; expected a string");
        }
        return node.textValue();
    }

    private static JsonNode array(JsonNode node) {
        if (!node.isArray()) {
            throw DynamoDbError.serialization("Unexpected value type in payload; expected a list");
        }
        return node;
    }

    static ObjectNode writeItem(Map<String, AttrValue> item) {
        ObjectNode node = Json.object();
        item.forEach((name, value) -> node.set(name, write(value)));
        return node;
    }

    static ObjectNode write(AttrValue value) {
        ObjectNode node = Json.object();
        if (value instanceof AttrValue.S s) {
            node.put("S", s.value());
        } else if (value instanceof AttrValue.N n) {
            node.put("N", n.text());
        } else if (value instanceof AttrValue.B b) {
            node.put("B", b.value().base64());
        } else if (value instanceof AttrValue.Bool b) {
            node.put("BOOL", b.value());
        } else if (value instanceof AttrValue.Null) {
            node.put("NULL", true);
        } else if (value instanceof AttrValue.M m) {
            node.set("M", writeItem(m.value()));
        } else if (value instanceof AttrValue.L l) {
            ArrayNode array = node.putArray("L");
            l.value().forEach(e -> array.add(write(e)));
        } else if (value instanceof AttrValue.SS ss) {
            ArrayNode array = node.putArray("SS");
            ss.value().forEach(array::add);
        } else if (value instanceof AttrValue.NS ns) {
            ArrayNode array = node.putArray("NS");
            ns.value().forEach(n -> array.add(n.toPlainString()));
        } else if (value instanceof AttrValue.BS bs) {
            ArrayNode array = node.putArray("BS");
            bs.value().forEach(b -> array.add(b.base64()));
        }
        return node;
    }
}
