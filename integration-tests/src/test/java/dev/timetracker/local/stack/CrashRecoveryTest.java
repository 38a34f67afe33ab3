package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.LocalAws;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.EmulatorOnly;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Issue 10, "no acknowledged write may be lost": the local stack in its own JVM is killed with {@code kill -9}
 * while clients write, started again on the same data folder, and every write that had been answered 2xx must be
 * there: employees, punches, a logout (the token stays refused) and S3 objects.
 */
@EmulatorOnly("kills and restarts the local stack, which runs the emulators")
class CrashRecoveryTest {
    private Path dataDir;
    private static final String ADMIN = "crash-admin";
    private static final String PASSWORD = "crash-test-password-1";
    /**
     * The kill comes once this many employee/punch writes, logouts and S3 puts got a 2xx: enough to span every kind
     * of write and the emulator's old 2-second snapshot period, small enough for a few seconds of test.
     */
    private static final int KILL_AFTER_PUNCH_WRITES = 60;

    private static final int KILL_AFTER_LOGOUTS = 2;
    private static final int KILL_AFTER_S3_PUTS = 10;
    private static final int EMPLOYEE_WRITERS = 3;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Everything that got a 2xx before the kill. */
    private final Set<String> employees = ConcurrentHashMap.newKeySet();

    private final Map<String, Set<String>> entriesByEmployee = new ConcurrentHashMap<>();
    private final Set<String> loggedOutTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> s3Objects = new ConcurrentHashMap<>();
    private final List<String> unexpected = new ArrayList<>();
    /** Set just before the kill: only from then on is a failed request the kill's doing. */
    private volatile boolean killing;

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine(@TempDir Path dataDir) throws Exception {
        this.dataDir = dataDir;
        CountDownLatch punchWrites = new CountDownLatch(KILL_AFTER_PUNCH_WRITES);
        CountDownLatch halfway = new CountDownLatch(KILL_AFTER_PUNCH_WRITES / 2);
        CountDownLatch logouts = new CountDownLatch(KILL_AFTER_LOGOUTS);
        CountDownLatch s3Puts = new CountDownLatch(KILL_AFTER_S3_PUTS);
        String adminToken;
        int inFlightCut;
        long started = System.nanoTime();
        long up;
        long killed;
        try (LocalStackProcess first =
                LocalStackProcess.start(dataDir, Map.of("TT_ADMIN_PASSWORD", PASSWORD), "--bootstrap-admin", ADMIN)) {
            URI api = first.api();
            up = System.nanoTime();
            adminToken = login(api);
            List<String> sessionsToEnd = new ArrayList<>();
            for (int i = 0; i < KILL_AFTER_LOGOUTS; i++) {
                sessionsToEnd.add(login(api));
            }
            ExecutorService clients = Executors.newFixedThreadPool(EMPLOYEE_WRITERS + 2);
            List<Future<Boolean>> writers = new ArrayList<>();
            for (int i = 0; i < EMPLOYEE_WRITERS; i++) {
                writers.add(clients.submit(() -> employeesAndPunches(api, adminToken, punchWrites, halfway)));
            }
            writers.add(clients.submit(() -> logouts(api, sessionsToEnd, halfway, logouts)));
            writers.add(clients.submit(() -> s3Puts(first.s3(), s3Puts)));

            for (CountDownLatch enough : List.of(punchWrites, logouts, s3Puts)) {
                assertTrue(
                        enough.await(120, TimeUnit.SECONDS),
                        "writes were acknowledged: " + employees.size()
                                + " employees, " + entriesByEmployee.size() + " punched, " + loggedOutTokens.size()
                                + " logouts, " + s3Objects.size() + " S3 puts; unexpected answers " + unexpected);
            }
            killing = true;
            first.kill();
            killed = System.nanoTime();

            inFlightCut = 0;
            for (Future<Boolean> writer : writers) {
                inFlightCut += writer.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            clients.shutdown();
        }
        assertEquals(List.of(), unexpected, "only 2xx or a cut connection while writing");
        assertTrue(inFlightCut > 0, "the kill cut off requests in flight");
        assertTrue(!loggedOutTokens.isEmpty(), "sessions were ended before the kill");
        int entries = entriesByEmployee.values().stream().mapToInt(Set::size).sum();

        try (LocalStackProcess second = LocalStackProcess.start(dataDir, Map.of())) {
            long restarted = System.nanoTime();
            URI api = second.api();
            assertEquals(
                    200,
                    get(api, "/api/employees/?limit=1", adminToken).statusCode(),
                    "a token issued before the kill is still valid, so a refusal below means the logout held");
            int employeesFound = 0;
            int entriesFound = 0;
            String today = LocalDate.now(ZoneOffset.UTC).toString();
            String range = "&from=" + LocalDate.parse(today).minusDays(1) + "&to="
                    + LocalDate.parse(today).plusDays(1);
            for (String id : employees) {
                HttpResponse<String> employee = get(api, "/api/employees/" + id + "/", adminToken);
                employeesFound += employee.statusCode() == 200 ? 1 : 0;
            }
            for (var entry : entriesByEmployee.entrySet()) {
                HttpResponse<String> list = get(
                        api, "/api/timetracking/entries/?limit=200&employee_id=" + entry.getKey() + range, adminToken);
                Set<String> stored = new HashSet<>();
                Json.mapper()
                        .readTree(list.body())
                        .path("items")
                        .forEach(item -> stored.add(item.path("id").asText()));
                entriesFound +=
                        (int) entry.getValue().stream().filter(stored::contains).count();
            }
            int logoutsHeld = 0;
            for (String token : loggedOutTokens) {
                logoutsHeld += get(api, "/api/employees/?limit=1", token).statusCode() == 401 ? 1 : 0;
            }
            int objectsFound = 0;
            try (S3Client s3 = s3Client(second.s3())) {
                for (var object : s3Objects.entrySet()) {
                    try {
                        String body = s3.getObjectAsBytes(
                                        b -> b.bucket(bucket()).key(object.getKey()))
                                .asUtf8String();
                        objectsFound += body.equals(object.getValue()) ? 1 : 0;
                    } catch (NoSuchKeyException lost) {
                        // counted as missing
                    }
                }
            }
            System.out.printf(
                    "kill -9 after %d acknowledged writes (%d clients cut mid-request): found after restart "
                            + "%d/%d employees, %d/%d punches, %d/%d logouts still refused, %d/%d S3 objects "
                            + "(start %d ms, writes %d ms, restart %d ms, checks %d ms)%n",
                    employees.size() + entries + loggedOutTokens.size() + s3Objects.size(),
                    inFlightCut,
                    employeesFound,
                    employees.size(),
                    entriesFound,
                    entries,
                    logoutsHeld,
                    loggedOutTokens.size(),
                    objectsFound,
                    s3Objects.size(),
                    millis(started, up),
                    millis(up, killed),
                    millis(killed, restarted),
                    millis(restarted, System.nanoTime()));
            assertEquals(employees.size(), employeesFound, "acknowledged employees after restart");
            assertEquals(entries, entriesFound, "acknowledged punches after restart");
            assertEquals(loggedOutTokens.size(), logoutsHeld, "acknowledged logouts after restart");
            assertEquals(s3Objects.size(), objectsFound, "acknowledged S3 objects after restart");
            assertTrue(
                    !employees.isEmpty() && entries > 0 && !loggedOutTokens.isEmpty() && !s3Objects.isEmpty(),
                    "every kind of write was acknowledged at least once");

            second.stop();
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("dynamodb"))) {
            assertEquals(
                    List.of(),
                    files.filter(file -> file.toString().endsWith(".log")).toList(),
                    "a clean stop compacts the log into the snapshot");
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /** Creates employees and punches them in and out, as an admin. @return whether the kill cut it mid-request */
    private boolean employeesAndPunches(URI api, String token, CountDownLatch acknowledged, CountDownLatch halfway) {
        try {
            while (true) {
                String email = "crash-" + UUID.randomUUID() + "@example.com";
                JsonNode employee = post(
                        api,
                        "/api/employees/",
                        token,
                        "{\"email\":\"" + email + "\",\"first_name\":\"Kill\",\"last_name\":\"Test\"}",
                        201);
                if (employee == null) {
                    return false;
                }
                String id = employee.path("id").asText();
                employees.add(id);
                acknowledged.countDown();
                halfway.countDown();
                for (String action : List.of("punch_in", "punch_out")) {
                    JsonNode punch = post(
                            api,
                            "/api/timetracking/punch/",
                            token,
                            "{\"employee_id\":\"" + id + "\",\"action\":\"" + action + "\",\"notes\":\"crash test\"}",
                            201);
                    if (punch == null) {
                        return false;
                    }
                    entriesByEmployee
                            .computeIfAbsent(id, key -> ConcurrentHashMap.newKeySet())
                            .add(punch.path("entry").path("id").asText());
                    acknowledged.countDown();
                    halfway.countDown();
                }
            }
        } catch (IOException e) {
            return cutOff(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Once half the employee writes are in, ends sessions; each 204 is a token that must stay refused. */
    private boolean logouts(URI api, List<String> tokens, CountDownLatch halfway, CountDownLatch acknowledged) {
        try {
            if (!halfway.await(120, TimeUnit.SECONDS)) {
                return false;
            }
            for (String token : tokens) {
                HttpResponse<String> logout = http.send(
                        request(api, "/api/auth/logout/", token)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (logout.statusCode() != 204) {
                    unexpected("logout", logout);
                    return false;
                }
                loggedOutTokens.add(token);
                acknowledged.countDown();
            }
            return false;
        } catch (IOException e) {
            return cutOff(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return true when the kill cut the request off; any other failure is noted as unexpected */
    private boolean cutOff(Exception failure) {
        if (!killing) {
            synchronized (this) {
                unexpected.add("before the kill: " + failure);
            }
        }
        return killing;
    }

    private boolean s3Puts(URI endpoint, CountDownLatch acknowledged) {
        try (S3Client s3 = s3Client(endpoint)) {
            for (int i = 0; ; i++) {
                String key = "crash-test/object-" + i;
                String body = "object " + i + " " + UUID.randomUUID();
                s3.putObject(b -> b.bucket(bucket()).key(key), RequestBody.fromString(body));
                s3Objects.put(key, body);
                acknowledged.countDown();
            }
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            return cutOff(e);
        }
    }

    private String login(URI api) throws IOException, InterruptedException {
        JsonNode login = post(
                api,
                "/api/auth/login/",
                null,
                "{\"username\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}",
                200);
        if (login == null) {
            throw new IllegalStateException("login failed: " + unexpected);
        }
        return login.path("access_token").asText();
    }

    /** @return the response body, or null (noted as unexpected) if the status is not the expected one */
    private JsonNode post(URI api, String path, String token, String body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                request(api, path, token)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            unexpected("POST " + path, response);
            return null;
        }
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> get(URI api, String path, String token) throws IOException, InterruptedException {
        return http.send(request(api, path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI api, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30));
        return token == null ? builder : builder.header("authorization", "Bearer " + token);
    }

    private synchronized void unexpected(String what, HttpResponse<String> response) {
        unexpected.add(what + " -> " + response.statusCode() + " " + response.body());
    }

    /** As the harness of the stack now running on the data folder (its keys are new at every start). */
    private S3Client s3Client(URI endpoint) {
        java.util.Properties keys = new java.util.Properties();
        try (var in = Files.newBufferedReader(dataDir.resolve(LocalAws.HARNESS_CREDENTIALS_FILE))) {
            keys.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        keys.getProperty("aws_access_key_id"), keys.getProperty("aws_secret_access_key"))))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private static String bucket() {
        return SamTemplate.bucketName(
                SamTemplate.load(SamTemplate.locate()).buckets().get(0));
    }
}
