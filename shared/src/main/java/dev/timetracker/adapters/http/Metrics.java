package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;

import java.time.Instant;

/**
 * CloudWatch metrics as log lines in the Embedded Metric Format: Lambda sends stdout to CloudWatch Logs, which
 * extracts the metric from the line, so a metric costs no API call and no client. See
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
public final class Metrics {
    public static final String NAMESPACE = "TimeTracker";

    private Metrics() {
    }

    /**
     * One count, with the function as its dimension; {@code context} adds members that stay searchable in the
     * log without becoming dimensions (such as a run id).
     */
    public static void count(String function, String name, long value, Instant at, String... context) {
        ObjectNode line = Json.object();
        ObjectNode directive = line.putObject("_aws").put("Timestamp", at.toEpochMilli())
                .putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("function");
        directive.putArray("Metrics").addObject().put("Name", name).put("Unit", "Count");
        line.put("function", function);
        line.put(name, value);
        for (int i = 0; i + 1 < context.length; i += 2) {
            line.put(context[i], context[i + 1]);
        }
        System.out.println(Json.write(line));
    }
}
