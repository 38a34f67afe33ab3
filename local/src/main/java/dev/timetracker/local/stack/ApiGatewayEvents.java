package dev.timetracker.local.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the API Gateway HTTP API event (payload format 2.0) for a request, the way API Gateway does:
 * lower-case header names with repeated headers comma-joined, cookies split out, query parameters decoded
 * and repeated ones comma-joined, a text body as is and any other body base64-encoded.
 */
public final class ApiGatewayEvents {
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private ApiGatewayEvents() {}

    /**
     * A request as the HTTP front received it. The body array makes a record's equals compare it by identity; no
     * one compares calls (each is turned into one event), so the record's brevity wins.
     */
    @SuppressWarnings("ArrayRecordComponent")
    public record HttpCall(
            String method,
            String path,
            String rawQuery,
            Map<String, List<String>> headers,
            byte[] body,
            String sourceIp) {}

    public static ObjectNode event(HttpCall call, RouteTable.Match match) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put(
                "routeKey",
                match.route().path().equals("$default")
                        ? "$default"
                        : match.route().routeKey());
        event.put("rawPath", call.path());
        event.put("rawQueryString", call.rawQuery() == null ? "" : call.rawQuery());
        ObjectNode headers = event.putObject("headers");
        call.headers().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                var cookies = event.putArray("cookies");
                values.forEach(value -> List.of(value.split(";\\s*")).forEach(cookies::add));
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        Map<String, String> query = query(call.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }
        Instant now = Instant.now();
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "localhost");
        context.put("domainPrefix", "localhost");
        ObjectNode http = context.putObject("http");
        http.put("method", call.method());
        http.put("path", call.path());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", call.sourceIp());
        http.put(
                "userAgent",
                call.headers().entrySet().stream()
                        .filter(header -> header.getKey().equalsIgnoreCase("user-agent"))
                        .map(header -> String.join(",", header.getValue()))
                        .findFirst()
                        .orElse(""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", event.get("routeKey").asText());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (call.body() != null && call.body().length > 0) {
            if (isText(headers.path("content-type").asText(""))) {
                event.put("body", new String(call.body(), StandardCharsets.UTF_8));
                event.put("isBase64Encoded", false);
            } else {
                event.put("body", Base64.getEncoder().encodeToString(call.body()));
                event.put("isBase64Encoded", true);
            }
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    private static boolean isText(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.contains("json")
                || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
