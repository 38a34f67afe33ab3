package dev.timetracker.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.Problems;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.ValidationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * The local API Gateway: turns each HTTP request into the HTTP API event the matching route's function gets in
 * AWS, invokes the function, and turns its result back into HTTP. Everything the front answers itself (malformed
 * requests, oversized or too slow bodies, a function that failed) is an RFC 9457 problem, as the API contract
 * promises for every error.
 *
 * <p>Jetty reads request lines, headers and bodies without holding a thread while it waits for bytes, so slow
 * clients cannot starve the others; a thread is taken only to run a function. A body must arrive within the body
 * timeout, else 408.
 */
public final class HttpFront implements AutoCloseable {
    /*
     * API Gateway's HTTP API quotas, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html:
     * "Payload size: 10 MB" and "Total combined size of request line and header values: 10240 bytes".
     */
    static final int API_GATEWAY_MAX_PAYLOAD = 10 * 1024 * 1024;
    static final int API_GATEWAY_MAX_REQUEST_LINE_AND_HEADERS = 10240;
    /** How long a client may take to send a request body. */
    static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);

    static final String LOCAL_INVOKE = "/_local/invoke/";
    /** Threads running functions at the same time; waiting for a client's bytes takes none. */
    private static final int MAX_THREADS = 200;

    private static final System.Logger LOG = System.getLogger(HttpFront.class.getName());

    /** A message, not a format: the percent sign is literal. */
    private static final String MALFORMED_PATH =
            "must be a valid URL path (each % followed by two hex digits, encoding UTF-8)";

    public record Exchange(String method, String path, int status, long millis, String function) {}

    private final Server server;
    private final ServerConnector connector;

    private HttpFront(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    public static HttpFront start(
            String host, int port, RouteTable routes, FunctionHost functions, Consumer<Exchange> log) {
        return start(host, port, routes, functions, CorsRules.NONE, log, BODY_TIMEOUT);
    }

    /** @param cors the HTTP API's CORS configuration (template.yaml), applied as API Gateway applies it */
    public static HttpFront start(
            String host, int port, RouteTable routes, FunctionHost functions, CorsRules cors, Consumer<Exchange> log) {
        return start(host, port, routes, functions, cors, log, BODY_TIMEOUT);
    }

    static HttpFront start(
            String host,
            int port,
            RouteTable routes,
            FunctionHost functions,
            CorsRules cors,
            Consumer<Exchange> log,
            Duration bodyTimeout) {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("local-api");
        threads.setDaemon(true);
        // Daemon threads throughout: a forgotten close() must never keep a JVM alive.
        Server server = new Server(threads, new ScheduledExecutorScheduler("local-api-scheduler", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(API_GATEWAY_MAX_REQUEST_LINE_AND_HEADERS);
        http.setSendServerVersion(false);
        // Paths reach the functions raw, as API Gateway passes them; the front itself only checks the encoding.
        http.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Front(routes, functions, cors, log, bodyTimeout, threads));
        server.setErrorHandler(new ProblemErrors());
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException("Cannot listen on " + host + ":" + port + " (is it in use?)", e);
        }
        return new HttpFront(server, connector);
    }

    public int port() {
        return connector.getLocalPort();
    }

    private static final class Front extends Handler.Abstract {
        private final RouteTable routes;
        private final FunctionHost functions;
        private final CorsRules cors;
        private final Consumer<Exchange> log;
        private final Duration bodyTimeout;
        private final Executor workers;

        Front(
                RouteTable routes,
                FunctionHost functions,
                CorsRules cors,
                Consumer<Exchange> log,
                Duration bodyTimeout,
                Executor workers) {
            this.routes = routes;
            this.functions = functions;
            this.cors = cors;
            this.log = log;
            this.bodyTimeout = bodyTimeout;
            this.workers = workers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            long started = System.nanoTime();
            String method = request.getMethod().toUpperCase(Locale.ROOT);
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            boolean wellFormed = isWellFormed(path);
            String origin = request.getHeaders().get("origin");
            if (cors.isPreflight(method, origin, request.getHeaders().get("access-control-request-method"))) {
                // Answered before routing, as API Gateway does; no function sees it.
                cors.preflightHeaders(origin).forEach(response.getHeaders()::put);
                int status = write(response, callback, 204, new byte[0]);
                log.accept(new Exchange(
                        method,
                        query == null ? path : path + "?" + query,
                        status,
                        (System.nanoTime() - started) / 1_000_000,
                        "-"));
                return true;
            }
            Optional<RouteTable.Match> match = wellFormed ? routes.match(method, path) : Optional.empty();
            String function = match.map(m -> m.route().functionId()).orElse("-");
            Consumer<Integer> logged = status -> log.accept(new Exchange(
                    method,
                    query == null ? path : path + "?" + query,
                    status,
                    (System.nanoTime() - started) / 1_000_000,
                    function));
            if (!wellFormed) {
                logged.accept(reply(response, callback, Problems.of(new ValidationException("path", MALFORMED_PATH))));
                return true;
            }
            if (request.getLength() > API_GATEWAY_MAX_PAYLOAD) {
                logged.accept(reply(response, callback, Problems.payloadTooLarge(API_GATEWAY_MAX_PAYLOAD)));
                return true;
            }
            // Nothing waits for the reply: the callback answers every outcome itself, a failure with a 500.
            CompletableFuture<byte[]> unused = Body.read(request)
                    .orTimeout(bodyTimeout.toMillis(), TimeUnit.MILLISECONDS)
                    .whenCompleteAsync(
                            (body, failure) -> {
                                int status;
                                try {
                                    status = failure != null
                                            ? replyToFailedBody(response, callback, failure)
                                            : body == null
                                                    ? reply(
                                                            response,
                                                            callback,
                                                            Problems.payloadTooLarge(API_GATEWAY_MAX_PAYLOAD))
                                                    : respond(request, response, callback, method, path, match, body);
                                } catch (RuntimeException e) {
                                    LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed", e);
                                    status = reply(response, callback, Problems.internalError(request.getId()));
                                }
                                logged.accept(status);
                            },
                            workers);
            return true;
        }

        private int replyToFailedBody(Response response, Callback callback, Throwable failure) {
            if (failure instanceof TimeoutException) {
                return reply(
                        response,
                        callback,
                        Problems.protocolError(
                                408,
                                "request-timeout",
                                "The request body did not arrive within " + bodyTimeout.toSeconds() + " seconds"));
            }
            // The client went away or sent a broken body (e.g. bad chunked encoding): let Jetty answer, if it can.
            callback.failed(failure);
            return 400;
        }

        private int respond(
                Request request,
                Response response,
                Callback callback,
                String method,
                String path,
                Optional<RouteTable.Match> match,
                byte[] body) {
            if (path.startsWith(LOCAL_INVOKE) && method.equals("POST")) {
                return invokeDirectly(response, callback, path.substring(LOCAL_INVOKE.length()), body);
            }
            if (match.isEmpty()) {
                return reply(response, callback, Problems.notFoundRoute(method, path));
            }
            ObjectNode event;
            try {
                event = ApiGatewayEvents.event(
                        new ApiGatewayEvents.HttpCall(
                                method,
                                path,
                                request.getHttpURI().getQuery(),
                                headers(request),
                                body,
                                Request.getRemoteAddr(request)),
                        match.get());
            } catch (IllegalArgumentException badQueryEncoding) {
                return reply(
                        response,
                        callback,
                        Problems.of(new ValidationException("query", "must be valid percent-encoded UTF-8")));
            }
            return writeResult(
                    response,
                    callback,
                    functions.invoke(match.get().route().functionId(), event),
                    functionHeaders -> cors.integrationResponseHeaders(
                            functionHeaders, request.getHeaders().get("origin")));
        }

        /**
         * {@code POST /_local/invoke/<FunctionId>} with an event as the body: what {@code aws lambda invoke} does
         * in AWS (e.g. the daily aggregation for one date). Only the local stack has it; API Gateway never routes it.
         */
        private int invokeDirectly(Response response, Callback callback, String functionId, byte[] body) {
            JsonNode event;
            try {
                event = Json.mapper().readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
                functions.function(functionId);
            } catch (IOException e) {
                return reply(response, callback, Problems.of(new ValidationException("body", "must be a JSON event")));
            } catch (IllegalArgumentException e) {
                return reply(response, callback, Problems.notFoundRoute("POST", LOCAL_INVOKE + functionId));
            }
            return reply(response, callback, ApiResponse.json(200, functions.invoke(functionId, event)));
        }

        private static Map<String, List<String>> headers(Request request) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (HttpField field : request.getHeaders()) {
                headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                        .add(field.getValue());
            }
            return headers;
        }
    }

    private static int writeResult(
            Response response, Callback callback, JsonNode result, UnaryOperator<Map<String, String>> gatewayHeaders) {
        int status = result.path("statusCode").asInt(200);
        HttpFields.Mutable headers = response.getHeaders();
        Map<String, String> functionHeaders = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : result.path("headers").properties()) {
            functionHeaders.put(header.getKey(), header.getValue().asText());
        }
        gatewayHeaders.apply(functionHeaders).forEach(headers::add);
        for (JsonNode cookie : result.path("cookies")) {
            headers.add(HttpHeader.SET_COOKIE, cookie.asText());
        }
        byte[] body = new byte[0];
        if (result.hasNonNull("body")) {
            String text = result.get("body").asText();
            body = result.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
        }
        return write(response, callback, status, body);
    }

    private static int reply(Response response, Callback callback, ApiResponse answer) {
        answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        return write(
                response,
                callback,
                answer.status(),
                answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8));
    }

    private static int write(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        if (body.length == 0 || status == 204 || status == 304) {
            callback.succeeded();
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
        }
        return status;
    }

    /** Percent-encoding as RFC 3986 defines it, decoding to valid UTF-8. */
    static boolean isWellFormed(String rawPath) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            if (c == '%') {
                if (i + 2 >= rawPath.length()
                        || Character.digit(rawPath.charAt(i + 1), 16) < 0
                        || Character.digit(rawPath.charAt(i + 2), 16) < 0) {
                    return false;
                }
                bytes.write(Integer.parseInt(rawPath, i + 1, i + 3, 16));
                i += 2;
            } else if (c < 0x21 || c == 0x7f) {
                return false;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Collects a request body without holding a thread while its bytes trickle in. */
    private static final class Body implements Runnable {
        private final Request request;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();

        private Body(Request request) {
            this.request = request;
        }

        /** @return the body, or null when it is larger than API Gateway accepts */
        static CompletableFuture<byte[]> read(Request request) {
            Body body = new Body(request);
            body.run();
            return body.done;
        }

        @Override
        public void run() {
            while (!done.isDone()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    done.completeExceptionally(chunk.getFailure());
                    return;
                }
                ByteBuffer buffer = chunk.getByteBuffer();
                boolean last = chunk.isLast();
                boolean tooLarge = bytes.size() + buffer.remaining() > API_GATEWAY_MAX_PAYLOAD;
                if (!tooLarge) {
                    byte[] copy = new byte[buffer.remaining()];
                    buffer.get(copy);
                    bytes.writeBytes(copy);
                }
                chunk.release();
                if (tooLarge) {
                    done.complete(null);
                } else if (last) {
                    done.complete(bytes.toByteArray());
                }
            }
        }
    }

    /** What Jetty answers by itself (a malformed request line, headers too large, ...) as a problem, never HTML. */
    private static final class ProblemErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            Object status = request.getAttribute(ERROR_STATUS);
            ApiResponse problem =
                    problem(status instanceof Integer code ? code : response.getStatus(), request.getId());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, problem.headers().get("content-type"));
            HttpFront.write(response, callback, problem.status(), problem.body().getBytes(StandardCharsets.UTF_8));
            return true;
        }

        /** Fixed texts: Jetty's reason phrases may name its internals. */
        private static ApiResponse problem(int status, String requestId) {
            return switch (status) {
                case 400 ->
                    Problems.protocolError(
                            400,
                            "bad-request",
                            "The request is not valid HTTP/1.1: check the "
                                    + "request line (method, path and its percent-encoding, version) and the headers");
                case 408 -> Problems.protocolError(408, "request-timeout", "The request did not arrive in time");
                case 413 -> Problems.payloadTooLarge(API_GATEWAY_MAX_PAYLOAD);
                case 414, 431 ->
                    Problems.protocolError(
                            status,
                            status == 414 ? "uri-too-long" : "headers-too-large",
                            "The request line and headers exceed " + API_GATEWAY_MAX_REQUEST_LINE_AND_HEADERS
                                    + " bytes");
                case 500 -> Problems.internalError(requestId);
                case 505 -> Problems.protocolError(505, "http-version-not-supported", "Use HTTP/1.1");
                default ->
                    Problems.protocolError(status, "http-" + status, "The request was refused (HTTP " + status + ")");
            };
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("The local API did not stop", e);
        }
    }
}
