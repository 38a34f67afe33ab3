package dev.timetracker.local.api;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Makes two requests race where it matters: a DynamoDB client whose next two TransactWriteItems calls wait for
 * each other, so both requests have done all their reads (token, record) before either writes. Whatever the
 * scheduler does, the two writes then meet; without the gate, one request often finishes before the other
 * starts and a missing guard goes unnoticed.
 */
final class TransactionGate implements ExecutionInterceptor, AutoCloseable {
    private volatile CountDownLatch arrivals = new CountDownLatch(0);
    private final TestStack stack;
    private final Map<String, DynamoDbClient> clients = new ConcurrentHashMap<>();

    TransactionGate(TestStack stack) {
        this.stack = stack;
    }

    /** One function's deployment, on a gated client with that function's identity. */
    Deployment deployment(String functionLogicalId) {
        DynamoDbClient client = clients.computeIfAbsent(
                functionLogicalId,
                id -> AwsClients.dynamoDbBuilder(
                                stack.deployment(id).environment(),
                                ClientOverrideConfiguration.builder()
                                        .addExecutionInterceptor(this)
                                        .build())
                        .build());
        return stack.deployment(functionLogicalId).withDb(client);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!"TransactWriteItems".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            return;
        }
        CountDownLatch gate = arrivals;
        gate.countDown();
        try {
            // Bounded, so that a request that never writes (a bug in the code under test) fails the test, not hangs it.
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("The other request never reached its transaction");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs both at once, their next two transactions meeting at the gate; returns their results in order. */
    <T> List<T> race(Callable<T> first, Callable<T> second) {
        arrivals = new CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
            arrivals = new CountDownLatch(0);
        }
    }

    @Override
    public void close() {
        clients.values().forEach(DynamoDbClient::close);
    }
}
