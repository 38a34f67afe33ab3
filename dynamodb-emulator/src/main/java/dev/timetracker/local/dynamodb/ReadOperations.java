package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.local.dynamodb.Expressions.Condition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * GetItem, BatchGetItem, TransactGetItems, Query and Scan. Reads of tables and local indexes are strongly
 * consistent here; global indexes show what {@link IndexPropagation} has applied so far.
 */
final class ReadOperations {
    private static final long PAGE_BYTES = 1024 * 1024;
    private static final List<String> SELECT_VALUES =
            List.of("ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT");

    /** A Get: key plus optional projection, as in GetItem, BatchGetItem and TransactGetItems. */
    private record Get(String table, Map<String, AttrValue> key, List<DocPath> projection) {
        static Get parse(String table, Map<String, AttrValue> key, JsonNode request) {
            Json.rejectLegacy(request, "AttributesToGet");
            ExpressionContext context = ExpressionContext.of(request);
            List<DocPath> projection = parseProjection(request, context);
            context.verifyAllUsed();
            return new Get(table, key, projection);
        }

        Map<String, AttrValue> project(Map<String, AttrValue> item) {
            return projection == null ? item : DocPaths.project(item, projection);
        }
    }

    private record Target(String table, KeyTuple key) {}

    private final Database db;
    private final TransactionGate gate;
    private final UnprocessedBatches batches;

    ReadOperations(Database db, TransactionGate gate, UnprocessedBatches batches) {
        this.db = db;
        this.gate = gate;
        this.batches = batches;
    }

    ObjectNode getItem(JsonNode request) {
        Get get = Get.parse(
                Json.tableName(request), AttrValueJson.readItem(Json.requiredObject(request, "Key")), request);
        boolean consistent = Json.bool(request, "ConsistentRead", false);
        String capacity = Capacity.requested(request);
        return db.read(() -> {
            Table table = db.table(get.table());
            Map<String, AttrValue> item = table.get(Items.validateKey(table.definition(), get.key()));
            ObjectNode response = Json.object();
            if (item != null) {
                response.set("Item", AttrValueJson.writeItem(get.project(item)));
            }
            if (capacity != null) {
                long bytes = item == null ? 0 : AttrValues.itemSize(item);
                response.set(
                        "ConsumedCapacity", Capacity.of(capacity, get.table(), Capacity.readUnits(bytes, consistent)));
            }
            return response;
        });
    }

