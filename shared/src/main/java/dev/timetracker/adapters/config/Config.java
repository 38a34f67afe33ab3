package dev.timetracker.adapters.config;

import java.util.Optional;

/**
 * Deployment settings. In AWS they are the environment that template.yaml gives each function; the local
 * stack and tests host every function in one JVM and set them as system properties, which take precedence.
 */
public final class Config {
    private Config() {
    }

    public static Optional<String> optional(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            value = System.getenv(name);
        }
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public static String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("Setting " + name + " is missing"));
    }

    public static int integer(String name, int defaultValue) {
        return optional(name).map(Integer::parseInt).orElse(defaultValue);
    }
}
