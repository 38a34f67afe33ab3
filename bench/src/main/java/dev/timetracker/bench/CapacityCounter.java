package dev.timetracker.bench;

import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts DynamoDB calls and the capacity units they consume, whatever code makes them: every request is sent
 * with ReturnConsumedCapacity=TOTAL (which changes nothing else about it) and the units each response reports are
 * added up, reads (GetItem, BatchGetItem, Query, Scan, TransactGetItems) apart from writes. Units are what
 * DynamoDB bills: a strongly consistent read of up to 4 KB is one read unit, an eventually consistent one half
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html); the emulator
 * computes them the same way. Thread-safe: the nightly job calls from several threads.
 */
final class CapacityCounter implements ExecutionInterceptor {
    private final LongAdder calls = new LongAdder();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();

    record Totals(long calls, double readUnits, double writeUnits) {}

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof GetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof ScanRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactGetItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof PutItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchWriteItemRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactWriteItemsRequest r) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        calls.increment();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        if (response instanceof GetItemResponse r) {
            readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof BatchGetItemResponse r) {
            readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof QueryResponse r) {
            readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof ScanResponse r) {
            readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof TransactGetItemsResponse r) {
            readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof PutItemResponse r) {
            writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof UpdateItemResponse r) {
            writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof DeleteItemResponse r) {
            writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof BatchWriteItemResponse r) {
            writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof TransactWriteItemsResponse r) {
            writeUnits.add(units(r.consumedCapacity()));
        }
    }

    private static double units(ConsumedCapacity consumed) {
        return consumed == null || consumed.capacityUnits() == null ? 0 : consumed.capacityUnits();
    }

    private static double units(List<ConsumedCapacity> consumed) {
        return consumed == null
                ? 0
                : consumed.stream().mapToDouble(CapacityCounter::units).sum();
    }

    /** What was counted since the last take; counting starts afresh. */
    synchronized Totals take() {
        return new Totals(calls.sumThenReset(), readUnits.sumThenReset(), writeUnits.sumThenReset());
    }
}
