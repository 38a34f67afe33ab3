package dev.timetracker.local.template;

import static dev.timetracker.local.template.SamTemplate.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Operations as template.yaml sets them up (nothing here can be run without AWS, so the template is checked):
 * failed scheduled work lands in a dead-letter queue, alarms watch it, logs are kept a bounded time, and the
 * HTTP API has the CORS rules the local stack applies. The local stack itself builds only functions, tables and
 * buckets and ignores the queue, alarms and log groups (every test of the suite starts it from this template).
 */
class ScheduledWorkTemplateTest {
    private final SamTemplate template = SamTemplate.load(SamTemplate.locate());
    private final Map<String, Map<String, Object>> resources = template.resources();

    @Test
    void failedScheduledWorkEndsInARetainedQueueNotOnlyInTheLogs() {
        Map<String, Object> nightly = properties("DailyAggregationFunction");
        Map<String, Object> onFailure =
                map(map(map(nightly.get("EventInvokeConfig")).get("DestinationConfig"))
                        .get("OnFailure"));
        assertEquals("SQS", onFailure.get("Type"));
        String queue = getAttTarget(onFailure.get("Destination"));
        assertEquals("AWS::SQS::Queue", template.resourceType(queue));
        assertEquals(1209600, properties(queue).get("MessageRetentionPeriod"), "14 days, the maximum");

        map(nightly.get("Events")).forEach((id, event) -> {
            if (!"Schedule".equals(map(event).get("Type"))) {
                return; // the fan-out's SQS event: its queue has its own redrive (see below)
            }
            Map<String, Object> schedule = map(map(event).get("Properties"));
            assertEquals(
                    queue, getAttTarget(map(schedule.get("DeadLetterConfig")).get("Arn")), id);
            assertFalse(map(schedule.get("RetryPolicy")).isEmpty(), id);
        });
        // EventBridge needs the queue's permission; Lambda's destination gets its own from SAM.
        assertTrue(resources.values().stream()
                .anyMatch(resource -> "AWS::SQS::QueuePolicy".equals(resource.get("Type"))
                        && map(resource.get("Properties")).toString().contains("events.amazonaws.com")));
    }

    @Test
    void theNightlyFanOutQueueFeedsTheFunctionAsLambdaAsks() {
        Map<String, Object> nightly = properties("DailyAggregationFunction");
        Map<String, Object> pages =
                map(map(map(nightly.get("Events")).get("ClockPages")).get("Properties"));
        String queue = getAttTarget(pages.get("Queue"));
        assertEquals("NightlyClockPagesQueue", queue);
        assertEquals(List.of("ReportBatchItemFailures"), pages.get("FunctionResponseTypes"));
        int concurrency = ((Number) map(pages.get("ScalingConfig")).get("MaximumConcurrency")).intValue();
        assertTrue(concurrency >= 2 && concurrency <= 1000, "MaximumConcurrency: 2 to 1000");
        // Visibility timeout at least six times the function's timeout (services-sqs-configure.html).
        int timeout = ((Number) nightly.get("Timeout")).intValue();
        assertTrue(((Number) properties(queue).get("VisibilityTimeout")).intValue() >= 6 * timeout);
        Map<String, Object> redrive = map(properties(queue).get("RedrivePolicy"));
        String deadLetters = getAttTarget(redrive.get("deadLetterTargetArn"));
        assertEquals("AWS::SQS::Queue", template.resourceType(deadLetters));
        assertTrue(((Number) redrive.get("maxReceiveCount")).intValue() >= 5);
        assertTrue(
                resources.values().stream()
                        .anyMatch(resource -> "AWS::CloudWatch::Alarm".equals(resource.get("Type"))
                                && map(resource.get("Properties")).toString().contains(deadLetters)),
                "an alarm on " + deadLetters);
        assertTrue(nightly.get("Policies").toString().contains("sqs:SendMessage"));
        Map<String, Object> variables = map(map(nightly.get("Environment")).get("Variables"));
        assertEquals(Map.of("Ref", queue), variables.get("NIGHTLY_QUEUE_URL"));
        assertTrue(variables.containsKey("NIGHTLY_FAN_OUT_ABOVE") && variables.containsKey("NIGHTLY_CHECKPOINT_DAYS"));
    }

    @Test
    void alarmsWatchTheScheduledWorkItsQueueAndTheApi() {
        List<String> watched = new ArrayList<>();
        resources.values().stream()
                .filter(resource -> "AWS::CloudWatch::Alarm".equals(resource.get("Type")))
                .map(resource -> map(resource.get("Properties")))
                .forEach(alarm -> {
                    watched.add(alarm.get("Namespace") + "/" + alarm.get("MetricName"));
                    list(alarm.get("Metrics")).forEach(query -> {
                        Map<String, Object> metric =
                                map(map(map(query).get("MetricStat")).get("Metric"));
                        if (!metric.isEmpty()) {
                            watched.add(metric.get("Namespace") + "/" + metric.get("MetricName"));
                        }
                    });
                });
        for (String metric : List.of(
                "AWS/Lambda/Errors",
                "AWS/SQS/ApproximateNumberOfMessagesVisible",
                "AWS/ApiGateway/5xx",
                "AWS/Lambda/Throttles")) {
            assertTrue(watched.contains(metric), metric + " in " + watched);
        }
    }

    @Test
    void everyFunctionLogsToAGroupWithARetention() {
        for (FunctionResource function : template.functions()) {
            Object logGroup =
                    map(properties(function.logicalId()).get("LoggingConfig")).get("LogGroup");
            String group = String.valueOf(map(logGroup).get("Ref"));
            assertEquals("AWS::Logs::LogGroup", template.resourceType(group), function.logicalId());
            assertTrue(properties(group).containsKey("RetentionInDays"), group);
        }
    }

    @Test
    void theApiAllowsBrowsersFromTheConfiguredOriginsWithTheHeadersClientsSend() {
        HttpApiCors cors = template.httpApiCors().orElseThrow();
        assertEquals(List.of("http://localhost:3000"), cors.allowOrigins(), "locally: the parameter's default");
        assertTrue(cors.allowHeaders().containsAll(List.of("authorization", "content-type", "idempotency-key")));
        assertTrue(cors.allowMethods().containsAll(List.of("GET", "POST", "PUT", "DELETE")));
        assertTrue(cors.maxAgeSeconds() != null && cors.maxAgeSeconds() > 0);
    }

    private Map<String, Object> properties(String logicalId) {
        return map(resources.get(logicalId).get("Properties"));
    }

    private static String getAttTarget(Object getAtt) {
        Object target = map(getAtt).get("Fn::GetAtt");
        return String.valueOf(target).split("[.,\\[\\] ]+")[target instanceof List<?> ? 1 : 0];
    }

    private static List<Object> list(Object value) {
        return SamTemplate.list(value);
    }
}
