package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.HttpApiCors;
import dev.timetracker.local.template.HttpRoute;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Browsers against the local front, which must treat CORS as API Gateway does for the template's
 * {@code CorsConfiguration} (see {@link CorsRules} for the documented rules): preflights answered by the
 * front, never by a function; the configured headers on function responses for allowed origins only; CORS
 * headers a function sends itself dropped.
 */
@EmulatorOnly("checks the local HTTP front, not DynamoDB or S3")
@ExtendWith(LocalAwsExtension.class)
class HttpFrontCorsTest {
    private static final String APP = "https://app.example.test";
    private static final String OTHER = "https://evil.example.test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The front logs an exchange after its response is written: a test waits for the entry, it does not race it. */
    private final BlockingQueue<HttpFront.Exchange> exchanges = new LinkedBlockingQueue<>();

    private HttpFront front;

    @BeforeEach
    void start(TestStack stack) {
        List<FunctionResource> functions = new ArrayList<>(stack.template().functions());
        List<HttpRoute> routes = new ArrayList<>();
        functions.forEach(function -> routes.addAll(function.routes()));
        // A function that sends CORS headers of its own, which API Gateway ignores.
        functions.add(new FunctionResource(
                "PermissiveFunction",
                PermissiveFunction.class.getName(),
                "-",
                Map.of(),
                List.of(),
                List.of(),
                128,
                3,
                List.of()));
        routes.add(new HttpRoute("GET", "/permissive", "PermissiveFunction"));
        HttpApiCors cors = stack.template().httpApiCors().orElseThrow().withOrigins(List.of(APP));
        front = HttpFront.start(
                "127.0.0.1",
                0,
                new RouteTable(routes),
                new FunctionHost(
                        functions,
                        // The host builds every function's Deployment; this one borrows a real function's environment.
                        id -> stack.aws().environmentOf(id.equals("PermissiveFunction") ? "StatusFunction" : id)),
                new CorsRules(cors),
                exchanges::add);
    }

    private HttpFront.Exchange nextExchange() throws InterruptedException {
        HttpFront.Exchange exchange = exchanges.poll(30, TimeUnit.SECONDS);
        assertNotNull(exchange, "the front logged the exchange");
        return exchange;
    }

    @AfterEach
    void stop() {
        front.close();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredByTheFrontForAnyPath() throws Exception {
        for (String path : List.of("/api/employees/", "/api/timetracking/punch", "/no/route/here")) {
            HttpResponse<String> preflight = send(
                    "OPTIONS",
                    path,
                    Map.of(
                            "origin",
                            APP,
                            "access-control-request-method",
                            "POST",
                            "access-control-request-headers",
                            "authorization,content-type,idempotency-key"));

            assertEquals(204, preflight.statusCode(), path);
            assertEquals("", preflight.body());
            assertEquals(APP, header(preflight, "access-control-allow-origin"), path);
            assertEquals(
                    List.of("GET", "POST", "PUT", "DELETE"), items(header(preflight, "access-control-allow-methods")));
            assertEquals(
                    List.of("authorization", "content-type", "idempotency-key"),
                    items(header(preflight, "access-control-allow-headers")));
            assertEquals("600", header(preflight, "access-control-max-age"));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("-", nextExchange().function(), "no function saw a preflight");
        }
    }

    @Test
    void aPreflightFromAnotherOriginGetsNoCorsHeadersSoTheBrowserRefuses() throws Exception {
        HttpResponse<String> preflight =
                send("OPTIONS", "/api/employees/", Map.of("origin", OTHER, "access-control-request-method", "GET"));

        assertEquals(204, preflight.statusCode());
        assertNoCorsHeaders(preflight);
        assertEquals("-", nextExchange().function());
    }

    @Test
    void anOptionsRequestThatIsNoPreflightIsRoutedLikeAnyOther() throws Exception {
        HttpResponse<String> options = send("OPTIONS", "/api/employees/", Map.of("origin", APP));

        assertEquals("EmployeesFunction", nextExchange().function(), "ANY routes take it: " + options.body());
    }

    @Test
    void responsesToAnAllowedOriginCarryTheConfiguredHeaders() throws Exception {
        HttpResponse<String> unauthorized = send("GET", "/api/employees/", Map.of("origin", APP));

        assertEquals(401, unauthorized.statusCode(), unauthorized.body());
        assertEquals(APP, header(unauthorized, "access-control-allow-origin"));
        assertEquals("retry-after", header(unauthorized, "access-control-expose-headers"));
        assertEquals("EmployeesFunction", nextExchange().function());
    }

    @Test
    void responsesToAnotherOriginOrWithoutOneCarryNone() throws Exception {
        assertNoCorsHeaders(send("GET", "/api/employees/", Map.of("origin", OTHER)));
        assertNoCorsHeaders(send("GET", "/api/employees/", Map.of()));
    }

    @Test
    void corsHeadersAFunctionSendsItselfAreReplacedByTheConfiguredOnes() throws Exception {
        HttpResponse<String> fromOther = send("GET", "/permissive", Map.of("origin", OTHER));
        assertEquals(200, fromOther.statusCode(), fromOther.body());
        assertEquals("yes", header(fromOther, "x-function-header"), "other headers pass");
        assertNoCorsHeaders(fromOther);

        HttpResponse<String> fromApp = send("GET", "/permissive", Map.of("origin", APP));
        assertEquals(APP, header(fromApp, "access-control-allow-origin"));
        assertFalse(
                fromApp.headers().firstValue("access-control-allow-credentials").isPresent());
        assertEquals("retry-after", header(fromApp, "access-control-expose-headers"));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static List<String> items(String commaSeparated) {
        return commaSeparated == null ? List.of() : List.of(commaSeparated.split(","));
    }

    private static void assertNoCorsHeaders(HttpResponse<?> response) {
        List<String> cors = response.headers().map().keySet().stream()
                .filter(name -> name.toLowerCase().startsWith("access-control-"))
                .toList();
        assertEquals(List.of(), cors, response.headers().map().toString());
    }

    /** Answers 200 with {@code access-control-*} headers of its own: allow everyone, with credentials. */
    public static final class PermissiveFunction implements RequestStreamHandler {
        public PermissiveFunction(Deployment deployment) {}

        @Override
        public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
            output.write(
                    ("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\",\"x-function-header\":\"yes\","
                                    + "\"Access-Control-Allow-Origin\":\"*\",\"access-control-allow-credentials\":\"true\"},"
                                    + "\"body\":\"ok\"}")
                            .getBytes(StandardCharsets.UTF_8));
        }
    }
}
