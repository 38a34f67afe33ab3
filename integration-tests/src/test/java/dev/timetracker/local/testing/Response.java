package dev.timetracker.local.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A function's API Gateway result, read back as an HTTP response. */
public record Response(int status, Map<String, String> headers, String body) {

    static Response of(JsonNode result) {
        Map<String, String> headers = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields =
                        result.path("headers").properties().iterator();
                fields.hasNext(); ) {
            var header = fields.next();
            headers.put(
                    header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return new Response(
                result.path("statusCode").asInt(),
                headers,
                result.hasNonNull("body") ? result.get("body").asText() : null);
    }

    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + body, e);
        }
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return status + " " + headers + " " + body;
    }
}
