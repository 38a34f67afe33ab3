package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * An error exactly as DynamoDB reports it on the wire. Thrown as control flow, so it carries no stack trace.
 */
final class DynamoDbError extends RuntimeException {
    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

    /** One entry of TransactionCanceledException.CancellationReasons; message and item are optional. */
    record CancellationReason(String code, String message, Map<String, AttrValue> item) {
        static final CancellationReason NONE = new CancellationReason("None", null, null);
        static final CancellationReason TRANSACTION_CONFLICT =
                new CancellationReason("TransactionConflict", "Transaction is ongoing for the item", null);
    }

    private final int status;
    private final String type;
    private final transient Map<String, AttrValue> item;
    private final transient List<CancellationReason> reasons;

    private DynamoDbError(
            int status, String type, String message, Map<String, AttrValue> item, List<CancellationReason> reasons) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.item = item;
        this.reasons = reasons;
    }

    static DynamoDbError validation(String message) {
        return new DynamoDbError(400, "com.amazon.coral.validate#ValidationException", message, null, null);
    }

    static DynamoDbError serialization(String message) {
        return new DynamoDbError(400, "com.amazon.coral.service#SerializationException", message, null, null);
    }

    static DynamoDbError unknownOperation() {
        return new DynamoDbError(400, "com.amazon.coral.service#UnknownOperationException", null, null, null);
    }

    /** @param oldItem the current item when ReturnValuesOnConditionCheckFailure=ALL_OLD was asked and it exists, else null */
    static DynamoDbError conditionalCheckFailed(Map<String, AttrValue> oldItem) {
        return new DynamoDbError(
                400, DYNAMODB + "ConditionalCheckFailedException", "The conditional request failed", oldItem, null);
    }

    static DynamoDbError resourceNotFound(String message) {
        return new DynamoDbError(400, DYNAMODB + "ResourceNotFoundException", message, null, null);
    }

    static DynamoDbError resourceInUse(String message) {
        return new DynamoDbError(400, DYNAMODB + "ResourceInUseException", message, null, null);
    }

    static DynamoDbError idempotentParameterMismatch() {
        return new DynamoDbError(
                400,
                DYNAMODB + "IdempotentParameterMismatchException",
                "The request uses the same client token as a previous, but non-identical request.",
                null,
                null);
    }

    /** A single-item write met an item that a running TransactWriteItems holds. */
    static DynamoDbError transactionConflict() {
        return new DynamoDbError(
                400, DYNAMODB + "TransactionConflictException", "Transaction is ongoing for the item", null, null);
    }

    /** The same ClientRequestToken arrived again while its transaction is still running. */
    static DynamoDbError transactionInProgress() {
        return new DynamoDbError(
                400,
                DYNAMODB + "TransactionInProgressException",
                "Transaction with the given request token is already in progress.",
                null,
                null);
    }

    static DynamoDbError transactionCanceled(List<CancellationReason> reasons) {
        String codes =
                String.join(", ", reasons.stream().map(CancellationReason::code).toList());
        return new DynamoDbError(
                400,
                DYNAMODB + "TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]",
                null,
                List.copyOf(reasons));
    }

    static DynamoDbError internal(String message) {
        return new DynamoDbError(500, DYNAMODB + "InternalServerError", message, null, null);
    }

    int status() {
        return status;
    }

    /** The short error code, e.g. {@code ValidationException}. */
    String code() {
        return type.substring(type.indexOf('#') + 1);
    }

    ObjectNode toJson() {
        ObjectNode body = Json.object();
        body.put("__type", type);
        if (reasons != null) {
            // DynamoDB capitalises Message for this one error only.
            body.set("CancellationReasons", reasonsJson());
            body.put("Message", getMessage());
            return body;
        }
        if (getMessage() != null) {
            body.put("message", getMessage());
        }
        if (item != null) {
            body.set("Item", AttrValueJson.writeItem(item));
        }
        return body;
    }

    private com.fasterxml.jackson.databind.node.ArrayNode reasonsJson() {
        var array = Json.array();
        for (CancellationReason reason : reasons) {
            ObjectNode node = array.addObject();
            node.put("Code", reason.code());
            if (reason.message() != null) {
                node.put("Message", reason.message());
            }
            if (reason.item() != null) {
                node.set("Item", AttrValueJson.writeItem(reason.item()));
            }
        }
        return array;
    }
}
