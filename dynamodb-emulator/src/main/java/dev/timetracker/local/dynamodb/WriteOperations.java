package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.local.dynamodb.DynamoDbError.CancellationReason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems. */
final class WriteOperations {
    private static final List<String> RETURN_VALUES =
            List.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    private static final long IDEMPOTENCY_WINDOW_MILLIS = 10 * 60 * 1000;

    /** The tables, keys and items a request's writes touch, in the writes' order. */
    private record Targets(List<Table> tables, List<KeyTuple> keys, List<ItemRef> refs) {}

    private record Outcome(Map<String, AttrValue> before, Map<String, AttrValue> after) {}

    private record IdempotencyRecord(String request, long expiresAt) {}

    /** A transaction that passed its conditions and was paused by a test before applying its writes. */
    private record Paused(
            TransactionGate.PausedTransaction pause, List<Table> tables, List<KeyTuple> keys, List<Outcome> outcomes) {}

    private final Database db;
    private final TransactionGate gate;
    private final UnprocessedBatches batches;
    /**
     * ClientRequestToken of recent successful transactions, oldest first (every token expires the same window after
     * it was stored, so insertion order is expiry order and pruning stops at the first live one: a night's hundred
     * thousand transactions must not make each one walk every token); guarded by the database write lock.
     */
    private final LinkedHashMap<String, IdempotencyRecord> recentTokens = new LinkedHashMap<>();
    /** ClientRequestToken of transactions paused by a test; guarded by the database write lock. */
    private final Set<String> runningTokens = new HashSet<>();

    WriteOperations(Database db, TransactionGate gate, UnprocessedBatches batches) {
        this.db = db;
        this.gate = gate;
        this.batches = batches;
    }

    ObjectNode putItem(JsonNode request) {
        WriteRequest write = WriteRequest.put(request);
        String returnValues = returnValues(request, List.of("NONE", "ALL_OLD"));
        return respond(request, write, returnValues);
    }

    ObjectNode deleteItem(JsonNode request) {
        WriteRequest write = WriteRequest.delete(request);
        String returnValues = returnValues(request, List.of("NONE", "ALL_OLD"));
        return respond(request, write, returnValues);
    }

    ObjectNode updateItem(JsonNode request) {
        WriteRequest write = WriteRequest.update(request);
        String returnValues = returnValues(request, RETURN_VALUES);
        return respond(request, write, returnValues);
    }

    private static String returnValues(JsonNode request, List<String> allowed) {
        String value = Json.enumValue(request, "ReturnValues", RETURN_VALUES, "NONE");
        if (!allowed.contains(value)) {
            throw DynamoDbError.validation("Return values set to invalid value");
        }
        return value;
    }

    private ObjectNode respond(JsonNode request, WriteRequest write, String returnValues) {
        String capacity = Capacity.requested(request);
        TransactionGate.PausedTransaction[] conflict = new TransactionGate.PausedTransaction[1];
        try {
            return db.write(() -> respond(write, returnValues, capacity, conflict));
        } catch (DynamoDbError e) {
            if (conflict[0] != null) {
                gate.refused(conflict[0]);
            }
            throw e;
        }
    }

    private ObjectNode respond(
            WriteRequest write, String returnValues, String capacity, TransactionGate.PausedTransaction[] conflict) {
        Table table = db.table(write.tableName());
        conflict[0] = gate.holder(new ItemRef(write.tableName(), write.resolveKey(table.definition())));
        if (conflict[0] != null) {
            throw DynamoDbError.transactionConflict();
        }
        Outcome outcome = execute(table, write);
        ObjectNode response = Json.object();
        Map<String, AttrValue> attributes = switch (returnValues) {
            case "ALL_OLD" -> outcome.before();
            case "ALL_NEW" -> outcome.after();
            case "UPDATED_OLD" ->
                outcome.before() == null ? null : DocPaths.project(outcome.before(), updatedPaths(write));
            case "UPDATED_NEW" -> DocPaths.project(outcome.after(), updatedPaths(write));
            default -> null;
        };
        if (attributes != null && !attributes.isEmpty()) {
            response.set("Attributes", AttrValueJson.writeItem(attributes));
        }
        if (capacity != null) {
            long bytes = Math.max(size(outcome.before()), size(outcome.after()));
            response.set("ConsumedCapacity", Capacity.of(capacity, write.tableName(), Capacity.writeUnits(bytes)));
        }
        return response;
    }

