package dev.timetracker.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.iam.LocalArns;
import dev.timetracker.local.sqs.SqsEmulator;
import dev.timetracker.local.template.QueueEventSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Lambda's SQS pollers for the template's SQS events, in this JVM: each reads batches of up to BatchSize messages
 * and invokes the function with them, at most ScalingConfig.MaximumConcurrency invocations at once
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html#events-sqs-max-concurrency). As in AWS
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html):
 * <ul>
 *   <li>a successful invocation deletes the batch;</li>
 *   <li>an invocation that fails leaves the whole batch in the queue, visible again after the visibility timeout;</li>
 *   <li>with ReportBatchItemFailures, the messages named in {@code batchItemFailures} stay and the others are
 *       deleted; a response naming an id that is not in the batch (or an empty one) fails the whole batch.</li>
 * </ul>
 * {@link #drain()} runs the pollers until no message is visible (tests move the queue's clock past a visibility
 * timeout to see failed messages again); {@link #startPolling} runs them in the background for the local stack.
 */
public final class QueueEventSources implements AutoCloseable {
    /** What one drain did, for tests and the local stack's log. */
    public record Drained(int invocations, int messages, int failedInvocations, int maxConcurrent) {}

    /** Invokes a function of the template with an event (the local stack: {@link FunctionHost#invoke}). */
    public interface Invoker {
        JsonNode invoke(String functionLogicalId, JsonNode event);
    }

    private final SqsEmulator queues;
    private final Invoker functions;
    private final List<QueueEventSource> sources;
    private volatile Thread poller;

    public QueueEventSources(SqsEmulator queues, Invoker functions, List<QueueEventSource> sources) {
        this.queues = queues;
        this.functions = functions;
        this.sources = List.copyOf(sources);
    }

    /** Every source, one after another, until none of their queues has a visible message. */
    public Drained drain() {
        Drained total = new Drained(0, 0, 0, 0);
        for (QueueEventSource source : sources) {
            Drained one = drain(source);
            total = new Drained(
                    total.invocations() + one.invocations(),
                    total.messages() + one.messages(),
                    total.failedInvocations() + one.failedInvocations(),
                    Math.max(total.maxConcurrent(), one.maxConcurrent()));
        }
        return total;
    }

    private Drained drain(QueueEventSource source) {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger invocations = new AtomicInteger();
        AtomicInteger messages = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pollers = Executors.newFixedThreadPool(source.maximumConcurrency(), runnable -> {
            Thread thread = new Thread(runnable, "sqs-poller-" + source.eventId());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pollerTasks = new ArrayList<>();
            for (int i = 0; i < source.maximumConcurrency(); i++) {
                pollerTasks.add(pollers.submit(() -> {
                    while (true) {
                        List<SqsEmulator.Received> batch = queues.receive(source.queueLogicalId(), source.batchSize());
                        if (batch.isEmpty()) {
                            return;
                        }
                        maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
                        try {
                            invocations.incrementAndGet();
                            messages.addAndGet(batch.size());
                            if (!invoke(source, batch)) {
                                failed.incrementAndGet();
                            }
                        } finally {
                            running.decrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> poller : pollerTasks) {
                poller.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("SQS poller failed", e.getCause());
        } finally {
            pollers.shutdownNow();
        }
        return new Drained(invocations.get(), messages.get(), failed.get(), maxConcurrent.get());
    }

    /** @return whether the whole batch succeeded */
    private boolean invoke(QueueEventSource source, List<SqsEmulator.Received> batch) {
        JsonNode response;
        try {
            response = functions.invoke(source.functionLogicalId(), event(source, batch));
        } catch (RuntimeException failure) {
            // The function failed: every message stays and comes back after its visibility timeout.
            return false;
        }
        Set<String> failedIds = new HashSet<>();
        if (source.reportBatchItemFailures()) {
            Set<String> inBatch = new HashSet<>();
            batch.forEach(message -> inBatch.add(message.messageId()));
            for (JsonNode failure : response.path("batchItemFailures")) {
                String id = failure.path("itemIdentifier").asText("");
                if (!inBatch.contains(id)) {
                    return false;
                }
                failedIds.add(id);
            }
        }
        for (SqsEmulator.Received message : batch) {
            if (!failedIds.contains(message.messageId())) {
                queues.delete(source.queueLogicalId(), message.receiptHandle());
            }
        }
        return failedIds.isEmpty();
    }

    /** The event Lambda passes, https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html#example-standard-queue-message-event */
    static ObjectNode event(QueueEventSource source, List<SqsEmulator.Received> batch) {
        ObjectNode event = Json.object();
        var records = event.putArray("Records");
        for (SqsEmulator.Received message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            record.putObject("attributes")
                    .put("ApproximateReceiveCount", Integer.toString(message.receiveCount()))
                    .put("SentTimestamp", Long.toString(message.sentAt().toEpochMilli()))
                    .put("SenderId", LocalArns.ACCOUNT)
                    .put(
                            "ApproximateFirstReceiveTimestamp",
                            Long.toString(message.firstReceivedAt().toEpochMilli()));
            record.putObject("messageAttributes");
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", LocalArns.queue(source.queueLogicalId()));
            record.put("awsRegion", LocalArns.REGION);
        }
        return event;
    }

    /** Polls in the background for the local stack (Lambda long-polls; here every {@code interval}). */
    public synchronized void startPolling(Consumer<String> log, java.time.Duration interval) {
        if (poller != null) {
            return;
        }
        poller = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        Drained drained = drain();
                        if (drained.invocations() > 0) {
                            log.accept("sqs: " + drained);
                        }
                        try {
                            Thread.sleep(interval.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "sqs-event-sources");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.interrupt();
        }
    }
}
