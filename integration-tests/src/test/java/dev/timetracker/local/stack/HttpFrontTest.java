package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.HttpRoute;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The local API Gateway stand-in under hostile clients: slow uploads, malformed requests, oversized bodies. */
@EmulatorOnly("checks the local HTTP front, not DynamoDB or S3")
@ExtendWith(LocalAwsExtension.class)
class HttpFrontTest {
    private static final int SLOW_UPLOADERS = 40;
    /** A Java class or package name, or an exception's name: internals that must never reach a client. */
    private static final Pattern JAVA_INTERNALS =
            Pattern.compile("\\b(java|javax|jdk|sun|com\\.sun|org\\.eclipse)\\.[a-z]|Exception|\\.java:");

    private final List<HttpFront> fronts = new ArrayList<>();
    private RouteTable routes;
    private FunctionHost functions;
    private CorsRules cors;

    @BeforeEach
    void functions(TestStack stack) {
        cors = new CorsRules(stack.template().httpApiCors().orElse(null));
        List<HttpRoute> all = new ArrayList<>();
        stack.template().functions().forEach(function -> all.addAll(function.routes()));
        routes = new RouteTable(all);
        functions = new FunctionHost(stack.template().functions(), stack.aws()::environmentOf);
    }

    @AfterEach
    void stop() {
        fronts.forEach(HttpFront::close);
    }

    private HttpFront front(Duration bodyTimeout) {
        HttpFront front = HttpFront.start("127.0.0.1", 0, routes, functions, cors, exchange -> {}, bodyTimeout);
        fronts.add(front);
        return front;
    }

    @Test
    void slowUploadersDoNotKeepOthersWaiting() throws Exception {
        HttpFront front = front(HttpFront.BODY_TIMEOUT);
        CountDownLatch stalled = new CountDownLatch(SLOW_UPLOADERS);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService uploaders = Executors.newFixedThreadPool(SLOW_UPLOADERS);
        try {
            for (int i = 0; i < SLOW_UPLOADERS; i++) {
                // Half stop in the middle of their headers, half in the middle of their body.
                boolean stopInHeaders = i % 2 == 0;
                uploaders.submit(() -> slowUpload(front.port(), stopInHeaders, stalled, release));
            }
            assertTrue(stalled.await(30, TimeUnit.SECONDS), "all slow uploads started");

            long started = System.nanoTime();
            HttpResponse<String> normal = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + front.port() + "/api/employees/"))
                                    .timeout(Duration.ofSeconds(10))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertEquals(401, normal.statusCode(), "the function answered: " + normal.body());
            assertTrue(millis < 5_000, "answered in " + millis + " ms while " + SLOW_UPLOADERS + " uploads stall");
        } finally {
            release.countDown();
            uploaders.shutdown();
            assertTrue(uploaders.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Sends its request a byte at a time, then stops sending (keeping the connection open) until released. */
    private static void slowUpload(int port, boolean stopInHeaders, CountDownLatch stalled, CountDownLatch release) {
        String headers = "POST /api/auth/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
                + "content-length: 1000\r\n\r\n";
        String sent = stopInHeaders ? headers.substring(0, headers.length() / 2) : headers + "{\"username\":";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            for (byte b : sent.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            stalled.countDown();
            release.await(60, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            stalled.countDown();
        }
    }

    @Test
    void aBodyThatDoesNotArriveInTimeIsAnswered408() throws IOException {
        HttpFront front = front(Duration.ofMillis(300));
        RawResponse response = RawResponse.exchange(
                front.port(),
                "POST /api/auth/login/ HTTP/1.1\r\nHost: x\r\n"
                        + "content-type: application/json\r\ncontent-length: 100\r\n\r\n{\"username\"");

        assertProblem(response, 408, "a stalled body");
        assertEquals(
                "https://timetracker.dev/problems/request-timeout",
                response.json().path("type").asText());
    }

    @Test
    void malformedRequestsAreAnsweredWithProblems() throws IOException {
        HttpFront front = front(HttpFront.BODY_TIMEOUT);
        Map<String, Integer> requests = new LinkedHashMap<>();
        requests.put("GET /api/%zz HTTP/1.1", 400);
        requests.put("GET /api/employees/%zz/ HTTP/1.1", 400);
        requests.put("GET /api/% HTTP/1.1", 400);
        requests.put("GET /api/%C3%28/ HTTP/1.1", 400);
        requests.put("GET /api/\u0000 HTTP/1.1", 400);
        requests.put("GET /api/\u0001x/ HTTP/1.1", 400);
        requests.put("GET /api/employees/?active=%zz HTTP/1.1", 400);
        requests.put("GET /api/employees/ HTTP/9.9", 505);
        requests.put("GET /api/employees/ HTTP/1.1\r\nX-Big: " + "a".repeat(11_000), 431);
        requests.put(
                "POST /api/employees/ HTTP/1.1\r\ncontent-length: " + (HttpFront.API_GATEWAY_MAX_PAYLOAD + 1), 413);
        requests.put("GET /api/no/such/route/ HTTP/1.1", 404);
        requests.put("GET /api/%00/ HTTP/1.1", 400);
        for (var request : requests.entrySet()) {
            RawResponse response = RawResponse.exchange(front.port(), request.getKey() + "\r\nHost: x\r\n\r\n");
            assertProblem(response, request.getValue(), request.getKey());
        }
    }

    private static void assertProblem(RawResponse response, int status, String request) {
        String what = request.replace("\u0000", "\\u0000") + "\n-> " + response.statusLine() + "\n" + response.headers()
                + "\n" + response.body();
        assertEquals(status, response.status(), what);
        assertEquals("application/problem+json", response.headers().get("content-type"), what);
        JsonNode problem = response.json();
        assertEquals(status, problem.path("status").asInt(), what);
        assertTrue(problem.path("type").asText().startsWith("https://timetracker.dev/problems/"), what);
        assertFalse(
                problem.path("title").asText().isEmpty()
                        || problem.path("detail").asText().isEmpty(),
                what);
        assertFalse(JAVA_INTERNALS.matcher(response.body()).find(), "internals leaked: " + what);
    }

    /** One HTTP/1.1 exchange over a raw socket, for requests no HTTP client would send. */
    private record RawResponse(String statusLine, Map<String, String> headers, String body) {
        static RawResponse exchange(int port, String request) throws IOException {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(15_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                InputStream in = socket.getInputStream();
                String statusLine = line(in);
                Map<String, String> headers = new LinkedHashMap<>();
                for (String header; !(header = line(in)).isEmpty(); ) {
                    int colon = header.indexOf(':');
                    headers.put(
                            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                return new RawResponse(statusLine, headers, new String(body, StandardCharsets.UTF_8));
            }
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    break;
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }
}
