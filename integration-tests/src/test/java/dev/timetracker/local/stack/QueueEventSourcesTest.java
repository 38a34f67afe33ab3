package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.sqs.SqsEmulator;
import dev.timetracker.local.template.QueueEventSource;
import dev.timetracker.local.template.QueueResource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lambda's SQS poller as the local stack emulates it: never more invocations at once than MaximumConcurrency (and
 * that many when there is work), and with ReportBatchItemFailures only the messages named stay in the queue.
 */
class QueueEventSourcesTest {
    @Test
    void invocationsAtOnceReachButNeverExceedMaximumConcurrency() throws InterruptedException {
        try (SqsEmulator queues = SqsEmulator.start(List.of(new QueueResource("Work", 60, null, 0)))) {
            for (int i = 0; i < 6; i++) {
                queues.send("Work", "message " + i);
            }
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            // The first two invocations wait for each other: both run at once before either ends.
            CountDownLatch bothRunning = new CountDownLatch(2);
            QueueEventSources sources = new QueueEventSources(
                    queues,
                    (function, event) -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        bothRunning.countDown();
                        try {
                            assertTrue(bothRunning.await(30, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        running.decrementAndGet();
                        return Json.object();
                    },
                    List.of(new QueueEventSource("Fn", "Work", "Work", 1, 2, true)));
            QueueEventSources.Drained drained = sources.drain();
            assertEquals(6, drained.invocations());
            assertEquals(2, most.get());
            assertEquals(2, drained.maxConcurrent());
            assertEquals(0, queues.size("Work"));
        }
    }

    @Test
    void onlyTheMessagesReportedAsFailedStayInTheQueue() {
        try (SqsEmulator queues = SqsEmulator.start(List.of(new QueueResource("Work", 60, null, 0)))) {
            queues.send("Work", "good");
            queues.send("Work", "bad");
            QueueEventSources sources = new QueueEventSources(
                    queues,
                    (function, event) -> {
                        ObjectNode response = Json.object();
                        var failures = response.putArray("batchItemFailures");
                        event.path("Records").forEach(record -> {
                            if (record.path("body").asText().equals("bad")) {
                                failures.addObject()
                                        .put(
                                                "itemIdentifier",
                                                record.path("messageId").asText());
                            }
                        });
                        return response;
                    },
                    List.of(new QueueEventSource("Fn", "Work", "Work", 10, 2, true)));
            QueueEventSources.Drained drained = sources.drain();
            assertEquals(2, drained.messages());
            assertEquals(List.of("bad"), queues.bodies("Work"));
            assertEquals(0, queues.visible("Work"), "invisible until the visibility timeout");
        }
    }
}
