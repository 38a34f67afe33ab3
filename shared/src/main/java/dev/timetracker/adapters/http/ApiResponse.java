package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

public record ApiResponse(
        int status, Map<String, String> headers, @Nullable String body) {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    public static ApiResponse json(int status, JsonNode body) {
        return new ApiResponse(status, Map.of("content-type", JSON), Json.write(body));
    }

    public static ApiResponse noContent() {
        return new ApiResponse(204, Map.of(), null);
    }

    /** The same answer without its body: what a HEAD request gets. */
    public ApiResponse withoutBody() {
        return new ApiResponse(status, headers, null);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new ApiResponse(status, Map.copyOf(copy), body);
    }
}
