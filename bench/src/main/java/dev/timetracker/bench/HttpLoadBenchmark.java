package dev.timetracker.bench;

import dev.timetracker.bench.Callers.Caller;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.stack.HttpFront;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 6: the local HTTP stack as the local stack runs it (HttpFront on a free loopback port, the template's
 * functions hosted in this JVM, the emulators behind them) under concurrent clients, each an employee with a token
 * of their own, for a fixed time: their own status, the business hours in force, and a punch alternating punch_in
 * and punch_out with a new client punch id each time, in turn. Every loop stops at its deadline by itself; a
 * request that is not answered within its timeout counts as an error.
 */
final class HttpLoadBenchmark {
    static final String TITLE = "6. Local HTTP stack under concurrent clients";
    static final String ALL = "All requests";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final String[] OPERATIONS = {"GET status (own)", "GET business-hours/current", "POST punch (own)"};

    /** What one client saw: latencies by operation, and what went wrong. */
    private static final class ClientLog {
        final Map<String, List<Long>> nanos = new TreeMap<>();
        final Map<String, Long> errors = new TreeMap<>();
        final List<String> samples = new ArrayList<>();

        void record(String operation, long took, String error) {
            nanos.computeIfAbsent(operation, o -> new ArrayList<>()).add(took);
            if (error != null) {
                errors.merge(operation, 1L, Long::sum);
                if (samples.size() < 3) {
                    samples.add(operation + ": " + error);
                }
            }
        }
    }

    private final BenchStack stack;
    private final Callers callers;
    private final BenchOptions options;

    HttpLoadBenchmark(BenchStack stack, Callers callers, BenchOptions options) {
        this.stack = stack;
        this.callers = callers;
        this.options = options;
    }

    List<Table> run() throws InterruptedException {
        int clients = options.loadClients();
        System.out.println("  making " + clients + " employees who log in");
        List<Caller> employees = callers.employees(clients);
        // As LocalStack does: handlers created by their no-argument constructors, as Lambda would.
        FunctionHost host = new FunctionHost(stack.template().functions(), stack.aws()::environmentOf);
        HttpFront front = HttpFront.start("127.0.0.1", 0, stack.routes(), host, exchange -> {});
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        try {
            URI base = URI.create("http://127.0.0.1:" + front.port());
            Map<Integer, Long> sequence = new ConcurrentHashMap<>();
            double warmUp = options.quick() ? 1 : 3;
            drive(http, base, employees, warmUp, sequence);
            System.out.printf(Locale.ROOT, "  %d clients, %d s%n", clients, options.loadSeconds());
            long started = System.nanoTime();
            List<ClientLog> logs = drive(http, base, employees, options.loadSeconds(), sequence);
            double seconds = (System.nanoTime() - started) / 1e9;
            return List.of(table(logs, clients, seconds));
        } finally {
            front.close();
        }
    }

    /** Every client runs its loop until the deadline; returns what each saw. */
    private List<ClientLog> drive(
            HttpClient http, URI base, List<Caller> employees, double seconds, Map<Integer, Long> sequence)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<ClientLog> logs = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(employees.size());
        for (int c = 0; c < employees.size(); c++) {
            int client = c;
            Caller employee = employees.get(c);
            Thread thread = new Thread(
                    () -> {
                        try {
                            logs.add(clientLoop(http, base, client, employee, deadline, sequence));
                        } finally {
                            done.countDown();
                        }
                    },
                    "load-client-" + client);
            thread.setDaemon(true);
            thread.start();
        }
        // Each loop ends at the deadline; the last request of each may take up to its timeout.
        if (!done.await((long) seconds + REQUEST_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Load clients still running after their deadline");
        }
        return logs;
    }

    private static ClientLog clientLoop(
            HttpClient http, URI base, int client, Caller employee, long deadline, Map<Integer, Long> sequence) {
        ClientLog log = new ClientLog();
        String auth = "Bearer " + employee.token();
        for (int i = 0; System.nanoTime() < deadline; i++) {
            String operation = OPERATIONS[i % OPERATIONS.length];
            HttpRequest.Builder request = HttpRequest.newBuilder()
                    .timeout(REQUEST_TIMEOUT)
                    .header("authorization", auth)
                    .header("accept", "application/json");
            int expected;
            switch (i % OPERATIONS.length) {
                case 0 -> {
                    request.uri(base.resolve("/api/timetracking/status/" + employee.employeeId() + "/"))
                            .GET();
                    expected = 200;
                }
                case 1 -> {
                    request.uri(base.resolve("/api/employees/business-hours/current/"))
                            .GET();
                    expected = 200;
                }
                default -> {
                    long seq = sequence.merge(client, 1L, Long::sum);
                    String action = seq % 2 == 1 ? "punch_in" : "punch_out";
                    request.uri(base.resolve("/api/timetracking/punch/"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"" + action
                                    + "\",\"client_punch_id\":\"load-" + client + "-" + seq + "\"}"));
                    expected = 201;
                }
            }
            long started = System.nanoTime();
            String error;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                error = response.statusCode() == expected
                        ? null
                        : "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (java.io.IOException e) {
                error = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = e.toString();
            }
            log.record(operation, System.nanoTime() - started, error);
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
        }
        return log;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private Table table(List<ClientLog> logs, int clients, double seconds) {
        Table table = new Table(TITLE, "Operation", "Requests", "Requests/s", "p50 ms", "p99 ms", "Errors");
        List<Long> all = new ArrayList<>();
        long allErrors = 0;
        List<String> samples = new ArrayList<>();
        for (String operation : OPERATIONS) {
            List<Long> nanos = new ArrayList<>();
            long errors = 0;
            for (ClientLog log : logs) {
                nanos.addAll(log.nanos.getOrDefault(operation, List.of()));
                errors += log.errors.getOrDefault(operation, 0L);
            }
            all.addAll(nanos);
            allErrors += errors;
            row(table, operation, nanos, errors, seconds);
        }
        logs.forEach(log -> samples.addAll(log.samples));
        row(table, ALL, all, allErrors, seconds);
        table.note(String.format(
                Locale.ROOT,
                "%d clients (threads with java.net.http.HttpClient, HTTP/1.1, keep-alive), "
                        + "each an employee with their own token, for %.1f s after a short warm-up, against HttpFront on a "
                        + "free loopback port with the template's functions hosted in the benchmark's JVM (what "
                        + "`mvn -pl local -am package exec:java` runs). Each client in turn: GET its own status, GET the "
                        + "business hours in force, POST a punch (punch_in and punch_out alternating, a new "
                        + "client_punch_id each). Errors: any status other than 200/200/201, and any exception or "
                        + "timeout (%d s).",
                clients,
                seconds,
                REQUEST_TIMEOUT.toSeconds()));
        if (!samples.isEmpty()) {
            table.note("First errors: " + String.join("; ", samples.subList(0, Math.min(5, samples.size()))));
        }
        return table;
    }

    private static void row(Table table, String operation, List<Long> nanos, long errors, double seconds) {
        double[] millis = Stats.millis(nanos);
        table.row(
                operation,
                Stats.count(nanos.size()),
                Stats.number(nanos.size() / seconds),
                Stats.ms(Stats.median(millis)),
                Stats.ms(Stats.percentile(millis, 0.99)),
                Long.toString(errors));
    }
}