    ObjectNode batchGetItem(JsonNode request) {
        JsonNode requestItems = Items.requestItems(request);
        List<Get> gets = new ArrayList<>();
        List<JsonNode> keyNodes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            JsonNode keys = Json.requiredArray(entry.getValue(), "Keys");
            if (keys.isEmpty()) {
                throw Json.constraint("Keys", "[]", "Member must have length greater than or equal to 1");
            }
            for (JsonNode key : keys) {
                gets.add(Get.parse(entry.getKey(), AttrValueJson.readItem(key), entry.getValue()));
                keyNodes.add(key);
            }
        }
        // At most 100 keys
        // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-api).
        if (gets.size() > 100) {
            throw DynamoDbError.validation("Too many items requested for the BatchGetItem call");
        }
        String capacity = Capacity.requested(request);
        return db.read(() -> {
            ObjectNode response = Json.object();
            ObjectNode responses = response.putObject("Responses");
            Set<Target> seen = new HashSet<>();
            List<Map<String, AttrValue>> found = new ArrayList<>();
            List<ItemRef> refs = new ArrayList<>();
            for (Get get : gets) {
                Table table = db.table(get.table());
                KeyTuple key = Items.validateKey(table.definition(), get.key());
                if (!seen.add(new Target(get.table(), key))) {
                    throw DynamoDbError.validation("Provided list of item keys contains duplicates");
                }
                found.add(table.get(key));
                refs.add(new ItemRef(get.table(), key));
            }
            boolean[] unprocessed = batches.handBack(refs);
            ObjectNode unprocessedKeys = response.putObject("UnprocessedKeys");
            // Each key read counts as a GetItem of its own: its item's size rounded up to 4 KB, half a unit per 4 KB
            // when eventually consistent, the minimum for a key that finds nothing; keys handed back cost nothing
            // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
            // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
            Map<String, Double> units = new LinkedHashMap<>();
            for (int i = 0; i < gets.size(); i++) {
                Get get = gets.get(i);
                ArrayNode items = responses.has(get.table())
                        ? (ArrayNode) responses.get(get.table())
                        : responses.putArray(get.table());
                if (unprocessed[i]) {
                    handBack(unprocessedKeys, get.table(), requestItems.get(get.table()), keyNodes.get(i));
                    continue;
                }
                Map<String, AttrValue> item = found.get(i);
                if (item != null) {
                    items.add(AttrValueJson.writeItem(get.project(item)));
                }
                boolean consistent = Json.bool(requestItems.get(get.table()), "ConsistentRead", false);
                units.merge(
                        get.table(),
                        Capacity.readUnits(item == null ? 0 : AttrValues.itemSize(item), consistent),
                        Double::sum);
            }
            if (capacity != null) {
                ArrayNode consumed = response.putArray("ConsumedCapacity");
                units.forEach((table, total) -> consumed.add(Capacity.of(capacity, table, total)));
            }
            return response;
        });
    }

    /** Adds a key to UnprocessedKeys with its table's other parameters (projection, names, consistency), as sent. */
    private static void handBack(ObjectNode unprocessedKeys, String table, JsonNode requested, JsonNode key) {
        if (!unprocessedKeys.has(table)) {
            ObjectNode parameters = requested.deepCopy();
            parameters.putArray("Keys");
            unprocessedKeys.set(table, parameters);
        }
        ((ArrayNode) unprocessedKeys.get(table).get("Keys")).add(key);
    }

    ObjectNode transactGetItems(JsonNode request) {
        JsonNode items = Items.transactItems(request);
        List<Get> gets = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode get = Json.requiredObject(item, "Get");
            gets.add(Get.parse(Json.tableName(get), AttrValueJson.readItem(Json.requiredObject(get, "Key")), get));
        }
        TransactionGate.PausedTransaction[] conflict = new TransactionGate.PausedTransaction[1];
        try {
            return db.read(() -> transactGet(gets, conflict));
        } catch (DynamoDbError e) {
            if (conflict[0] != null) {
                gate.refused(conflict[0]);
            }
            throw e;
        }
    }

    private ObjectNode transactGet(List<Get> gets, TransactionGate.PausedTransaction[] conflict) {
        Set<Target> seen = new HashSet<>();
        List<Map<String, AttrValue>> found = new ArrayList<>();
        List<DynamoDbError.CancellationReason> reasons = new ArrayList<>();
        for (Get get : gets) {
            Table table = db.table(get.table());
            KeyTuple key = Items.validateKey(table.definition(), get.key());
            if (!seen.add(new Target(get.table(), key))) {
                throw DynamoDbError.validation("Transaction request cannot include multiple operations on one item");
            }
            found.add(table.get(key));
            TransactionGate.PausedTransaction holder = gate.holder(new ItemRef(get.table(), key));
            conflict[0] = conflict[0] == null ? holder : conflict[0];
            reasons.add(
                    holder == null
                            ? DynamoDbError.CancellationReason.NONE
                            : DynamoDbError.CancellationReason.TRANSACTION_CONFLICT);
        }
        if (conflict[0] != null) {
            throw DynamoDbError.transactionCanceled(reasons);
        }
        Items.checkTransactionSize(found.stream()
                .mapToLong(item -> item == null ? 0 : AttrValues.itemSize(item))
                .sum());
        ObjectNode response = Json.object();
        ArrayNode responses = response.putArray("Responses");
        for (int i = 0; i < gets.size(); i++) {
            ObjectNode entry = responses.addObject();
            if (found.get(i) != null) {
                entry.set("Item", AttrValueJson.writeItem(gets.get(i).project(found.get(i))));
            }
        }
        return response;
    }

    ObjectNode query(JsonNode request) {
        return readPage(request, true);
    }

    ObjectNode scan(JsonNode request) {
        return readPage(request, false);
    }

    private ObjectNode readPage(JsonNode request, boolean isQuery) {
        String tableName = Json.tableName(request);
        String indexName = Json.text(request, "IndexName");
        Json.rejectLegacy(
                request, "KeyConditions", "QueryFilter", "ScanFilter", "AttributesToGet", "ConditionalOperator");
        ExpressionContext context = ExpressionContext.of(request);
        Condition keyCondition = null;
        if (isQuery) {
            String expression = Json.text(request, "KeyConditionExpression");
            if (expression == null) {
                throw DynamoDbError.validation("Either the KeyConditions or KeyConditionExpression parameter must be "
                        + "specified in the request.");
            }
            keyCondition = ExpressionParser.condition(expression, "KeyConditionExpression", context);
        }
        String filterExpression = Json.text(request, "FilterExpression");
        Condition filter = filterExpression == null
                ? null
                : ExpressionParser.condition(filterExpression, "FilterExpression", context);
        List<DocPath> projection = parseProjection(request, context);
        context.verifyAllUsed();

        Integer limit = Json.integer(request, "Limit");
        if (limit != null && limit < 1) {
            throw Json.constraint("Limit", limit, "Member must have value greater than or equal to 1");
        }
        String requestedSelect = Json.enumValue(request, "Select", SELECT_VALUES, null);
        boolean forward = !isQuery || Json.bool(request, "ScanIndexForward", true);
        boolean consistent = Json.bool(request, "ConsistentRead", false);
        Segment segment = isQuery ? null : Segment.parse(request);
        JsonNode startNode = Json.field(request, "ExclusiveStartKey");
        Map<String, AttrValue> exclusiveStart = startNode == null ? null : AttrValueJson.readItem(startNode);
        String capacity = Capacity.requested(request);
        Condition finalKeyCondition = keyCondition;

        return db.read(() -> {
            Table table = db.table(tableName);
            TableDefinition definition = table.definition();
            IndexDefinition index = indexName == null ? null : definition.index(indexName);
            if (index != null && index.global() && consistent) {
                throw DynamoDbError.validation("Consistent reads are not supported on global secondary indexes");
            }
            String select = select(requestedSelect, projection, index);
            KeySchema keys = index == null ? definition.keys() : index.keys();
            KeyCondition key = finalKeyCondition == null ? null : KeyCondition.analyze(finalKeyCondition, keys);
            if (key != null && filter != null) {
                for (String name : Expressions.attributeNames(filter)) {
                    if (keys.contains(name)) {
                        throw DynamoDbError.validation("Filter Expression can only contain non-primary key "
                                + "attributes: Primary key attribute: " + name);
                    }
                }
            }

            KeyTuple lower = key == null ? null : key.lower();
            KeyTuple upper = key == null ? null : key.upper();
            if (exclusiveStart != null) {
                KeyTuple start = startPosition(table, index, exclusiveStart, key);
                if (forward) {
                    lower = lower == null || start.above().compareTo(lower) > 0 ? start.above() : lower;
                } else {
                    upper = upper == null || start.below().compareTo(upper) < 0 ? start.below() : upper;
                }
            }
            NavigableMap<KeyTuple, Map<String, AttrValue>> range = slice(table.entries(index), lower, upper);
            Iterator<Map<String, AttrValue>> entries =
                    (forward ? range : range.descendingMap()).values().iterator();

            List<Map<String, AttrValue>> results = new ArrayList<>();
            int scanned = 0;
            long bytes = 0;
            boolean truncated = false;
            boolean inPrefix = false;
            Map<String, AttrValue> last = null;
            while (entries.hasNext()) {
                if (limit != null && scanned >= limit) {
                    break;
                }
                if (bytes >= PAGE_BYTES) {
                    truncated = true;
                    break;
                }
                Map<String, AttrValue> stored = entries.next();
                if (key != null
                        && keys.range() != null
                        && !key.matchesRange(stored.get(keys.range().name()))) {
                    if (inPrefix) {
                        break;
                    }
                    continue;
                }
                inPrefix = true;
                if (segment != null && !segment.contains(stored.get(keys.hash().name()))) {
                    continue;
                }
                Map<String, AttrValue> visible = visible(stored, index, select, definition.keys());
                scanned++;
                bytes += AttrValues.itemSize(visible);
                last = stored;
                if (filter == null || ConditionEvaluator.matches(filter, visible)) {
                    results.add(projection == null ? visible : DocPaths.project(visible, projection));
                }
            }

            ObjectNode response = Json.object();
            if (!select.equals("COUNT")) {
                ArrayNode items = response.putArray("Items");
                results.forEach(item -> items.add(AttrValueJson.writeItem(item)));
            }
            response.put("Count", results.size());
            response.put("ScannedCount", scanned);
            // Like DynamoDB, reaching Limit yields a LastEvaluatedKey even if nothing follows.
            if (last != null && ((limit != null && scanned >= limit) || truncated)) {
                response.set(
                        "LastEvaluatedKey", AttrValueJson.writeItem(Items.pick(last, definition.entryKeyNames(index))));
            }
            if (capacity != null) {
                response.set(
                        "ConsumedCapacity", Capacity.of(capacity, tableName, Capacity.readUnits(bytes, consistent)));
            }
            return response;
        });
    }

    private static List<DocPath> parseProjection(JsonNode request, ExpressionContext context) {
        String expression = Json.text(request, "ProjectionExpression");
        return expression == null ? null : ExpressionParser.projection(expression, context);
    }

    private static String select(String requested, List<DocPath> projection, IndexDefinition index) {
        String invalid = "One or more parameter values were invalid: ";
        if (requested == null) {
            return projection != null
                    ? "SPECIFIC_ATTRIBUTES"
                    : index != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        if (requested.equals("SPECIFIC_ATTRIBUTES") && projection == null) {
            throw DynamoDbError.validation(invalid + "Select type SPECIFIC_ATTRIBUTES requires a ProjectionExpression");
        }
        if (!requested.equals("SPECIFIC_ATTRIBUTES") && projection != null) {
            throw DynamoDbError.validation(
                    invalid + "Cannot specify a ProjectionExpression when Select is " + requested);
        }
        if (requested.equals("ALL_PROJECTED_ATTRIBUTES") && index == null) {
            throw DynamoDbError.validation(
                    invalid + "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
        }
        if (requested.equals("ALL_ATTRIBUTES")
                && index != null
                && index.global()
                && !index.projectionType().equals("ALL")) {
            throw DynamoDbError.validation(invalid + "Select type ALL_ATTRIBUTES is not supported for global "
                    + "secondary index " + index.name() + " because its projection type is not ALL");
        }
        return requested;
    }

    /** What a read of this index returns: a GSI only has its projection, an LSI can fetch from the table. */
    private static Map<String, AttrValue> visible(
            Map<String, AttrValue> stored, IndexDefinition index, String select, KeySchema tableKeys) {
        if (index == null) {
            return stored;
        }
        boolean fetchFromTable =
                !index.global() && (select.equals("ALL_ATTRIBUTES") || select.equals("SPECIFIC_ATTRIBUTES"));
        return fetchFromTable ? stored : index.project(stored, tableKeys);
    }

    private static KeyTuple startPosition(
            Table table, IndexDefinition index, Map<String, AttrValue> start, KeyCondition key) {
        TableDefinition definition = table.definition();
        List<String> names = definition.entryKeyNames(index);
        boolean valid = start.size() == names.size();
        for (String name : names) {
            AttrValue value = start.get(name);
            valid &= value != null
                    && value.type().equals(definition.attributeTypes().get(name));
        }
        if (!valid) {
            throw DynamoDbError.validation(
                    "The provided starting key is invalid: The provided key element does not match the schema");
        }
        KeySchema keys = index == null ? definition.keys() : index.keys();
        if (key != null && !start.get(keys.hash().name()).equals(key.hashValue())) {
            throw DynamoDbError.validation(
                    "The provided starting key is outside query boundaries based on provided conditions");
        }
        return table.entryKey(index, start);
    }

    private static NavigableMap<KeyTuple, Map<String, AttrValue>> slice(
            NavigableMap<KeyTuple, Map<String, AttrValue>> entries, KeyTuple lower, KeyTuple upper) {
        // Bounds never equal a stored key, so inclusiveness does not matter.
        if (lower != null && upper != null) {
            return lower.compareTo(upper) > 0
                    ? Collections.emptyNavigableMap()
                    : entries.subMap(lower, false, upper, false);
        }
        if (lower != null) {
            return entries.tailMap(lower, false);
        }
        return upper != null ? entries.headMap(upper, false) : entries;
    }

    /** Parallel scan: an item belongs to the segment its partition key hashes to. */
    private record Segment(int segment, int total) {
        static Segment parse(JsonNode request) {
            Integer segment = Json.integer(request, "Segment");
            Integer total = Json.integer(request, "TotalSegments");
            if (segment == null && total == null) {
                return null;
            }
            if (segment == null || total == null) {
                throw DynamoDbError.validation("The TotalSegments parameter is required but was not present in the "
                        + "request when Segment parameter is present");
            }
            if (total < 1 || total > 1_000_000) {
                throw Json.constraint("TotalSegments", total, "Member must have value between 1 and 1000000");
            }
            if (segment < 0 || segment >= total) {
                throw DynamoDbError.validation("The Segment parameter is zero-based and must be less than parameter "
                        + "TotalSegments: Segment: " + segment + " is not less than TotalSegments: " + total);
            }
            return new Segment(segment, total);
        }

        boolean contains(AttrValue partitionKey) {
            return Math.floorMod(AttrValues.stableHash(partitionKey), total) == segment;
        }
    }
}
