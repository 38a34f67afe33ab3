package dev.timetracker.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.bench.runner.ColdStartRunner;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts a function the way Lambda does, in a JVM of its own: the same {@code java} as this JVM, a class path of
 * the function's shaded jar and the {@link ColdStartRunner} directory only, the function's settings as environment
 * properties, and no JVM flags but the ones asked for. Each run is bounded in time (killed after the timeout).
 */
final class ChildJvm {
    /** JVM options that the environment could slip into every JVM; the child gets only what a run asks for. */
    private static final List<String> OPTION_VARIABLES =
            List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    /**
     * What the runner reported: JVM uptime (ms) when main started, when the handler was constructed, when the
     * invocation started and when its response was complete; heap figures in heap mode (else -1: used before,
     * sum of the pools' peaks, largest heap after a GC); the wall time
     * the parent saw from starting the process to reading the result line; and the function's result.
     */
    record Result(
            double mainMs,
            double initMs,
            double primedMs,
            double invokeMs,
            double responseMs,
            long heapBefore,
            long heapPeak,
            long heapLive,
            double parentWallMs,
            JsonNode result) {
        /** The HTTP status of an API Gateway result, or 200 for a direct invocation's summary. */
        int status() {
            return result.has("statusCode") ? result.get("statusCode").asInt() : 200;
        }
    }

    /** The runner's mode that measures the invocation's heap. */
    static final String HEAP = "heap";

    private final Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Path runnerDir;
    private final Path logs;

    /** Puts the runner's one class file into {@code dir}: the "tiny runner directory" of every child's class path. */
    ChildJvm(Path dir) {
        this.runnerDir = dir.resolve("runner");
        this.logs = dir.resolve("logs");
        String classFile = ColdStartRunner.class.getName().replace('.', '/') + ".class";
        try (InputStream bytes = ColdStartRunner.class.getClassLoader().getResourceAsStream(classFile)) {
            if (bytes == null) {
                throw new IllegalStateException("No " + classFile + " on the class path");
            }
            Path target = runnerDir.resolve(classFile);
            Files.createDirectories(target.getParent());
            Files.createDirectories(logs);
            Files.write(target, bytes.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param javaToolOptions JAVA_TOOL_OPTIONS for the child (as Lambda sets it from the template), or null for none
     * @param mode            the runner's mode: null, {@link #HEAP} or {@code prime} (see {@link ColdStartRunner})
     */
    Result run(
            Path jar,
            String handlerClass,
            Path event,
            Map<String, String> settings,
            String javaToolOptions,
            String mode) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary.toString());
        command.add("-cp");
        command.add(jar + File.pathSeparator + runnerDir);
        command.add(ColdStartRunner.class.getName());
        command.add(handlerClass);
        command.add(event.toString());
        if (mode != null) {
            command.add(mode);
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        OPTION_VARIABLES.forEach(environment::remove);
        // The function reads its settings from its process environment, as in Lambda.
        environment.putAll(settings);
        environment.remove("JAVA_TOOL_OPTIONS");
        if (javaToolOptions != null) {
            environment.put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Path stderr = logs.resolve(jar.getFileName() + ".stderr.txt");
        builder.redirectError(stderr.toFile());

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + javaBinary, e);
        }
        CompletableFuture.delayedExecutor(TIMEOUT.toSeconds(), TimeUnit.SECONDS).execute(process::destroyForcibly);
        Deque<String> lastLines = new ArrayDeque<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("RUNNER_RESULT ")) {
                    double wall = (System.nanoTime() - started) / 1e6;
                    out.transferTo(Writer.nullWriter());
                    process.waitFor(30, TimeUnit.SECONDS);
                    return parse(line, wall);
                }
                lastLines.addLast(line);
                if (lastLines.size() > 20) {
                    lastLines.removeFirst();
                }
            }
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process.destroyForcibly();
        }
        throw new IllegalStateException(jar.getFileName() + " gave no result (exit " + exitCode(process) + "); stdout: "
                + String.join("\n", lastLines) + "\nstderr: " + tail(stderr));
    }

    private static Result parse(String line, double wall) {
        Map<String, String> fields = new HashMap<>();
        for (String field : line.substring("RUNNER_RESULT ".length()).split(" ", -1)) {
            if (field.isEmpty()) {
                continue;
            }
            int equals = field.indexOf('=');
            fields.put(field.substring(0, equals), field.substring(equals + 1));
        }
        JsonNode result = BenchStack.readTree(Base64.getDecoder().decode(fields.get("body")));
        return new Result(
                Double.parseDouble(fields.get("main")),
                Double.parseDouble(fields.get("init")),
                Double.parseDouble(fields.get("primed")),
                Double.parseDouble(fields.get("invoke")),
                Double.parseDouble(fields.get("response")),
                Long.parseLong(fields.get("heap_before")),
                Long.parseLong(fields.get("heap_peak")),
                Long.parseLong(fields.get("heap_live")),
                wall,
                result);
    }

    private static String exitCode(Process process) {
        return process.isAlive() ? "none yet" : Integer.toString(process.exitValue());
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
