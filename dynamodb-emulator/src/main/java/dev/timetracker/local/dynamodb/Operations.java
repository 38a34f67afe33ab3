package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.function.Function;

/** Maps DynamoDB operation names (the part after "DynamoDB_20120810.") to their implementations. */
final class Operations {
    private final Map<String, Function<JsonNode, ObjectNode>> handlers;

    Operations(Database db, TransactionGate transactions, UnprocessedBatches batches) {
        TableOperations tables = new TableOperations(db);
        ReadOperations reads = new ReadOperations(db, transactions, batches);
        WriteOperations writes = new WriteOperations(db, transactions, batches);
        handlers = Map.ofEntries(
                Map.entry("CreateTable", tables::createTable),
                Map.entry("DescribeTable", tables::describeTable),
                Map.entry("ListTables", tables::listTables),
                Map.entry("DeleteTable", tables::deleteTable),
                Map.entry("UpdateTimeToLive", tables::updateTimeToLive),
                Map.entry("DescribeTimeToLive", tables::describeTimeToLive),
                Map.entry("PutItem", writes::putItem),
                Map.entry("UpdateItem", writes::updateItem),
                Map.entry("DeleteItem", writes::deleteItem),
                Map.entry("BatchWriteItem", writes::batchWriteItem),
                Map.entry("TransactWriteItems", writes::transactWriteItems),
                Map.entry("GetItem", reads::getItem),
                Map.entry("BatchGetItem", reads::batchGetItem),
                Map.entry("TransactGetItems", reads::transactGetItems),
                Map.entry("Query", reads::query),
                Map.entry("Scan", reads::scan));
    }

    ObjectNode execute(String operation, JsonNode request) {
        Function<JsonNode, ObjectNode> handler = handlers.get(operation);
        if (handler == null) {
            throw DynamoDbError.unknownOperation();
        }
        if (!request.isObject()) {
            throw DynamoDbError.serialization("Request body must be a JSON object");
        }
        return handler.apply(request);
    }
}
