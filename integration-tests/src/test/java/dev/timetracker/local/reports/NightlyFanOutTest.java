package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.local.stack.QueueEventSources;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The nightly job above its fan-out threshold: the coordinator sends the clocks to NightlyClockPagesQueue and the
 * same function, invoked by the queue's event source as template.yaml declares it, closes them; the worker that
 * completes the last page writes the files. The result is the same as one invocation's over the same data; a page
 * that fails comes back after the queue's visibility timeout and is counted once; a page that always fails ends in
 * the dead-letter queue after maxReceiveCount receives.
 */
@ExtendWith(LocalAwsExtension.class)
class NightlyFanOutTest {
    private static final String FUNCTION = "DailyAggregationFunction";
    private static final String QUEUE = "NightlyClockPagesQueue";
    private static final String DEAD_LETTERS = "NightlyClockPagesDeadLetterQueue";
    private static final Instant AT = Instant.parse("2026-03-30T13:00:00Z");
    /** 25 clocks, 4 per message: 7 pages. */
    private static final int PER_MESSAGE = 4;

    private static final int PAGES = 7;
    /** template.yaml's VisibilityTimeout of the queue. */
    private static final Duration VISIBILITY = Duration.ofSeconds(5400);

    private TestStack stack;
    private final MutableClock queueClock = new MutableClock(Instant.parse("2026-11-01T00:00:00Z"));

    @BeforeEach
    void emptyQueues(TestStack stack) {
        this.stack = stack;
        stack.aws().queues().purge(QUEUE);
        stack.aws().queues().purge(DEAD_LETTERS);
        stack.aws().queues().useClock(queueClock);
    }

    @AfterEach
    void realTime() {
        stack.aws().queues().useClock(Clock.systemUTC());
    }

