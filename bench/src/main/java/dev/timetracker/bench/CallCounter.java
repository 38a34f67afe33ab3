package dev.timetracker.bench;

import dev.timetracker.adapters.config.Environment;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Counts SDK calls by operation and keeps nothing else, so that counting thousands of calls costs no heap (unlike
 * {@link SdkRecorder}, which keeps each request to replay it). Thread-safe: the nightly job closes clocks on eight.
 */
final class CallCounter implements ExecutionInterceptor {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** A DynamoDB client set up as every function's, counting into a new counter. */
    static DynamoDbClient countingClient(CallCounter counter, Environment environment) {
        return BenchStack.dynamoDb(environment, counter);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        counts.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), name -> new LongAdder())
                .increment();
    }

    void reset() {
        counts.clear();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** "12,345 (Query ×100, TransactWriteItems ×10,000, ...)". */
    String summary() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((operation, count) -> sorted.put(operation, count.sum()));
        long total = sorted.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder text = new StringBuilder(Stats.count(total)).append(" (");
        sorted.forEach((operation, count) ->
                text.append(operation).append(" ×").append(Stats.count(count)).append(", "));
        return (sorted.isEmpty() ? text.append("none") : text.delete(text.length() - 2, text.length()))
                .append(")")
                .toString();
    }
}
