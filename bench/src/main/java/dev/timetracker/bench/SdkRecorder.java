package dev.timetracker.bench;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records the SDK calls a client makes while recording is on: one entry per {@code beforeExecution}, that is per
 * call the code makes (the SDK's own retries of a call are not separate executions), with the operation name and
 * the request object itself, so that the same requests can be replayed.
 */
final class SdkRecorder implements ExecutionInterceptor {
    record Recorded(String operation, SdkRequest request) {}

    private List<Recorded> recording;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        synchronized (this) {
            if (recording != null) {
                recording.add(
                        new Recorded(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), context.request()));
            }
        }
    }

    synchronized void start() {
        recording = new ArrayList<>();
    }

    /** What was recorded since {@link #start()}, in call order; recording stops. */
    synchronized List<Recorded> stop() {
        List<Recorded> recorded = recording == null ? List.of() : List.copyOf(recording);
        recording = null;
        return recorded;
    }

    static List<String> operations(List<Recorded> recorded) {
        return recorded.stream().map(Recorded::operation).toList();
    }

    /** "1: GetItem" or "3: BatchGetItem, GetItem, Query"; see {@link #sequence}. */
    static String describe(List<Recorded> recorded) {
        return recorded.size() + (recorded.isEmpty() ? "" : ": " + sequence(recorded));
    }

    /** The operations in call order, a run of the same one written once with its count: "BatchGetItem, Query ×50". */
    static String sequence(List<Recorded> recorded) {
        List<String> parts = new ArrayList<>();
        List<String> operations = operations(recorded);
        for (int i = 0; i < operations.size(); ) {
            int run = 1;
            while (i + run < operations.size() && operations.get(i + run).equals(operations.get(i))) {
                run++;
            }
            parts.add(operations.get(i) + (run > 1 ? " ×" + run : ""));
            i += run;
        }
        return String.join(", ", parts);
    }
}
