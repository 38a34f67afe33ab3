package dev.timetracker.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.timetracker.adapters.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local API Gateway: turns each HTTP request into the HTTP API event the matching route's function gets in
 * AWS, invokes the function, and turns its result back into HTTP. Unmatched routes and oversized payloads get
 * API Gateway's own answers, so clients see here what they will see there.
 */
public final class HttpFront implements AutoCloseable {
    /** API Gateway refuses larger payloads before any function runs. */
    static final int API_GATEWAY_MAX_PAYLOAD = 10 * 1024 * 1024;
    static final String LOCAL_INVOKE = "/_local/invoke/";

    public record Exchange(String method, String path, int status, long millis, String function) {
    }

    private final HttpServer server;
    private final ExecutorService workers;

    private HttpFront(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    public static HttpFront start(String host, int port, RouteTable routes, FunctionHost functions, Consumer<Exchange> log) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
            ExecutorService workers = Executors.newFixedThreadPool(32, runnable -> {
                Thread thread = new Thread(runnable, "local-api");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(workers);
            server.createContext("/", exchange -> serve(exchange, routes, functions, log));
            server.start();
            return new HttpFront(server, workers);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (is it in use?)", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, RouteTable routes, FunctionHost functions, Consumer<Exchange> log) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod().toUpperCase();
        String path = exchange.getRequestURI().getRawPath();
        var match = routes.match(method, path);
        String function = match.map(m -> m.route().functionId()).orElse("-");
        int status;
        try (exchange) {
            status = respond(exchange, method, path, match, functions);
        } catch (IOException | RuntimeException e) {
            // A broken client connection, or a function that threw instead of answering: API Gateway's 500.
            System.err.println("local-api: " + method + " " + path + " failed: " + e);
            status = 500;
        }
        String query = exchange.getRequestURI().getRawQuery();
        log.accept(new Exchange(method, query == null ? path : path + "?" + query, status,
                (System.nanoTime() - started) / 1_000_000, function));
    }

    private static int respond(HttpExchange exchange, String method, String path,
                               java.util.Optional<RouteTable.Match> match, FunctionHost functions) throws IOException {
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            return apiGatewayError(exchange, 413, "Request Entity Too Large");
        }
        if (path.startsWith(LOCAL_INVOKE) && method.equals("POST")) {
            return invokeDirectly(exchange, path.substring(LOCAL_INVOKE.length()), body, functions);
        }
        if (match.isEmpty()) {
            return apiGatewayError(exchange, 404, "Not Found");
        }
        ObjectNode event;
        try {
            event = ApiGatewayEvents.event(new ApiGatewayEvents.HttpCall(method, path,
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
                    exchange.getRemoteAddress().getAddress().getHostAddress()), match.get());
        } catch (IllegalArgumentException badPercentEncoding) {
            return apiGatewayError(exchange, 400, "Bad Request");
        }
        try {
            return writeResult(exchange, functions.invoke(match.get().route().functionId(), event));
        } catch (RuntimeException e) {
            e.printStackTrace();
            return apiGatewayError(exchange, 500, "Internal Server Error");
        }
    }

    /**
     * {@code POST /_local/invoke/<FunctionId>} with an event as the body: what {@code aws lambda invoke} does
     * in AWS (e.g. the daily aggregation for one date). Only the local stack has it; API Gateway never routes it.
     */
    private static int invokeDirectly(HttpExchange exchange, String functionId, byte[] body, FunctionHost functions)
            throws IOException {
        try {
            JsonNode event = Json.mapper().readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
            return reply(exchange, 200, Map.of("content-type", "application/json"),
                    Json.mapper().writeValueAsBytes(functions.invoke(functionId, event)));
        } catch (IllegalArgumentException | IOException e) {
            return apiGatewayError(exchange, 400, "Cannot invoke " + functionId + ": " + e.getMessage().replace('"', '\''));
        }
    }

    private static int apiGatewayError(HttpExchange exchange, int status, String message) throws IOException {
        return reply(exchange, status, Map.of("content-type", "application/json"),
                ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    private static int writeResult(HttpExchange exchange, JsonNode result) throws IOException {
        int status = result.path("statusCode").asInt(200);
        var headers = exchange.getResponseHeaders();
        for (Iterator<Map.Entry<String, JsonNode>> fields = result.path("headers").fields(); fields.hasNext(); ) {
            var header = fields.next();
            headers.add(header.getKey(), header.getValue().asText());
        }
        for (JsonNode cookie : result.path("cookies")) {
            headers.add("set-cookie", cookie.asText());
        }
        byte[] body = new byte[0];
        if (result.hasNonNull("body")) {
            String text = result.get("body").asText();
            body = result.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        }
        return reply(exchange, status, Map.of(), body);
    }

    private static int reply(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean empty = body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }

    /** @return the body, or null when it is larger than API Gateway accepts */
    private static byte[] readBody(InputStream in) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = in.read(buffer)) > 0; ) {
            total += read;
            if (total > API_GATEWAY_MAX_PAYLOAD) {
                in.transferTo(OutputStream.nullOutputStream());
                return null;
            }
            chunks.add(java.util.Arrays.copyOf(buffer, read));
        }
        byte[] body = new byte[total];
        int offset = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, body, offset, chunk.length);
            offset += chunk.length;
        }
        return body;
    }

    @Override
    public void close() {
        server.stop(1);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
