package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads table definitions from CreateTable requests (and from snapshots, which use the same shape plus a few
 * fields) and renders them as TableDescription.
 */
final class TableDefinitions {
    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
    private static final List<String> KEY_TYPES = List.of("S", "N", "B");
    private static final List<String> BILLING_MODES = List.of("PROVISIONED", "PAY_PER_REQUEST");
    private static final List<String> PROJECTION_TYPES = List.of("ALL", "KEYS_ONLY", "INCLUDE");

    private TableDefinitions() {}

    static TableDefinition parse(JsonNode request) {
        String name = Json.requiredText(request, "TableName");
        checkName(name, "TableName");
        Map<String, String> attributes = attributeDefinitions(Json.requiredArray(request, "AttributeDefinitions"));
        KeySchema keys = keySchema(Json.requiredArray(request, "KeySchema"), attributes, "keySchema");

        String billingMode = Json.enumValue(request, "BillingMode", BILLING_MODES, "PROVISIONED");
        Throughput throughput = throughput(Json.field(request, "ProvisionedThroughput"));
        boolean provisioned = billingMode.equals("PROVISIONED");
        if (provisioned && throughput == null) {
            throw DynamoDbError.validation(
                    INVALID
                            + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        if (!provisioned && throughput != null) {
            throw DynamoDbError.validation(INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be "
                    + "specified when BillingMode is PAY_PER_REQUEST");
        }

        Set<String> indexNames = new HashSet<>();
        List<IndexDefinition> globals = new ArrayList<>();
        for (JsonNode node : optionalArray(request, "GlobalSecondaryIndexes")) {
            IndexDefinition index = index(node, true, attributes, indexNames);
            if (provisioned && index.throughput() == null) {
                throw DynamoDbError.validation(
                        INVALID + "ProvisionedThroughput must be specified for index: " + index.name());
            }
            if (!provisioned && index.throughput() != null) {
                throw DynamoDbError.validation(INVALID + "ProvisionedThroughput should not be specified for index: "
                        + index.name() + " when BillingMode is PAY_PER_REQUEST");
            }
            globals.add(index);
        }
        List<IndexDefinition> locals = new ArrayList<>();
        for (JsonNode node : optionalArray(request, "LocalSecondaryIndexes")) {
            IndexDefinition index = index(node, false, attributes, indexNames);
            if (keys.range() == null) {
                throw DynamoDbError.validation(INVALID + "Table KeySchema does not have a range key, which is "
                        + "required when specifying a LocalSecondaryIndex");
            }
            if (index.keys().range() == null || !index.keys().hash().equals(keys.hash())) {
                throw DynamoDbError.validation(INVALID + "Index KeySchema does not have the same leading hash key as "
                        + "table KeySchema for index: " + index.name() + ". index hash key: "
                        + index.keys().hash().name() + ", table hash key: "
                        + keys.hash().name());
            }
            locals.add(index);
        }
        if (globals.size() > 20 || locals.size() > 5) {
            throw DynamoDbError.validation(INVALID + "Too many secondary indexes; a table may have at most 20 global "
                    + "and 5 local secondary indexes");
        }

        Set<String> used = new HashSet<>(keys.names());
        globals.forEach(i -> used.addAll(i.keys().names()));
        locals.forEach(i -> used.addAll(i.keys().names()));
        if (!used.equals(attributes.keySet())) {
            throw DynamoDbError.validation(INVALID + "Number of attributes in KeySchema does not exactly match number "
                    + "of attributes defined in AttributeDefinitions");
        }

        String id = Json.text(request, "TableId");
        JsonNode created = Json.field(request, "CreationDateTimeMillis");
        return new TableDefinition(
                name,
                id == null ? UUID.randomUUID().toString() : id,
                keys,
                attributes,
                globals,
                locals,
                billingMode,
                throughput == null ? Throughput.NONE : throughput,
                created == null ? System.currentTimeMillis() : created.asLong(),
                Json.text(request, "TimeToLiveAttribute"));
    }

    private static void checkName(String name, String field) {
        if (name.length() < 3 || name.length() > 255) {
            throw Json.constraint(
                    field,
                    name,
                    "Member must have length "
                            + (name.length() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
        }
        if (!NAME.matcher(name).matches()) {
            throw Json.constraint(field, name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
    }

    private static Iterable<JsonNode> optionalArray(JsonNode request, String field) {
        JsonNode node = Json.field(request, field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray() || node.isEmpty()) {
            throw Json.constraint(field, node, "Member must have length greater than or equal to 1");
        }
        return node;
    }

    private static Map<String, String> attributeDefinitions(JsonNode array) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonNode node : array) {
            String name = Json.requiredText(node, "AttributeName");
            String type = Json.enumValue(node, "AttributeType", KEY_TYPES, null);
            if (type == null) {
                throw Json.missing("AttributeType");
            }
            if (attributes.put(name, type) != null) {
                throw DynamoDbError.validation("Cannot have two attributes with the same name");
            }
        }
        return attributes;
    }

    private static KeySchema keySchema(JsonNode array, Map<String, String> attributes, String member) {
        if (array.isEmpty() || array.size() > 2) {
            throw Json.constraint(
                    member,
                    array,
                    "Member must have length "
                            + (array.isEmpty() ? "greater than or equal to 1" : "less than or equal to 2"));
        }
        List<KeySchema.Attribute> elements = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String name = Json.requiredText(array.get(i), "AttributeName");
            String keyType = Json.enumValue(array.get(i), "KeyType", List.of("HASH", "RANGE"), null);
            String expected = i == 0 ? "HASH" : "RANGE";
            if (!expected.equals(keyType)) {
                throw DynamoDbError.validation("Invalid KeySchema: The " + (i == 0 ? "first" : "second")
                        + " KeySchemaElement is not a " + expected + " key type");
            }
            String type = attributes.get(name);
            if (type == null) {
                throw DynamoDbError.validation(INVALID + "Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: [" + name + "], AttributeDefinitions: " + attributes.keySet());
            }
            elements.add(new KeySchema.Attribute(name, type));
        }
        if (elements.size() == 2
                && elements.get(0).name().equals(elements.get(1).name())) {
            throw DynamoDbError.validation(
                    "Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        return new KeySchema(elements.get(0), elements.size() == 2 ? elements.get(1) : null);
    }

    private static IndexDefinition index(
            JsonNode node, boolean global, Map<String, String> attributes, Set<String> names) {
        String name = Json.requiredText(node, "IndexName");
        checkName(name, "IndexName");
        if (!names.add(name)) {
            throw DynamoDbError.validation(INVALID + "Duplicate index name: " + name);
        }
        KeySchema keys = keySchema(Json.requiredArray(node, "KeySchema"), attributes, "keySchema");
        JsonNode projection = Json.requiredObject(node, "Projection");
        String type = Json.enumValue(projection, "ProjectionType", PROJECTION_TYPES, null);
        if (type == null) {
            throw Json.missing("ProjectionType");
        }
        List<String> nonKey = new ArrayList<>();
        JsonNode nonKeyNode = Json.field(projection, "NonKeyAttributes");
        if (nonKeyNode != null) {
            if (!type.equals("INCLUDE")) {
                throw DynamoDbError.validation(
                        INVALID + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
            }
            nonKeyNode.forEach(n -> nonKey.add(n.asText()));
        }
        if (type.equals("INCLUDE") && nonKey.isEmpty()) {
            throw DynamoDbError.validation(INVALID + "NonKeyAttributes must be specified when ProjectionType is "
                    + "INCLUDE for index: " + name);
        }
        return new IndexDefinition(
                name,
                global,
                keys,
                type,
                nonKey,
                global ? throughput(Json.field(node, "ProvisionedThroughput")) : null);
    }

    private static Throughput throughput(JsonNode node) {
        if (node == null) {
            return null;
        }
        JsonNode read = Json.field(node, "ReadCapacityUnits");
        JsonNode write = Json.field(node, "WriteCapacityUnits");
        if (read == null || write == null) {
            throw DynamoDbError.validation(INVALID + "ReadCapacityUnits and WriteCapacityUnits must both be specified");
        }
        if (read.asLong() < 1 || write.asLong() < 1) {
            throw DynamoDbError.validation(INVALID + "ProvisionedThroughput values must be greater than 0");
        }
        return new Throughput(read.asLong(), write.asLong());
    }

    /** The TableDescription structure DynamoDB returns from CreateTable, DescribeTable and DeleteTable. */
    static ObjectNode describe(Table table, String status) {
        TableDefinition def = table.definition();
        ObjectNode node = Json.object();
        ArrayNode attributes = node.putArray("AttributeDefinitions");
        def.attributeTypes()
                .forEach((name, type) ->
                        attributes.addObject().put("AttributeName", name).put("AttributeType", type));
        node.put("TableName", def.name());
        node.set("KeySchema", keySchemaJson(def.keys()));
        node.put("TableStatus", status);
        node.put("CreationDateTime", epochSeconds(def.createdMillis()));
        node.set("ProvisionedThroughput", throughputJson(def.throughput()));
        node.put("TableSizeBytes", Table.sizeBytes(table.items()));
        node.put("ItemCount", table.items().size());
        node.put("TableArn", def.arn());
        node.put("TableId", def.id());
        if (def.billingMode().equals("PAY_PER_REQUEST")) {
            node.putObject("BillingModeSummary")
                    .put("BillingMode", "PAY_PER_REQUEST")
                    .put("LastUpdateToPayPerRequestDateTime", epochSeconds(def.createdMillis()));
        }
        if (!def.globalIndexes().isEmpty()) {
            ArrayNode globals = node.putArray("GlobalSecondaryIndexes");
            def.globalIndexes().forEach(index -> {
                ObjectNode json = indexJson(table, index);
                json.put("IndexStatus", "ACTIVE");
                json.set(
                        "ProvisionedThroughput",
                        throughputJson(index.throughput() == null ? Throughput.NONE : index.throughput()));
                globals.add(json);
            });
        }
        if (!def.localIndexes().isEmpty()) {
            ArrayNode locals = node.putArray("LocalSecondaryIndexes");
            def.localIndexes().forEach(index -> locals.add(indexJson(table, index)));
        }
        node.put("DeletionProtectionEnabled", false);
        return node;
    }

    private static ObjectNode indexJson(Table table, IndexDefinition index) {
        ObjectNode node = indexSchemaJson(index);
        var entries = table.entries(index).values();
        node.put(
                "IndexSizeBytes",
                entries.stream()
                        .mapToLong(item -> AttrValues.itemSize(
                                index.project(item, table.definition().keys())))
                        .sum());
        node.put("ItemCount", entries.size());
        node.put("IndexArn", table.definition().arn() + "/index/" + index.name());
        return node;
    }

    /** An index's name, key schema and projection, as DescribeTable and the snapshot both write them. */
    private static ObjectNode indexSchemaJson(IndexDefinition index) {
        ObjectNode node = Json.object().put("IndexName", index.name());
        node.set("KeySchema", keySchemaJson(index.keys()));
        node.set("Projection", projectionJson(index));
        return node;
    }

    /** The snapshot's ProvisionedThroughput: the units only, as CreateTable takes them. */
    private static ObjectNode capacityUnitsJson(Throughput throughput) {
        return Json.object().put("ReadCapacityUnits", throughput.read()).put("WriteCapacityUnits", throughput.write());
    }

    private static ObjectNode projectionJson(IndexDefinition index) {
        ObjectNode node = Json.object().put("ProjectionType", index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            ArrayNode nonKey = node.putArray("NonKeyAttributes");
            index.nonKeyAttributes().forEach(nonKey::add);
        }
        return node;
    }

    private static ArrayNode keySchemaJson(KeySchema keys) {
        ArrayNode array = Json.array();
        array.addObject().put("AttributeName", keys.hash().name()).put("KeyType", "HASH");
        if (keys.range() != null) {
            array.addObject().put("AttributeName", keys.range().name()).put("KeyType", "RANGE");
        }
        return array;
    }

    private static ObjectNode throughputJson(Throughput throughput) {
        return Json.object()
                .put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", throughput.read())
                .put("WriteCapacityUnits", throughput.write());
    }

    static BigDecimal epochSeconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    /** CreateTable-shaped JSON plus identity, creation time and TTL, so {@link #parse} can restore it. */
    static ObjectNode toSnapshot(TableDefinition def) {
        ObjectNode node = Json.object();
        node.put("TableName", def.name());
        ArrayNode attributes = node.putArray("AttributeDefinitions");
        def.attributeTypes()
                .forEach((name, type) ->
                        attributes.addObject().put("AttributeName", name).put("AttributeType", type));
        node.set("KeySchema", keySchemaJson(def.keys()));
        node.put("BillingMode", def.billingMode());
        if (def.billingMode().equals("PROVISIONED")) {
            node.set("ProvisionedThroughput", capacityUnitsJson(def.throughput()));
        }
        if (!def.globalIndexes().isEmpty()) {
            ArrayNode globals = node.putArray("GlobalSecondaryIndexes");
            def.globalIndexes().forEach(index -> {
                ObjectNode json = indexSchemaJson(index);
                globals.add(json);
                if (index.throughput() != null) {
                    json.set("ProvisionedThroughput", capacityUnitsJson(index.throughput()));
                }
            });
        }
        if (!def.localIndexes().isEmpty()) {
            ArrayNode locals = node.putArray("LocalSecondaryIndexes");
            def.localIndexes().forEach(index -> locals.add(indexSchemaJson(index)));
        }
        node.put("TableId", def.id());
        node.put("CreationDateTimeMillis", def.createdMillis());
        if (def.ttlAttribute() != null) {
            node.put("TimeToLiveAttribute", def.ttlAttribute());
        }
        return node;
    }
}
