package dev.timetracker.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The AWS SDK logs through SLF4J; its warnings must reach the function's log as our own lines do. */
class Slf4jToLogTest {

    @Test
    void anSdkWarningThroughSlf4jIsAJsonLogLine() throws Exception {
        List<String> output =
                stdoutOf(() -> software.amazon.awssdk.utils.Logger.loggerFor("software.amazon.awssdk.test")
                        .warn(() -> "Retrying after throttling, attempt 2"));

        assertEquals(1, output.size(), output::toString);
        JsonNode line = Json.parse(output.get(0));
        assertEquals("WARN", line.get("level").asText());
        assertEquals("Retrying after throttling, attempt 2", line.get("message").asText());
        assertEquals("software.amazon.awssdk.test", line.get("logger").asText());
        Instant.parse(line.get("timestamp").asText());
    }

    @Test
    void theBindingIsOursAndKeepsTheSdksDetailOut() {
        assertEquals(
                Slf4jToLog.class,
                LoggerFactory.getLogger("software.amazon.awssdk.request")
                        .getClass()
                        .getEnclosingClass());
        assertTrue(stdoutOf(() -> {
                    LoggerFactory.getLogger("software.amazon.awssdk.request").info("Sending request {}", 1);
                    LoggerFactory.getLogger("software.amazon.awssdk.request").debug("Received response");
                })
                .isEmpty());
    }

    @Test
    void anErrorWithAnExceptionKeepsItsTrace() throws Exception {
        List<String> output = stdoutOf(
                () -> LoggerFactory.getLogger("x").error("Failed {}", "call", new IllegalStateException("boom")));
        JsonNode line = Json.parse(output.get(0));
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("Failed call", line.get("message").asText());
        assertTrue(line.get("error").asText().contains("IllegalStateException: boom"), line::toString);
        assertFalse(line.has("request_id"), "no invocation: no request id");
    }

    private static List<String> stdoutOf(Runnable action) {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(console);
        }
        List<String> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }
}
