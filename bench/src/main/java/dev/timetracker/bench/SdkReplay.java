package dev.timetracker.bench;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.List;

/**
 * Sends recorded DynamoDB requests again, unchanged, through a plain client: the "bare SDK" cost of a route. A
 * write whose condition no longer holds (the state moved on since it was recorded) is refused by DynamoDB, which
 * is still one full round trip, so a refusal counts like a success; it is counted separately only to be reported.
 */
final class SdkReplay {
    private final DynamoDbClient db;
    private long refused;

    SdkReplay(DynamoDbClient db) {
        this.db = db;
    }

    /** Replays the calls in order; returns the nanoseconds they took together. */
    long replay(List<SdkRecorder.Recorded> calls) {
        long started = System.nanoTime();
        for (SdkRecorder.Recorded call : calls) {
            try {
                send(call.request());
            } catch (DynamoDbException refusedOnReplay) {
                refused++;
            }
        }
        return System.nanoTime() - started;
    }

    long refused() {
        return refused;
    }

    private void send(SdkRequest request) {
        if (request instanceof GetItemRequest get) {
            db.getItem(get);
        } else if (request instanceof BatchGetItemRequest batchGet) {
            db.batchGetItem(batchGet);
        } else if (request instanceof QueryRequest query) {
            db.query(query);
        } else if (request instanceof PutItemRequest put) {
            db.putItem(put);
        } else if (request instanceof UpdateItemRequest update) {
            db.updateItem(update);
        } else if (request instanceof DeleteItemRequest delete) {
            db.deleteItem(delete);
        } else if (request instanceof TransactWriteItemsRequest transactWrite) {
            db.transactWriteItems(transactWrite);
        } else if (request instanceof TransactGetItemsRequest transactGet) {
            db.transactGetItems(transactGet);
        } else if (request instanceof BatchWriteItemRequest batchWrite) {
            db.batchWriteItem(batchWrite);
        } else if (request instanceof ScanRequest scan) {
            db.scan(scan);
        } else {
            throw new IllegalArgumentException("No replay for " + request.getClass().getSimpleName());
        }
    }
}
