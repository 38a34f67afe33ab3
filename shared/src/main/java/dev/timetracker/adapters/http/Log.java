package dev.timetracker.adapters.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The one logger: every line our code, the AWS SDK (through {@code Slf4jToLog}) and the metrics write goes through
 * here. In AWS a line is one JSON object with {@code timestamp} (RFC 3339), {@code level}, {@code message}, the
 * invocation's {@code request_id}, {@code function_name} and {@code cold_start}, and the call's own key-value pairs as
 * typed JSON values (numbers stay numbers). Lambda reads {@code level} and {@code timestamp} of such lines for its
 * application log-level filtering (template.yaml: ApplicationLogLevel), see
 * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html. The local stack sets
 * LOG_FORMAT=text so that a terminal stays readable.
 */
public final class Log {
    /** A presentation choice of the process hosting the functions (the local stack), not a function setting. */
    private static final boolean TEXT = "text".equalsIgnoreCase(System.getProperty("LOG_FORMAT"));
    /**
     * The invocation each thread is serving (the local stack runs several functions in one JVM, one per thread).
     * Inherited by threads an invocation starts (the nightly run's pool), which stop tagging once it has ended.
     */
    private static final InheritableThreadLocal<Invocation> CURRENT = new InheritableThreadLocal<>();
    /**
     * Functions that have served an invocation in this JVM. Lambda runs one function per JVM, so the first
     * invocation of a function is the cold start (after a SnapStart restore too: priming never goes through
     * {@link #invocation}); the local stack hosts several, hence one entry per function.
     */
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    public enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR
    }

    /** What every line written while a function serves one invocation carries. */
    private record Invocation(String requestId, String function, boolean coldStart, AtomicBoolean ended) {}

    /** Ends what {@link #invocation} began; closing twice is harmless. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private Log() {}

    /**
     * Tags this thread's lines with Lambda's request id and function name from {@code context} until the scope
     * closes. A null context (a direct call from a test or bench/) tags nothing.
     */
    public static Scope invocation(Context context) {
        if (context == null) {
            return () -> {};
        }
        String function = context.getFunctionName();
        Invocation previous = CURRENT.get();
        Invocation invocation =
                new Invocation(context.getAwsRequestId(), function, STARTED.add(function), new AtomicBoolean());
        CURRENT.set(invocation);
        return () -> {
            invocation.ended().set(true);
            CURRENT.set(previous);
        };
    }

    public static void info(String message, @Nullable Object... keyValues) {
        write(Level.INFO, message, null, keyValues);
    }

    public static void warn(String message, @Nullable Object... keyValues) {
        write(Level.WARN, message, null, keyValues);
    }

    public static void error(String message, Throwable cause, @Nullable Object... keyValues) {
        write(Level.ERROR, message, cause, keyValues);
    }

    /** One line at any level; the bridge for other logging APIs (see {@code Slf4jToLog}). */
    public static void write(Level level, String message, @Nullable Throwable cause, @Nullable Object... keyValues) {
        if (TEXT) {
            StringBuilder line = new StringBuilder()
                    .append(Instant.now())
                    .append(' ')
                    .append(level)
                    .append(' ')
                    .append(message);
            for (int i = 0; i + 1 < keyValues.length; i += 2) {
                line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
            }
            System.out.println(line);
            if (cause != null) {
                cause.printStackTrace(System.out);
            }
            return;
        }
        ObjectNode line = Json.object();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level.name());
        line.put("message", message);
        tagInvocation(line);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.set(String.valueOf(keyValues[i]), Json.valueOf(keyValues[i + 1]));
        }
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        System.out.println(Json.write(line));
    }

    /** A line that is already a JSON document of its own (an EMF metric), tagged with the invocation. */
    static void writeDocument(ObjectNode document) {
        tagInvocation(document);
        System.out.println(Json.write(document));
    }

    private static void tagInvocation(ObjectNode line) {
        Invocation invocation = CURRENT.get();
        if (invocation != null && !invocation.ended().get()) {
            line.put("request_id", invocation.requestId());
            line.put("function_name", invocation.function());
            line.put("cold_start", invocation.coldStart());
        }
    }
}