    @Test
    void aFannedOutRunEndsExactlyLikeOneInvocationOverTheSameData() {
        Dataset inline = AggregationRunTest.seeded(stack);
        ObjectNode reference = inline.aggregation(Clock.fixed(AT, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(AT), () -> Long.MAX_VALUE);
        assertEquals("done", reference.get("status").asText(), reference::toString);

        Dataset data = AggregationRunTest.seeded(stack);
        DailyAggregationHandler handler = data.aggregationFanningOut(
                data.deployment(FUNCTION).db(), Clock.fixed(AT, ZoneOffset.UTC), 10, PER_MESSAGE);
        ObjectNode coordinator = handler.handle(Week.scheduledEvent(AT), () -> Long.MAX_VALUE);
        assertEquals("fanned_out", coordinator.get("status").asText(), coordinator::toString);
        assertEquals(PAGES, coordinator.get("pages").asInt());
        assertEquals(PAGES, stack.aws().queues().size(QUEUE));
        assertEquals(0, data.objectKeys("exports/daily/").size(), "no file before the pages are done");

        QueueEventSources.Drained drained = stack.queues(FUNCTION, handler).drain();
        assertEquals(PAGES, drained.messages());
        assertEquals(0, drained.failedInvocations());
        assertTrue(drained.maxConcurrent() <= 50, "ScalingConfig.MaximumConcurrency: " + drained);
        assertEquals(0, stack.aws().queues().size(QUEUE), "every page deleted");

        Map<String, AttributeValue> run = data.item(data.timeTable, "AGGREGATION", "scheduled-" + AT);
        assertEquals("DONE", run.get("phase").s(), run::toString);
        assertEquals(PAGES, Integer.parseInt(run.get("pages_done_count").n()));
        assertEquals(25, Integer.parseInt(run.get("processed").n()));
        assertEquals(
                AT.plus(Dataset.FIXED_DATE_CHECKPOINTS_KEPT).getEpochSecond(),
                Long.parseLong(run.get("expires_at").n()),
                "the checkpoint expires, counted from the run's start");
        assertSameResult(inline, data);
    }

    @Test
    void aPageThatFailsComesBackAfterTheVisibilityTimeoutAndCountsOnce() {
        Dataset data = AggregationRunTest.seeded(stack);
        DailyAggregationHandler coordinator = data.aggregationFanningOut(
                data.deployment(FUNCTION).db(), Clock.fixed(AT, ZoneOffset.UTC), 10, PER_MESSAGE);
        coordinator.handle(Week.scheduledEvent(AT), () -> Long.MAX_VALUE);
        // Duplicate delivery (SQS standard queues deliver at least once): page 0 twice.
        String firstPage = stack.aws().queues().bodies(QUEUE).get(0);
        stack.aws().queues().send(QUEUE, firstPage);

        // The worker's first two "page done" updates fail (throttled, say): those pages are reported as failed.
        AtomicInteger failuresLeft = new AtomicInteger(2);
        try (DynamoDbClient flaky = AwsClients.dynamoDbBuilder(
                        data.deployment(FUNCTION).environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        if (context.request() instanceof UpdateItemRequest update
                                                && update.updateExpression().startsWith("ADD pages_done")
                                                && failuresLeft.getAndDecrement() > 0) {
                                            throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException
                                                    .builder()
                                                    .message("throttled (test)")
                                                    .statusCode(400)
                                                    .build();
                                        }
                                    }
                                })
                                .build())
                .build()) {
            DailyAggregationHandler worker =
                    data.aggregationFanningOut(flaky, Clock.fixed(AT, ZoneOffset.UTC), 10, PER_MESSAGE);
            QueueEventSources.Drained first = stack.queues(FUNCTION, worker).drain();
            assertEquals(PAGES + 1, first.messages());
            assertEquals(2, first.failedInvocations());
            assertEquals(2, stack.aws().queues().size(QUEUE), "the failed pages stay, invisible");
            assertEquals(0, stack.aws().queues().visible(QUEUE));
            assertEquals(
                    "FANNED_OUT",
                    data.item(data.timeTable, "AGGREGATION", "scheduled-" + AT)
                            .get("phase")
                            .s());

            queueClock.advance(VISIBILITY.minusSeconds(1));
            assertEquals(0, stack.queues(FUNCTION, worker).drain().messages(), "still invisible");
            queueClock.advance(Duration.ofSeconds(1));
            QueueEventSources.Drained again = stack.queues(FUNCTION, worker).drain();
            assertEquals(2, again.messages());
            assertEquals(0, again.failedInvocations());
        }
        Map<String, AttributeValue> run = data.item(data.timeTable, "AGGREGATION", "scheduled-" + AT);
        assertEquals("DONE", run.get("phase").s(), run::toString);
        assertEquals(PAGES, Integer.parseInt(run.get("pages_done_count").n()), "the page delivered twice counts once");
        assertEquals(7, data.objectKeys("exports/daily/").size());
    }

    @Test
    void aPageThatAlwaysFailsGoesToTheDeadLetterQueueAfterFiveReceives() {
        Dataset data = AggregationRunTest.seeded(stack);
        DailyAggregationHandler worker = data.aggregationFanningOut(
                data.deployment(FUNCTION).db(), Clock.fixed(AT, ZoneOffset.UTC), 10, PER_MESSAGE);
        stack.aws().queues().send(QUEUE, "{\"not\": \"a page\"}");
        for (int receive = 1; receive <= 5; receive++) {
            assertEquals(1, stack.queues(FUNCTION, worker).drain().failedInvocations(), "receive " + receive);
            queueClock.advance(VISIBILITY);
        }
        assertEquals(0, stack.queues(FUNCTION, worker).drain().messages(), "moved, not delivered a sixth time");
        assertEquals(0, stack.aws().queues().size(QUEUE));
        assertEquals(
                java.util.List.of("{\"not\": \"a page\"}"), stack.aws().queues().bodies(DEAD_LETTERS));
    }

    private static void assertSameResult(Dataset expected, Dataset actual) {
        assertEquals(
                withoutCheckpoints(expected.items(expected.timeTable)),
                withoutCheckpoints(actual.items(actual.timeTable)));
        assertEquals(expected.items(expected.auditTable), actual.items(actual.auditTable));
        for (LocalDate date : LocalDate.parse("2026-03-23")
                .datesUntil(LocalDate.parse("2026-03-30"))
                .toList()) {
            assertArrayEquals(
                    expected.object("exports/daily/" + date + ".csv"),
                    actual.object("exports/daily/" + date + ".csv"),
                    date.toString());
        }
    }

    private static Map<String, Map<String, AttributeValue>> withoutCheckpoints(
            Map<String, Map<String, AttributeValue>> items) {
        Map<String, Map<String, AttributeValue>> kept = new TreeMap<>(items);
        kept.keySet().removeIf(key -> key.startsWith("AGGREGATION|"));
        return kept;
    }
}
