package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * CloudWatch metrics as log lines in the Embedded Metric Format: Lambda sends stdout to CloudWatch Logs, which
 * extracts the metric from the line, so a metric costs no API call and no client. The line is the root node the
 * specification describes: {@code _aws.Timestamp} (epoch milliseconds), {@code _aws.CloudWatchMetrics[]} with a
 * Namespace, the Dimensions (arrays of member names) and the Metrics (Name, Unit), and every named dimension and
 * metric as a member at the top level. See
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * The line goes through {@link Log}, so it carries the invocation's request id as a searchable (non-dimension)
 * member too.
 */
public final class Metrics {
    public static final String NAMESPACE = "TimeTracker";
    /** The dimension every metric has: the function's stable name (not the deployed, stage-suffixed one). */
    public static final String FUNCTION_DIMENSION = "function";

    public enum Unit {
        COUNT("Count"),
        MILLISECONDS("Milliseconds");

        private final String emfName;

        Unit(String emfName) {
            this.emfName = emfName;
        }
    }

    private Metrics() {}

    /**
     * One count, with the function as its dimension; {@code context} adds members that stay searchable in the
     * log without becoming dimensions (such as a run id).
     */
    public static void count(String function, String name, long value, Instant at, String... context) {
        record(function, name, Unit.COUNT, value, at, Map.of(), (Object[]) context);
    }

    /**
     * One value of metric {@code name}. It is published for the function alone and, when {@code dimensions} name
     * more (such as a refusal's reason), also for the function and those dimensions together, so both the total
     * and the breakdown can be graphed.
     */
    public static void record(
            String function,
            String name,
            Unit unit,
            Number value,
            Instant at,
            Map<String, String> dimensions,
            Object... context) {
        ObjectNode line = Json.object();
        ObjectNode directive = line.putObject("_aws")
                .put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics")
                .addObject();
        directive.put("Namespace", NAMESPACE);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        dimensionSets.addArray().add(FUNCTION_DIMENSION);
        if (!dimensions.isEmpty()) {
            ArrayNode breakdown = dimensionSets.addArray().add(FUNCTION_DIMENSION);
            dimensions.keySet().stream().sorted().forEach(breakdown::add);
        }
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", unit.emfName);
        line.put(FUNCTION_DIMENSION, function);
        dimensions.forEach(line::put);
        line.set(name, Json.valueOf(value));
        for (int i = 0; i + 1 < context.length; i += 2) {
            line.set(String.valueOf(context[i]), Json.valueOf(context[i + 1]));
        }
        Log.writeDocument(line);
    }
}
