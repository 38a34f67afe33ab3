package dev.timetracker.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LogTest {

    @Test
    void valuesKeepTheirJsonTypesAndTheInvocationTagsEveryLine() {
        String function = "LogTestFunction-" + UUID.randomUUID();
        List<JsonNode> lines = linesOf(() -> {
            for (String requestId : List.of("first", "second")) {
                try (Log.Scope invocation = Log.invocation(context(requestId, function))) {
                    Log.info(
                            "Typed",
                            "count",
                            3,
                            "ratio",
                            0.5,
                            "ok",
                            true,
                            "date",
                            LocalDate.of(2026, 11, 30),
                            "none",
                            null);
                }
            }
            Log.info("Outside any invocation");
        });

        JsonNode first = lines.get(0);
        assertTrue(
                first.get("count").isIntegralNumber()
                        && first.get("ratio").isFloatingPointNumber()
                        && first.get("ok").isBoolean(),
                first::toString);
        assertEquals("2026-11-30", first.get("date").asText());
        assertTrue(first.get("none").isNull());
        assertEquals("first", first.get("request_id").asText());
        assertEquals(function, first.get("function_name").asText());
        assertTrue(first.get("cold_start").booleanValue(), "the function's first invocation in this JVM");
        assertEquals("second", lines.get(1).get("request_id").asText());
        assertFalse(lines.get(1).get("cold_start").booleanValue());
        assertFalse(lines.get(2).has("request_id"), lines.get(2)::toString);
    }

    @Test
    void aThreadStartedByAnInvocationTagsItsLinesUntilTheInvocationEnds() {
        List<JsonNode> lines = linesOf(() -> {
            Thread worker;
            CompletableFuture<Void> afterEnd = new CompletableFuture<>();
            CompletableFuture<Void> during = new CompletableFuture<>();
            try (Log.Scope invocation = Log.invocation(context("with-worker", "LogTestWorkers"))) {
                worker = new Thread(() -> {
                    Log.info("From the worker");
                    during.complete(null);
                    afterEnd.join();
                    Log.info("From the worker, later");
                });
                worker.start();
                during.join();
            }
            afterEnd.complete(null);
            try {
                worker.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("with-worker", lines.get(0).path("request_id").asText(), lines::toString);
        assertFalse(lines.get(1).has("request_id"), "no stale request id: " + lines.get(1));
    }

    private static Context context(String requestId, String function) {
        return (Context) Proxy.newProxyInstance(
                LogTest.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getFunctionName" -> function;
                    default -> null;
                });
    }

    private static List<JsonNode> linesOf(Runnable action) {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(console);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(Json.parse(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(line, e);
                }
            }
        }
        return lines;
    }
}
