package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Metrics;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a function writes while it serves a real request (through the template's route and the Lambda context the
 * local stack passes, as in AWS): one JSON object per line, the log lines with their invocation fields and typed
 * values, the metrics in CloudWatch's Embedded Metric Format.
 */
@ExtendWith(LocalAwsExtension.class)
class ObservabilityTest {
    private static final Set<String> LEVELS = Set.of("DEBUG", "INFO", "WARN", "ERROR");

    private TestStack stack;
    private Api admin;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.admin = Fixtures.admin(stack);
    }

    @Test
    void everyLineOfARequestIsJsonWithTimestampLevelRequestIdFunctionAndColdStart() {
        List<JsonNode> lines = linesOf(this::refusedRequest);

        List<JsonNode> logLines =
                lines.stream().filter(line -> !line.has("_aws")).toList();
        assertFalse(logLines.isEmpty(), "the refusal is logged: " + lines);
        Set<String> requestIds = new HashSet<>();
        for (JsonNode line : lines) {
            assertTrue(
                    line.path("request_id").isTextual()
                            && !line.get("request_id").asText().isEmpty(),
                    line::toString);
            requestIds.add(line.get("request_id").asText());
            assertEquals("EmployeesFunction", line.path("function_name").asText(), line::toString);
            assertTrue(line.path("cold_start").isBoolean(), line::toString);
        }
        assertEquals(1, requestIds.size(), "one invocation, one Lambda request id: " + lines);
        for (JsonNode line : logLines) {
            // RFC 3339, which Lambda needs to take the line's own timestamp (monitoring-cloudwatchlogs-log-level).
            Instant at = Instant.parse(line.path("timestamp").asText());
            assertTrue(Duration.between(at, Instant.now()).abs().toMinutes() < 5, line::toString);
            assertTrue(LEVELS.contains(line.path("level").asText()), line::toString);
            assertTrue(line.path("message").isTextual(), line::toString);
        }
        JsonNode refused = logLines.stream()
                .filter(line -> line.path("message").asText().equals("Request refused"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no refusal line: " + lines));
        assertTrue(refused.get("status").isIntegralNumber(), "a number stays a number: " + refused);
        assertEquals(404, refused.get("status").intValue());
        assertEquals("not-found", refused.get("reason").asText());

        // The same function's next invocation is warm.
        List<JsonNode> next = linesOf(this::refusedRequest);
        assertFalse(next.isEmpty());
        next.forEach(line -> assertFalse(line.get("cold_start").booleanValue(), line::toString));
        assertFalse(requestIds.contains(next.get(0).get("request_id").asText()), "a request id per invocation");
    }

    /**
     * The EMF specification: the root node has {@code _aws} with a Timestamp in epoch milliseconds and a
     * CloudWatchMetrics array of directives, each with a Namespace, Dimensions (an array of dimension sets, each an
     * array of at most 30 member names) and Metrics (Name, optional Unit, at most 100); every dimension and metric
     * named is a member of the root node, a dimension's value a string and a metric's value a number. See
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
     */
    @Test
    void aRefusalIsAnEmfMetricWithItsReasonAsADimension() {
        Instant before = Instant.now();
        List<JsonNode> metrics = linesOf(this::refusedRequest).stream()
                .filter(line -> line.has("_aws"))
                .toList();
        assertEquals(1, metrics.size(), "one refusal, one metric line: " + metrics);
        JsonNode line = metrics.get(0);
        assertValidEmf(line, before);

        JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
        assertEquals(Metrics.NAMESPACE, directive.get("Namespace").asText());
        assertEquals(
                HttpFunction.REFUSALS_METRIC, directive.at("/Metrics/0/Name").asText());
        assertEquals("Count", directive.at("/Metrics/0/Unit").asText());
        assertEquals(1, line.get(HttpFunction.REFUSALS_METRIC).intValue());
        assertTrue(
                containsSet(
                        directive.get("Dimensions"),
                        List.of(Metrics.FUNCTION_DIMENSION, HttpFunction.REASON_DIMENSION)),
                "a breakdown by reason: " + line);
        assertTrue(containsSet(directive.get("Dimensions"), List.of(Metrics.FUNCTION_DIMENSION)), "a total: " + line);
        assertEquals("not-found", line.get(HttpFunction.REASON_DIMENSION).asText());
        assertEquals("employees", line.get(Metrics.FUNCTION_DIMENSION).asText());
    }

    private Response refusedRequest() {
        Response response = admin.get("/api/employees/" + UUID.randomUUID() + "/");
        assertEquals(404, response.status(), response::toString);
        return response;
    }

    static void assertValidEmf(JsonNode line, Instant notBefore) {
        JsonNode aws = line.get("_aws");
        assertTrue(aws.isObject(), line::toString);
        assertTrue(aws.get("Timestamp").isIntegralNumber(), "epoch milliseconds: " + line);
        assertFalse(
                Instant.ofEpochMilli(aws.get("Timestamp").longValue()).isBefore(notBefore.minusSeconds(1)),
                line::toString);
        JsonNode directives = aws.get("CloudWatchMetrics");
        assertTrue(directives.isArray() && !directives.isEmpty(), line::toString);
        for (JsonNode directive : directives) {
            assertTrue(
                    directive.get("Namespace").isTextual()
                            && !directive.get("Namespace").asText().isBlank(),
                    line::toString);
            assertTrue(directive.get("Dimensions").isArray(), line::toString);
            for (JsonNode dimensionSet : directive.get("Dimensions")) {
                assertTrue(dimensionSet.isArray() && dimensionSet.size() <= 30, line::toString);
                for (JsonNode dimension : dimensionSet) {
                    assertTrue(
                            line.path(dimension.asText()).isTextual(),
                            "dimension " + dimension + " at the top: " + line);
                }
            }
            JsonNode metrics = directive.get("Metrics");
            assertTrue(metrics.isArray() && !metrics.isEmpty() && metrics.size() <= 100, line::toString);
            for (JsonNode metric : metrics) {
                String name = metric.get("Name").asText();
                assertTrue(line.path(name).isNumber(), "metric " + name + " at the top: " + line);
            }
        }
    }

    private static boolean containsSet(JsonNode dimensionSets, List<String> names) {
        for (JsonNode set : dimensionSets) {
            List<String> members = new ArrayList<>();
            set.forEach(member -> members.add(member.asText()));
            if (members.equals(names)) {
                return true;
            }
        }
        return false;
    }

    /** Every line written while {@code request} runs, each parsed as one JSON object (or the test fails). */
    private static List<JsonNode> linesOf(Supplier<?> request) {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            var unused = request.get();
        } finally {
            System.setOut(console);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        console.print(output);
        List<JsonNode> lines = new ArrayList<>();
        for (String text : output.split("\n")) {
            if (!text.isBlank()) {
                try {
                    JsonNode line = Json.parse(text);
                    assertTrue(line != null && line.isObject(), "not a JSON object: " + text);
                    lines.add(line);
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + text, e);
                }
            }
        }
        return lines;
    }
}
