package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * One line per event. In AWS the line is JSON (template.yaml turns on Lambda's JSON log format, and our own
 * fields stay queryable); the local stack sets LOG_FORMAT=text so that a terminal stays readable.
 */
public final class Log {
    /** A presentation choice of the process hosting the functions (the local stack), not a function setting. */
    private static final boolean TEXT = "text".equalsIgnoreCase(System.getProperty("LOG_FORMAT"));

    private Log() {
    }

    public static void info(String message, Object... keyValues) {
        write("INFO", message, null, keyValues);
    }

    public static void warn(String message, Object... keyValues) {
        write("WARN", message, null, keyValues);
    }

    public static void error(String message, Throwable cause, Object... keyValues) {
        write("ERROR", message, cause, keyValues);
    }

    private static void write(String level, String message, Throwable cause, Object... keyValues) {
        if (TEXT) {
            StringBuilder line = new StringBuilder().append(Instant.now()).append(' ').append(level).append(' ').append(message);
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
        line.put("level", level);
        line.put("message", message);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.put(String.valueOf(keyValues[i]), String.valueOf(keyValues[i + 1]));
        }
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            line.put("error", trace.toString());
        }
        System.out.println(Json.write(line));
    }
}