    private static List<DocPath> updatedPaths(WriteRequest write) {
        return write.update() == null ? List.of() : write.update().paths();
    }

    private static long size(Map<String, AttrValue> item) {
        return item == null ? 0 : AttrValues.itemSize(item);
    }

    private static Outcome execute(Table table, WriteRequest write) {
        KeyTuple key = write.resolveKey(table.definition());
        Map<String, AttrValue> before = table.get(key);
        if (!write.conditionHolds(before)) {
            throw write.conditionFailure(before);
        }
        Map<String, AttrValue> after = write.apply(table.definition(), before);
        WriteRequest.store(table, key, before, after);
        return new Outcome(before, after);
    }

    ObjectNode batchWriteItem(JsonNode request) {
        JsonNode requestItems = Items.requestItems(request);
        List<WriteRequest> writes = new ArrayList<>();
        List<JsonNode> writeNodes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : requestItems.properties()) {
            if (!entry.getValue().isArray() || entry.getValue().isEmpty()) {
                throw Json.constraint(
                        "RequestItems",
                        entry.getKey(),
                        "Map value must satisfy constraint: [Member must have length greater than or equal to 1]");
            }
            for (JsonNode node : entry.getValue()) {
                JsonNode put = Json.field(node, "PutRequest");
                JsonNode delete = Json.field(node, "DeleteRequest");
                if ((put == null) == (delete == null)) {
                    throw DynamoDbError.validation(
                            "A WriteRequest must contain exactly one of PutRequest or DeleteRequest");
                }
                writes.add(
                        put != null
                                ? WriteRequest.unconditional(
                                        WriteRequest.Kind.PUT,
                                        entry.getKey(),
                                        AttrValueJson.readItem(Json.requiredObject(put, "Item")))
                                : WriteRequest.unconditional(
                                        WriteRequest.Kind.DELETE,
                                        entry.getKey(),
                                        AttrValueJson.readItem(Json.requiredObject(delete, "Key"))));
                writeNodes.add(node);
            }
        }
        // At most 25 requests
        // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-api).
        // Its other limit, 16 MB per request, cannot be reached by a batch that passes this one and the 400 KB
        // item limit (25 x 400 KB = 10 MB), so it needs no check of its own.
        if (writes.size() > 25) {
            throw DynamoDbError.validation("Too many items requested for the BatchWriteItem call");
        }
        String capacity = Capacity.requested(request);
        return db.write(() -> {
            // Validate everything first: DynamoDB rejects the whole batch if any request is malformed.
            Targets targets = targets(writes, "Provided list of item keys contains duplicates");
            List<Table> tables = targets.tables();
            List<KeyTuple> keys = targets.keys();
            List<ItemRef> refs = targets.refs();
            boolean[] unprocessed = batches.handBack(refs);
            ObjectNode unprocessedItems = Json.object();
            Map<String, Double> units = new LinkedHashMap<>();
            for (int i = 0; i < writes.size(); i++) {
                if (unprocessed[i]) {
                    String tableName = writes.get(i).tableName();
                    (unprocessedItems.has(tableName)
                                    ? (ArrayNode) unprocessedItems.get(tableName)
                                    : unprocessedItems.putArray(tableName))
                            .add(writeNodes.get(i));
                    continue;
                }
                Table table = tables.get(i);
                Map<String, AttrValue> before = table.get(keys.get(i));
                Map<String, AttrValue> after = writes.get(i).apply(table.definition(), before);
                WriteRequest.store(table, keys.get(i), before, after);
                units.merge(
                        writes.get(i).tableName(),
                        Capacity.writeUnits(Math.max(size(before), size(after))),
                        Double::sum);
            }
            ObjectNode response = Json.object();
            response.set("UnprocessedItems", unprocessedItems);
            if (capacity != null) {
                ArrayNode consumed = response.putArray("ConsumedCapacity");
                units.forEach((table, total) -> consumed.add(Capacity.of(capacity, table, total)));
            }
            return response;
        });
    }

    ObjectNode transactWriteItems(JsonNode request) {
        JsonNode items = Items.transactItems(request);
        List<WriteRequest> writes = new ArrayList<>();
        for (JsonNode item : items) {
            writes.add(parseTransactItem(item));
        }
        Items.checkTransactionSize(
                writes.stream().mapToLong(WriteRequest::requestBytes).sum());
        String token = Json.text(request, "ClientRequestToken");
        String capacity = Capacity.requested(request);
        List<TransactionGate.PausedTransaction> conflicts = new ArrayList<>();
        Object prepared;
        try {
            prepared = db.write(() -> prepareTransaction(request, writes, token, capacity, conflicts));
        } catch (DynamoDbError e) {
            conflicts.forEach(gate::refused);
            throw e;
        }
        if (!(prepared instanceof Paused paused)) {
            return (ObjectNode) prepared;
        }
        // Running: the items are locked and the conditions held; a test decides when the writes land.
        gate.awaitResume(paused.pause());
        try {
            return db.write(() -> {
                runningTokens.remove(token);
                gate.unlock(paused.pause());
                return commitTransaction(
                        request, writes, token, capacity, paused.tables(), paused.keys(), paused.outcomes());
            });
        } finally {
            gate.committed(paused.pause());
        }
    }

    /**
     * Checks a transaction under the write lock and, unless a test pauses it, commits it.
     *
     * @return the response, or a {@link Paused} transaction whose items are locked
     */
    private Object prepareTransaction(
            JsonNode request,
            List<WriteRequest> writes,
            String token,
            String capacity,
            List<TransactionGate.PausedTransaction> conflicts) {
        ObjectNode response = Json.object();
        if (token != null && runningTokens.contains(token)) {
            throw DynamoDbError.transactionInProgress();
        }
        if (token != null && isReplay(token, request)) {
            return response;
        }
        Targets targets = targets(writes, "Transaction request cannot include multiple operations on one item");
        List<Table> tables = targets.tables();
        List<KeyTuple> keys = targets.keys();
        List<ItemRef> refs = targets.refs();
        if (cancelOnConflict(refs, conflicts)) {
            throw DynamoDbError.transactionCanceled(conflictReasons(refs));
        }
        // Phase 1: evaluate every condition and compute every new item; nothing is written yet.
        List<CancellationReason> reasons = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        boolean cancelled = false;
        for (int i = 0; i < writes.size(); i++) {
            WriteRequest write = writes.get(i);
            Map<String, AttrValue> before = tables.get(i).get(keys.get(i));
            CancellationReason reason = CancellationReason.NONE;
            Map<String, AttrValue> after = null;
            if (!write.conditionHolds(before)) {
                reason = new CancellationReason(
                        "ConditionalCheckFailed",
                        "The conditional request failed",
                        write.returnOldOnConditionFailure() ? before : null);
            } else {
                try {
                    after = write.apply(tables.get(i).definition(), before);
                } catch (DynamoDbError e) {
                    if (!e.code().equals("ValidationException")) {
                        throw e;
                    }
                    reason = new CancellationReason("ValidationError", e.getMessage(), null);
                }
            }
            cancelled |= !reason.equals(CancellationReason.NONE);
            reasons.add(reason);
            outcomes.add(new Outcome(before, after));
        }
        if (cancelled) {
            throw DynamoDbError.transactionCanceled(reasons);
        }
        TransactionGate.PausedTransaction pause = gate.lockIfPaused(refs);
        if (pause != null) {
            if (token != null) {
                runningTokens.add(token);
            }
            return new Paused(pause, tables, keys, outcomes);
        }
        return commitTransaction(request, writes, token, capacity, tables, keys, outcomes);
    }

    /** Resolves each write's table and key; two writes to one item are refused with {@code duplicateMessage}. */
    private Targets targets(List<WriteRequest> writes, String duplicateMessage) {
        List<Table> tables = new ArrayList<>();
        List<KeyTuple> keys = new ArrayList<>();
        List<ItemRef> refs = new ArrayList<>();
        Set<ItemRef> seen = new HashSet<>();
        for (WriteRequest write : writes) {
            Table table = db.table(write.tableName());
            KeyTuple key = write.resolveKey(table.definition());
            ItemRef ref = new ItemRef(write.tableName(), key);
            if (!seen.add(ref)) {
                throw DynamoDbError.validation(duplicateMessage);
            }
            tables.add(table);
            keys.add(key);
            refs.add(ref);
        }
        return new Targets(tables, keys, refs);
    }

    /** Phase 2: all conditions held, so apply everything. Caller holds the write lock. */
    private ObjectNode commitTransaction(
            JsonNode request,
            List<WriteRequest> writes,
            String token,
            String capacity,
            List<Table> tables,
            List<KeyTuple> keys,
            List<Outcome> outcomes) {
        ObjectNode response = Json.object();
        Map<String, Double> units = new LinkedHashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            Outcome outcome = outcomes.get(i);
            WriteRequest.store(tables.get(i), keys.get(i), outcome.before(), outcome.after());
            units.merge(
                    writes.get(i).tableName(),
                    2 * Capacity.writeUnits(Math.max(size(outcome.before()), size(outcome.after()))),
                    Double::sum);
        }
        if (token != null) {
            recentTokens.remove(token);
            recentTokens.put(
                    token,
                    new IdempotencyRecord(request.toString(), System.currentTimeMillis() + IDEMPOTENCY_WINDOW_MILLIS));
        }
        if (capacity != null) {
            ArrayNode consumed = response.putArray("ConsumedCapacity");
            units.forEach((table, total) -> consumed.add(Capacity.of(capacity, table, total)));
        }
        return response;
    }

    /** Whether any of these items is held by a running transaction; the holders are added to {@code conflicts}. */
    private boolean cancelOnConflict(List<ItemRef> refs, List<TransactionGate.PausedTransaction> conflicts) {
        for (ItemRef ref : refs) {
            TransactionGate.PausedTransaction holder = gate.holder(ref);
            if (holder != null && !conflicts.contains(holder)) {
                conflicts.add(holder);
            }
        }
        return !conflicts.isEmpty();
    }

    private List<CancellationReason> conflictReasons(List<ItemRef> refs) {
        List<CancellationReason> reasons = new ArrayList<>();
        for (ItemRef ref : refs) {
            reasons.add(gate.holder(ref) == null ? CancellationReason.NONE : CancellationReason.TRANSACTION_CONFLICT);
        }
        return reasons;
    }

    private static WriteRequest parseTransactItem(JsonNode item) {
        if (!item.isObject() || item.size() != 1) {
            throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        Map.Entry<String, JsonNode> action = item.properties().iterator().next();
        return switch (action.getKey()) {
            case "ConditionCheck" -> WriteRequest.conditionCheck(action.getValue());
            case "Put" -> WriteRequest.put(action.getValue());
            case "Update" -> WriteRequest.update(action.getValue());
            case "Delete" -> WriteRequest.delete(action.getValue());
            default ->
                throw DynamoDbError.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        };
    }

    /** A retried transaction with the same token is acknowledged without being applied twice. */
    private boolean isReplay(String token, JsonNode request) {
        long now = System.currentTimeMillis();
        for (var oldest = recentTokens.values().iterator();
                oldest.hasNext() && oldest.next().expiresAt() < now; ) {
            oldest.remove();
        }
        IdempotencyRecord previous = recentTokens.get(token);
        if (previous == null) {
            return false;
        }
        if (!previous.request().equals(request.toString())) {
            throw DynamoDbError.idempotentParameterMismatch();
        }
        return true;
    }
}
