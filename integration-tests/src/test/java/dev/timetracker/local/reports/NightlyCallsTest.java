package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the nightly job costs per clock with finished days (issue 11: at most 2 DynamoDB calls): the calls of a run
 * over 30 clocks minus those of a run over 10 identical ones, divided by the 20 clocks between (a resolution of
 * 0.05 calls per clock; the runs' own retries of batches handed back move it by a tenth at most). Every clock has a
 * finished Monday and a Tuesday closed automatically (a forgotten punch-out), so both days become final in the
 * run. The fixed part (business hours, the files of the week, checkpoints) cancels out.
 */
@ExtendWith(LocalAwsExtension.class)
class NightlyCallsTest {
    private static final Instant AT = Instant.parse("2026-03-30T13:00:00Z");
    private static final int SMALL = 10;
    private static final int LARGE = 30;

    @Test
    void aClockWithFinishedDaysCostsAtMostTwoCalls(TestStack stack) {
        Map<String, Integer> small = callsOfARun(stack, SMALL);
        Map<String, Integer> large = callsOfARun(stack, LARGE);
        int smallTotal = small.values().stream().mapToInt(Integer::intValue).sum();
        int largeTotal = large.values().stream().mapToInt(Integer::intValue).sum();
        double perClock = (largeTotal - smallTotal) / (double) (LARGE - SMALL);
        String detail = SMALL + " clocks: " + small + "; " + LARGE + " clocks: " + large;
        System.out.println("Nightly calls per clock: " + perClock + " (" + detail + ")");
        assertTrue(perClock <= 2.0, perClock + " calls per clock; " + detail);
        // One transaction per clock: sessions, entries, clock change, auto punch_out and its audit record together.
        assertEquals(LARGE - SMALL, large.get("TransactWriteItems") - small.get("TransactWriteItems"), detail);
    }

    @Test
    void theHttpConnectionPoolKeepsAConnectionForEveryWorkerThread() throws ClassNotFoundException {
        // Loading the handler class sets the JVM's keep-alive pool (before any connection in a Lambda process).
        Class.forName(DailyAggregationHandler.class.getName());
        assertTrue(DailyAggregationHandler.HTTP_CONNECTIONS >= DailyAggregationHandler.WORKER_THREADS);
        assertTrue(
                Integer.getInteger("http.maxConnections", 5) >= DailyAggregationHandler.WORKER_THREADS,
                "http.maxConnections = " + System.getProperty("http.maxConnections"));
    }

    private static Map<String, Integer> callsOfARun(TestStack stack, int clocks) {
        Dataset data = AggregationRunTest.seeded(stack, clocks).clocksPerPage(100);
        Map<String, AtomicInteger> calls = new TreeMap<>();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                synchronized (calls) {
                    calls.computeIfAbsent(
                                    attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                                    name -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        };
        try (DynamoDbClient client = AwsClients.dynamoDbBuilder(
                        data.deployment("DailyAggregationFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(counter)
                                .build())
                .build()) {
            var summary = data.aggregation(client, stack.s3(), Clock.fixed(AT, ZoneOffset.UTC))
                    .handle(Week.scheduledEvent(AT), () -> Long.MAX_VALUE);
            assertEquals("done", summary.get("status").asText(), summary::toString);
        }
        Map<String, Integer> counted = new TreeMap<>();
        calls.forEach((operation, count) -> counted.put(operation, count.get()));
        return counted;
    }
}
