package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The awsJson1_0 wire protocol: POST / with X-Amz-Target, JSON in and out. Signatures and permissions are checked
 * by the {@link RequestAuthorizer}, if any.
 */
final class HttpFront implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());
    private static final String TARGET_PREFIX = "DynamoDB_20120810.";
    private static final char[] REQUEST_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final Operations operations;
    private final RequestAuthorizer authorizer;
    private final SecureRandom random = new SecureRandom();

    HttpFront(Operations operations, RequestAuthorizer authorizer) {
        this.operations = operations;
        this.authorizer = authorizer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                // DynamoDB answers GET / with a plain health check; handy for readiness probes.
                send(
                        exchange,
                        200,
                        "text/plain",
                        ("healthy: dynamodb." + DynamoDbEmulator.REGION + ".amazonaws.com ")
                                .getBytes(StandardCharsets.UTF_8));
                return;
            }
            int status = 200;
            byte[] body;
            try {
                body = Json.MAPPER.writeValueAsBytes(dispatch(exchange, requestBody));
            } catch (DynamoDbError e) {
                status = e.status();
                body = Json.MAPPER.writeValueAsBytes(e.toJson());
            } catch (RequestAuthorizer.Refusal e) {
                status = e.status();
                body = Json.MAPPER.writeValueAsBytes(
                        Json.object().put("__type", e.type()).put("message", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "DynamoDB emulator failed on a request", e);
                DynamoDbError error = DynamoDbError.internal("Internal server error: " + e);
                status = error.status();
                body = Json.MAPPER.writeValueAsBytes(error.toJson());
            }
            send(exchange, status, "application/x-amz-json-1.0", body);
        }
    }

    private JsonNode dispatch(HttpExchange exchange, byte[] requestBody) {
        RequestAuthorizer.Caller caller = authorizer.authenticate(signedRequest(exchange, requestBody));
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw DynamoDbError.unknownOperation();
        }
        JsonNode request;
        try {
            request = requestBody.length == 0 ? Json.object() : Json.MAPPER.readTree(requestBody);
        } catch (IOException e) {
            throw DynamoDbError.serialization("Start of structure or map found where not expected");
        }
        String operation = target.substring(TARGET_PREFIX.length());
        caller.authorize(operation, request);
        return operations.execute(operation, request);
    }

    private static RequestAuthorizer.SignedRequest signedRequest(HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new RequestAuthorizer.SignedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body);
    }

    private void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(body);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        headers.set("x-amzn-RequestId", requestId());
        // The SDK verifies this checksum whenever the header is present.
        headers.set("x-amz-crc32", Long.toString(crc.getValue()));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String requestId() {
        char[] id = new char[52];
        for (int i = 0; i < id.length; i++) {
            id[i] = REQUEST_ID_ALPHABET[random.nextInt(REQUEST_ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
