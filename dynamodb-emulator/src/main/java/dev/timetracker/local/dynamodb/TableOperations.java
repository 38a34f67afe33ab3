package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Control-plane operations. Tables become ACTIVE immediately. */
final class TableOperations {
    private final Database db;

    TableOperations(Database db) {
        this.db = db;
    }

    ObjectNode createTable(JsonNode request) {
        TableDefinition definition = TableDefinitions.parse(request);
        return db.write(() -> {
            Table table = db.create(definition);
            return response("TableDescription", TableDefinitions.describe(table, "ACTIVE"));
        });
    }

    ObjectNode describeTable(JsonNode request) {
        String name = Json.tableName(request);
        return db.read(() -> response("Table", TableDefinitions.describe(existing(name), "ACTIVE")));
    }

    ObjectNode deleteTable(JsonNode request) {
        String name = Json.tableName(request);
        return db.write(() -> {
            Table table = existing(name);
            ObjectNode description = TableDefinitions.describe(table, "DELETING");
            db.drop(name);
            return response("TableDescription", description);
        });
    }

    ObjectNode listTables(JsonNode request) {
        Integer limit = Json.integer(request, "Limit");
        if (limit != null && (limit < 1 || limit > 100)) {
            throw Json.constraint(
                    "Limit",
                    limit,
                    "Member must have value "
                            + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        String start = Json.text(request, "ExclusiveStartTableName");
        int max = limit == null ? 100 : limit;
        return db.read(() -> {
            var names = start == null
                    ? db.tables().navigableKeySet()
                    : db.tables().tailMap(start, false).navigableKeySet();
            ObjectNode response = Json.object();
            ArrayNode array = response.putArray("TableNames");
            String last = null;
            for (String name : names) {
                if (array.size() == max) {
                    response.put("LastEvaluatedTableName", last);
                    break;
                }
                array.add(name);
                last = name;
            }
            return response;
        });
    }

    ObjectNode updateTimeToLive(JsonNode request) {
        String name = Json.tableName(request);
        JsonNode specification = Json.requiredObject(request, "TimeToLiveSpecification");
        String attribute = Json.requiredText(specification, "AttributeName");
        if (Json.field(specification, "Enabled") == null) {
            throw Json.missing("Enabled");
        }
        boolean enabled = Json.bool(specification, "Enabled", false);
        if (attribute.isEmpty() || attribute.length() > 255) {
            throw Json.constraint("AttributeName", attribute, "Member must have length between 1 and 255");
        }
        return db.write(() -> {
            Table table = existing(name);
            String current = table.definition().ttlAttribute();
            if (enabled && current != null) {
                throw DynamoDbError.validation("TimeToLive is already enabled");
            }
            if (!enabled && current == null) {
                throw DynamoDbError.validation("TimeToLive is already disabled");
            }
            if (!enabled && !current.equals(attribute)) {
                throw DynamoDbError.validation("TimeToLive is enabled on a different attribute: " + current);
            }
            table.definition(table.definition().withTtlAttribute(enabled ? attribute : null));
            ObjectNode response = Json.object();
            response.putObject("TimeToLiveSpecification")
                    .put("AttributeName", attribute)
                    .put("Enabled", enabled);
            return response;
        });
    }

    ObjectNode describeTimeToLive(JsonNode request) {
        String name = Json.tableName(request);
        return db.read(() -> {
            String attribute = existing(name).definition().ttlAttribute();
            ObjectNode description = Json.object();
            description.put("TimeToLiveStatus", attribute == null ? "DISABLED" : "ENABLED");
            if (attribute != null) {
                description.put("AttributeName", attribute);
            }
            return response("TimeToLiveDescription", description);
        });
    }

    private Table existing(String name) {
        Table table = db.findTable(name);
        if (table == null) {
            throw DynamoDbError.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    private static ObjectNode response(String field, JsonNode value) {
        ObjectNode response = Json.object();
        response.set(field, value);
        return response;
    }
}
