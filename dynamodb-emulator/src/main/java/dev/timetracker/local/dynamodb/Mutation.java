package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One change to the database as it was applied (the item after the write, not the request that produced it), so
 * replaying a change needs no condition, expression or clock and gives the same state whatever the operations'
 * code has become since. What {@link MutationLog} records and replays.
 */
sealed interface Mutation {

    /** Re-applies the change; the caller holds the write lock. */
    void applyTo(Database db);

    ObjectNode toJson();

    record CreateTable(TableDefinition definition) implements Mutation {
        @Override
        public void applyTo(Database db) {
            db.create(definition);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("op", "create-table");
            node.set("definition", TableDefinitions.toSnapshot(definition));
            return node;
        }
    }

    record DropTable(String table) implements Mutation {
        @Override
        public void applyTo(Database db) {
            db.drop(table);
        }

        @Override
        public ObjectNode toJson() {
            return Json.object().put("op", "drop-table").put("table", table);
        }
    }

    /** A changed definition of an existing table (e.g. UpdateTimeToLive). */
    record Redefine(TableDefinition definition) implements Mutation {
        @Override
        public void applyTo(Database db) {
            db.table(definition.name()).definition(definition);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("op", "redefine");
            node.set("definition", TableDefinitions.toSnapshot(definition));
            return node;
        }
    }

    record Put(String table, Map<String, AttrValue> item) implements Mutation {
        @Override
        public void applyTo(Database db) {
            db.table(table).put(item);
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("op", "put").put("table", table);
            node.set("item", AttrValueJson.writeItem(item));
            return node;
        }
    }

    /** {@code key} holds the primary key attributes of the deleted item. */
    record Delete(String table, Map<String, AttrValue> key) implements Mutation {
        static Delete of(TableDefinition definition, Map<String, AttrValue> item) {
            Map<String, AttrValue> key = new LinkedHashMap<>();
            definition.keys().names().forEach(name -> key.put(name, item.get(name)));
            return new Delete(definition.name(), key);
        }

        @Override
        public void applyTo(Database db) {
            Table target = db.table(table);
            target.delete(target.key(key));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("op", "delete").put("table", table);
            node.set("key", AttrValueJson.writeItem(key));
            return node;
        }
    }

    /** All changes of one write (a whole transaction is one batch): they are logged and replayed together. */
    static ArrayNode toJson(List<Mutation> batch) {
        ArrayNode array = Json.array();
        batch.forEach(mutation -> array.add(mutation.toJson()));
        return array;
    }

    static List<Mutation> fromJson(JsonNode batch) {
        List<Mutation> mutations = new ArrayList<>();
        for (JsonNode node : batch) {
            String op = node.path("op").asText();
            mutations.add(
                    switch (op) {
                        case "create-table" -> new CreateTable(TableDefinitions.parse(node.get("definition")));
                        case "drop-table" -> new DropTable(node.path("table").asText());
                        case "redefine" -> new Redefine(TableDefinitions.parse(node.get("definition")));
                        case "put" -> new Put(node.path("table").asText(), AttrValueJson.readItem(node.get("item")));
                        case "delete" ->
                            new Delete(node.path("table").asText(), AttrValueJson.readItem(node.get("key")));
                        default -> throw new IllegalStateException("Unknown mutation '" + op + "' in the mutation log");
                    });
        }
        return mutations;
    }
}
