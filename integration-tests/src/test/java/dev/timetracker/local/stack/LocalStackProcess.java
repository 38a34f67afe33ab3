package dev.timetracker.local.stack;

import dev.timetracker.local.LocalStack;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.TestStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link LocalStack} in a JVM of its own, as a developer runs it, on free ports and a given data folder: the same
 * {@code java} and class path as this JVM, no inherited JVM options (as bench's ChildJvm does). Lets a test kill it
 * the hard way ({@code kill -9}) and start it again on the same data.
 */
final class LocalStackProcess implements AutoCloseable {
    private static final List<String> OPTION_VARIABLES =
            List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final Pattern API = Pattern.compile("\\s*API\\s+(http://\\S+)/api/");
    private static final Pattern S3 = Pattern.compile(".*\\bS3\\s+(http://\\S+)");
    private static final String READY = "Press Ctrl-C to stop.";

    private final Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile URI api;
    private volatile URI s3;

    private LocalStackProcess(Process process) {
        this.process = process;
    }

    /** @param environment extra environment, e.g. TT_ADMIN_PASSWORD for {@code --bootstrap-admin} */
    static LocalStackProcess start(Path dataDir, Map<String, String> environment, String... options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        // Surefire may run tests from a manifest-only jar; its real class path is in this property.
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("-XX:+UseSerialGC"); // a small, short-lived JVM: no GC threads competing for the CPU
        // C1 only, as the test JVMs (integration-tests/pom.xml): with the test stacks' cheap password hashes, C2
        // would spend more CPU compiling than its code saves.
        command.add("-XX:TieredStopAtLevel=1");
        command.add(LocalStack.class.getName());
        command.addAll(List.of(
                "--template",
                SamTemplate.locate().toString(),
                "--data-dir",
                dataDir.toString(),
                "--port",
                "0",
                "--dynamodb-port",
                "0",
                "--s3-port",
                "0",
                "--no-schedule",
                "--parameter-overrides",
                TestStack.PARAMETERS.entrySet().stream()
                        .map(parameter -> parameter.getKey() + "=" + parameter.getValue())
                        .collect(Collectors.joining(" "))));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        OPTION_VARIABLES.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        LocalStackProcess stack;
        try {
            stack = new LocalStackProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + command.get(0), e);
        }
        Thread reader = new Thread(stack::readOutput, "local-stack-output");
        reader.setDaemon(true);
        reader.start();
        try {
            stack.ready.get(90, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            stack.process.destroyForcibly();
            throw new IllegalStateException("The local stack did not come up: " + stack.output(), e);
        }
        return stack;
    }

    /** Reads (and so drains) the child's output: the request log would otherwise fill the pipe and block it. */
    private void readOutput() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                remember(line);
                Matcher apiLine = API.matcher(line);
                if (apiLine.matches()) {
                    api = URI.create(apiLine.group(1).replace("localhost", "127.0.0.1"));
                }
                Matcher s3Line = S3.matcher(line);
                if (s3Line.matches()) {
                    s3 = URI.create(s3Line.group(1));
                }
                if (line.equals(READY)) {
                    ready.complete(null);
                }
            }
        } catch (IOException e) {
            // The process was killed: its output simply ends.
        }
        ready.completeExceptionally(new IllegalStateException("the local stack's output ended before it was up"));
    }

    private synchronized void remember(String line) {
        lastLines.addLast(line);
        if (lastLines.size() > 40) {
            lastLines.removeFirst();
        }
    }

    synchronized String output() {
        return String.join("\n", lastLines);
    }

    /** The API's base, e.g. {@code http://127.0.0.1:43567}. */
    URI api() {
        return api;
    }

    URI s3() {
        return s3;
    }

    /** kill -9: no shutdown hook, no final snapshot, whatever was in flight is cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The local stack did not die");
        }
    }

    /** A normal stop (SIGTERM), as Ctrl-C: the shutdown hook saves the state. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The local stack did not stop: " + output());
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
