package dev.timetracker.local.iam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.timetracker.local.dynamodb.DaemonHttpServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Hands each function its credentials the way Lambda does under SnapStart: a loopback HTTP endpoint named by
 * {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}, which answers a GET carrying {@code Authorization:
 * <AWS_CONTAINER_AUTHORIZATION_TOKEN>} with {@code {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}}.
 * See https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials and
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 *
 * <p>{@code GET /credentials/<FunctionLogicalId>}: 200 with that function's credentials, 401 without the token,
 * 403 with another token, 404 for a function the template does not have.
 */
public final class CredentialsEndpoint implements AutoCloseable {
    /** How long the credentials say they last; the SDK fetches again before then. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private static final String PATH = "/credentials/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads;
    private final Identities identities;
    private final byte[] token;
    private final Clock clock;

    private CredentialsEndpoint(
            HttpServer server, ExecutorService threads, Identities identities, String token, Clock clock) {
        this.server = server;
        this.threads = threads;
        this.identities = identities;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Starts on a free loopback port; {@code token} is what every caller must present. */
    public static CredentialsEndpoint start(Identities identities, String token, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the credentials endpoint", e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "credentials-endpoint");
            thread.setDaemon(true);
            return thread;
        });
        CredentialsEndpoint endpoint = new CredentialsEndpoint(server, threads, identities, token, clock);
        server.createContext(PATH, endpoint::handle);
        server.setExecutor(threads);
        DaemonHttpServers.startAsDaemon(server, "credentials-endpoint-starter", "the credentials endpoint");
        return endpoint;
    }

    /** The AWS_CONTAINER_CREDENTIALS_FULL_URI of one function. */
    public URI uri(String functionLogicalId) {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + PATH + functionLogicalId);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, error("Only GET is supported"));
                return;
            }
            String presented = exchange.getRequestHeaders().getFirst("Authorization");
            if (presented == null || presented.isEmpty()) {
                send(exchange, 401, error("Missing Authorization header"));
                return;
            }
            if (!MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8))) {
                send(exchange, 403, error("Invalid authorization token"));
                return;
            }
            String function = exchange.getRequestURI().getPath().substring(PATH.length());
            Optional<Identity> identity = identities.function(function);
            if (identity.isEmpty()) {
                send(exchange, 404, error("No function " + function + " in template.yaml"));
                return;
            }
            ObjectNode credentials = JSON.createObjectNode()
                    .put("AccessKeyId", identity.get().accessKeyId())
                    .put("SecretAccessKey", identity.get().secretAccessKey())
                    .put("Token", identity.get().sessionToken().orElseThrow())
                    .put(
                            "Expiration",
                            clock.instant()
                                    .plus(LIFETIME)
                                    .truncatedTo(ChronoUnit.SECONDS)
                                    .toString());
            send(exchange, 200, credentials);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
