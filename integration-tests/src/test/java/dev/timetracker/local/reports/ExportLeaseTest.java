package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Week.ANNA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.report.ExportJobs;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.report.ExportJob;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The export worker takes a job with a conditional lease: two runs that overlap never write the same export, and
 * a run that crashed holding a job only delays it until the lease expires. Workers run as the template's
 * DailyAggregationFunction (its credentials, so its policy must allow the lease's UpdateItem).
 */
@ExtendWith(LocalAwsExtension.class)
class ExportLeaseTest {
    /** Far ahead of the real clock: a job expires by TTL a week after it was asked for, and the emulator's sweep
     * (real time) would delete a job asked for in the past in the middle of a test. */
    private static final Instant DUE = Instant.parse("2099-11-20T10:00:00Z");

    private static final String FUNCTION = "DailyAggregationFunction";

    /**
     * Both runs list the job before either takes it (each waits at its lease until the other has got there too),
     * the worst interleaving for a check-then-act worker: exactly one writes the file.
     */
    @Test
    void twoOverlappingRunsListingTheSameJobWriteItOnce(TestStack stack) throws Exception {
        Dataset data = Dataset.fresh(stack).standardHours();
        ExportJobs jobs = new ExportJobs(stack.dynamoDb(), data.exportsTable);
        String id = "overlapping-runs";
        jobs.save(job(id), DUE);
        stack.awaitIndexes();

        CyclicBarrier bothListedIt = new CyclicBarrier(2);
        UploadCounter uploads = new UploadCounter();
        Environment function = stack.deployment(FUNCTION).environment();
        try (DynamoDbClient db = AwsClients.dynamoDbBuilder(
                                function,
                                ClientOverrideConfiguration.builder()
                                        .addExecutionInterceptor(new MeetAtLease(data.exportsTable, bothListedIt))
                                        .build())
                        .build();
                S3Client s3 = S3Clients.s3Builder(function)
                        .overrideConfiguration(o -> o.addExecutionInterceptor(uploads))
                        .build()) {
            Clock clock = Clock.fixed(DUE.plusSeconds(1), ZoneOffset.UTC);
            List<DailyAggregationHandler> workers =
                    List.of(data.aggregation(db, s3, clock), data.aggregation(db, s3, clock));

            ExecutorService runs = Executors.newFixedThreadPool(2);
            List<ObjectNode> summaries = new ArrayList<>();
            try {
                List<Future<ObjectNode>> running = new ArrayList<>();
                workers.forEach(worker -> running.add(runs.submit(() -> run(worker))));
                for (Future<ObjectNode> run : running) {
                    summaries.add(run.get(60, TimeUnit.SECONDS));
                }
            } finally {
                runs.shutdownNow();
            }

            assertEquals(List.of(id), all(summaries, "ready"), "written by one run: " + summaries);
            assertEquals(List.of(id), all(summaries, "held_elsewhere"), "skipped by the other: " + summaries);
            assertEquals(1, uploads.count.get(), "one file upload");
        }
        ExportJob done = jobs.find(id, DUE).orElseThrow();
        assertEquals(ExportJob.Status.READY, done.status());
        assertEquals(1, done.attempts());
        assertFalse(
                data.item(data.exportsTable, "EXPORT#" + id, "EXPORT").containsKey("lease_owner"),
                "the saved outcome ends the lease");
    }

    @Test
    void aJobHeldByARunThatCrashedIsTakenAgainOnceItsLeaseHasExpired(TestStack stack) {
        Dataset data = Dataset.fresh(stack).standardHours();
        ExportJobs jobs = new ExportJobs(stack.dynamoDb(), data.exportsTable);
        String id = "crashed-run";
        jobs.save(job(id), DUE);

        assertTrue(
                jobs.lease(id, "too-early", DUE.minusSeconds(1), DUE.plusSeconds(60))
                        .isEmpty(),
                "not due yet");
        // A run takes the job and dies (timeout, out of memory) without saving an outcome.
        assertTrue(
                jobs.lease(id, "crashed", DUE, DUE.plus(Duration.ofMinutes(15))).isPresent());

        MutableClock clock = new MutableClock(DUE.plus(Duration.ofMinutes(1)));
        DailyAggregationHandler worker = data.aggregation(clock);
        ObjectNode whileHeld = run(stack, worker);
        assertEquals(List.of(), texts(whileHeld.get("ready")), whileHeld::toString);
        assertEquals(List.of(id), texts(whileHeld.get("held_elsewhere")), whileHeld::toString);

        clock.advance(Duration.ofMinutes(14)); // the lease ends at DUE + 15 min, exactly now
        ObjectNode afterExpiry = run(stack, worker);
        assertEquals(List.of(id), texts(afterExpiry.get("ready")), afterExpiry::toString);
        assertEquals(
                ExportJob.Status.READY,
                jobs.find(id, clock.instant()).orElseThrow().status());

        assertTrue(
                jobs.lease(
                                id,
                                "late",
                                clock.instant().plusSeconds(60),
                                clock.instant().plusSeconds(120))
                        .isEmpty(),
                "a finished job is never taken again");
    }

    private static ExportJob job(String id) {
        LocalDate day = LocalDate.parse("2026-03-23");
        return new ExportJob(
                id,
                ExportJob.Status.PENDING,
                new DateRange(day, day),
                List.of(ANNA),
                "test",
                DUE.minusSeconds(60),
                null,
                0,
                null,
                0);
    }

    private static ObjectNode run(TestStack stack, DailyAggregationHandler worker) {
        stack.awaitIndexes();
        return run(worker);
    }

    private static ObjectNode run(DailyAggregationHandler worker) {
        return worker.handle(Json.mapper().valueToTree(Map.of("job", "exports")), () -> Long.MAX_VALUE);
    }

    private static List<String> all(List<ObjectNode> summaries, String outcome) {
        List<String> ids = new ArrayList<>();
        summaries.forEach(summary -> ids.addAll(texts(summary.get(outcome))));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array != null) {
            array.forEach(item -> texts.add(item.asText()));
        }
        return texts;
    }

    /** Holds each UpdateItem on the exports table (the lease) until two runs have reached it. */
    private record MeetAtLease(String exportsTable, CyclicBarrier barrier) implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (context.request() instanceof UpdateItemRequest update
                    && update.tableName().equals(exportsTable)) {
                try {
                    barrier.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the other run never reached its lease", e);
                }
            }
        }
    }

    private static final class UploadCounter implements ExecutionInterceptor {
        private static final Set<String> STARTS = Set.of("PutObject", "CreateMultipartUpload");
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if (STARTS.contains(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
                count.incrementAndGet();
            }
        }
    }
}
