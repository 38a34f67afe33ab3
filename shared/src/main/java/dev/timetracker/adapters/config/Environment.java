package dev.timetracker.adapters.config;

import java.util.Map;
import java.util.Optional;

/**
 * The environment variables of one function: in AWS the process environment that template.yaml gives it
 * ({@code Environment} of the function merged over {@code Globals}); in the local stack, which hosts every
 * function in one JVM, a map per function built the same way. Nothing reads settings from anywhere else, so a
 * variable missing from a function's template block is missing here too.
 */
public record Environment(Map<String, String> variables) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** What the Lambda runtime gives the process. */
    public static Environment process() {
        return new Environment(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> missing(name));
    }

    /** The init failure of a function whose template block lacks a variable it needs, naming it. */
    public static IllegalStateException missing(String name) {
        return new IllegalStateException(
                "Environment variable " + name + " is missing; template.yaml must set it for this function");
    }

    public int integer(String name, int defaultValue) {
        return optional(name).map(Integer::parseInt).orElse(defaultValue);
    }

    /** The same variables with some replaced or added (tests). */
    public Environment with(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(variables);
        merged.putAll(overrides);
        return new Environment(merged);
    }
}
