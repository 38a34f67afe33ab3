package dev.timetracker.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.bench.BenchStack.Call;
import dev.timetracker.bench.BenchStack.Reply;
import dev.timetracker.bench.Callers.Caller;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.functions.status.StatusHandler;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmarks 1 and 3: for every API route, on a handler instance of its own built with a DynamoDB client that
 * records its calls (as RoundTripsTest does), the DynamoDB calls of the first request of the instance and of a
 * warm request, then the latency of a few hundred warm requests and the handler's own part of it: the handler
 * time minus the time spent in its SDK calls ({@link SdkTimer} on the same clients). Then 3b: the own time of an
 * employee's own punch and status read, with a token the function has verified before and with a new one.
 *
 * <p>The handlers are called as Lambda calls them: event bytes in, result bytes out, so the time includes reading
 * the event and writing the result. Events are built before the clock starts.
 */
final class RouteBenchmark {
    static final String OWN_PUNCH = "POST punch (own)";
    static final String OWN_STATUS = "GET status (own)";
    static final String ROUND_TRIPS_TITLE = "1. DynamoDB round trips per route";
    static final String LATENCY_TITLE = "3. Warm latency per route, in process: handler time and its own part";
    static final String OWN_TIME_TITLE = "3b. Own time of a punch and a status read, cached and fresh token";
    /** Goals of issue 11 for the own time (handler minus SDK calls) of an own punch and an own status read, p50. */
    static final double CACHED_GOAL_MS = 0.3;

    static final double FRESH_GOAL_MS = 2.5;

    /**
     * One route as the benchmark drives it.
     *
     * @param prepare     called once with the number of invocations to come, before the first (to make what each
     *                    invocation consumes: tokens to log out, users to deactivate)
     * @param call        the request of invocation i (0 = the first of the instance)
     * @param tables      the deployment the route's handler gets (most use the shared tables)
     */
    private record Route(
            String name,
            int expectedStatus,
            boolean hashing,
            IntConsumer prepare,
            IntFunction<Call> call,
            UnaryOperator<Deployment> tables) {}

    /**
     * A route's measurement. The arrays make a record's equals compare them by identity; no one compares
     * measurements (each becomes rows of a table), so the record's brevity wins.
     */
    @SuppressWarnings("ArrayRecordComponent")
    private record Measured(
            String name,
            String function,
            List<SdkRecorder.Recorded> first,
            List<SdkRecorder.Recorded> warm,
            List<SdkRecorder.Recorded> s3Warm,
            double[] millis,
            double[] ownMillis,
            String failure) {}

    private final BenchStack stack;
    private final Callers callers;
    private final BenchOptions options;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final SdkTimer sdkTime = new SdkTimer();
    /** The employees who punch and read their status, logged in once each (made by {@link #routes()}). */
    private final List<Caller> punchers = new ArrayList<>();

    RouteBenchmark(BenchStack stack, Callers callers, BenchOptions options) {
        this.stack = stack;
        this.callers = callers;
        this.options = options;
    }

    List<Table> run() {
        SdkRecorder dynamoCalls = new SdkRecorder();
        SdkRecorder s3Calls = new SdkRecorder();
        List<Measured> measured = new ArrayList<>();
        for (Route route : routes()) {
            System.out.printf("  %-45s", route.name());
            // Prepared first: a route's calls may name what preparing makes (the tokens a logout revokes).
            route.prepare().accept(1 + warmUps(route) + 1 + timed(route));
            String function = stack.functionFor(route.call().apply(0));
            // Each function acts with its own identity and environment, as in AWS; the bare replay too.
            Environment environment = stack.environment(function);
            try (DynamoDbClient recording = BenchStack.dynamoDb(environment, dynamoCalls, sdkTime);
                    S3Client s3 = S3Clients.s3Builder(environment)
                            .overrideConfiguration(
                                    o -> o.addExecutionInterceptor(s3Calls).addExecutionInterceptor(sdkTime))
                            .build()) {
                Measured result = measure(
                        route, function, stack.deployment(function).withDb(recording), s3, dynamoCalls, s3Calls);
                System.out.println(
                        result.failure() != null
                                ? "FAILED: " + result.failure()
                                : String.format(
                                        " p50 %s ms, %d DynamoDB call(s)",
                                        Stats.ms(Stats.median(result.millis())),
                                        result.warm().size()));
                measured.add(result);
            }
        }
        return List.of(roundTrips(measured), latency(measured), ownTime());
    }

    private int timed(Route route) {
        return route.hashing() ? options.hashingInvocations() : options.routeInvocations();
    }

    private int warmUps(Route route) {
        return route.hashing() ? Math.min(2, options.warmUps()) : options.warmUps();
    }

    private Measured measure(
            Route route,
            String function,
            Deployment deployment,
            S3Client s3,
            SdkRecorder dynamoCalls,
            SdkRecorder s3Calls) {
        int timed = timed(route);
        int warmUps = warmUps(route);
        try {
            RequestStreamHandler handler = handler(function, route.tables().apply(deployment), s3);
            int i = 0;
            dynamoCalls.start();
            invoke(handler, route, i++);
            List<SdkRecorder.Recorded> first = dynamoCalls.stop();
            for (int w = 0; w < warmUps; w++) {
                invoke(handler, route, i++);
            }
            dynamoCalls.start();
            s3Calls.start();
            invoke(handler, route, i++);
            List<SdkRecorder.Recorded> warm = dynamoCalls.stop();
            List<SdkRecorder.Recorded> s3Warm = s3Calls.stop();

            double[] millis = new double[timed];
            double[] own = new double[timed];
            for (int t = 0; t < timed; t++) {
                byte[] event = stack.event(route.call().apply(i++));
                Timed result = timed(handler, event);
                millis[t] = result.millis();
                own[t] = result.ownMillis();
                check(route, result.reply());
            }
            return new Measured(route.name(), function, first, warm, s3Warm, millis, own, null);
        } catch (RuntimeException e) {
            dynamoCalls.stop();
            s3Calls.stop();
            e.printStackTrace();
            return new Measured(
                    route.name(),
                    function,
                    List.of(),
                    List.of(),
                    List.of(),
                    new double[0],
                    new double[0],
                    e.getMessage());
        }
    }

    /** One request: handler time, and that minus the time in SDK calls. */
    private record Timed(Reply reply, double millis, double ownMillis) {}

    private Timed timed(RequestStreamHandler handler, byte[] event) {
        sdkTime.take();
        long started = System.nanoTime();
        Reply reply = BenchStack.send(handler, event);
        long took = System.nanoTime() - started;
        return new Timed(reply, took / 1e6, (took - sdkTime.take()) / 1e6);
    }

    private void invoke(RequestStreamHandler handler, Route route, int i) {
        check(route, BenchStack.send(handler, stack.event(route.call().apply(i))));
    }

    private static void check(Route route, Reply reply) {
        if (reply.status() != route.expectedStatus()) {
            throw new IllegalStateException(route.name() + ": expected " + route.expectedStatus() + ", got "
                    + reply.status() + " " + reply.body());
        }
    }

    /** The handler template.yaml's function would create, but on the recording client. */
    static RequestStreamHandler handler(String function, Deployment deployment, S3Client s3) {
        return switch (function) {
            case "AuthFunction" -> new AuthHandler(AuthHandler.Config.of(deployment));
            case "EmployeesFunction" -> new EmployeesHandler(deployment);
            case "PunchFunction" -> new PunchHandler(deployment);
            case "StatusFunction" -> new StatusHandler(deployment);
            case "ReportsFunction" ->
                new ReportsHandler(ReportsHandler.Config.of(deployment).withS3(s3));
            default -> throw new IllegalArgumentException("No API handler for " + function);
        };
    }

    // ------------------------------------------------------------------------------------------- the routes

    private List<Route> routes() {
        Caller admin = callers.admin();
        callers.manager(); // created and logged in now, so that no route's timing includes it
        // The sample's business hours, in force for every punch, status and report below.
        Callers.expect(
                201,
                stack.send(new Call("POST", "/api/employees/business-hours/", SAMPLE_HOURS, admin.token())),
                "business hours");
        // Logs in by the login route only: replaying that route's calls counts failed attempts against it.
        String loginUser = "login-" + Callers.unique();
        callers.adminUser(loginUser, "admin");
        Caller subject = callers.employee(false);
        int people = options.punchers();
        System.out.println("  making " + people + " employees who log in, and " + people + " who do not");
        punchers.addAll(callers.employees(people));
        List<Caller> targets = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            targets.add(callers.employee(false));
        }
        String exportId = stack.send(new Call("POST", "/api/reports/export/csv/", exportBody(), admin.token()))
                .json()
                .get("export_id")
                .asText();
        String freshEmployeesTable = stack.freshTable("EmployeesTable");

        List<String> logoutTokens = new ArrayList<>();
        List<String> adminUsersToDeactivate = new ArrayList<>();
        List<String> employeesToDeactivate = new ArrayList<>();

        List<Route> routes = new ArrayList<>();
        routes.add(new Route(
                "POST login",
                200,
                true,
                RouteBenchmark::none,
                i -> new Call(
                        "POST",
                        "/api/auth/login/",
                        BenchStack.json(Map.of("username", loginUser, "password", Callers.PASSWORD)),
                        null),
                same()));
        routes.add(new Route(
                "POST logout",
                204,
                true,
                count -> {
                    for (int i = 0; i < count; i++) {
                        logoutTokens.add(
                                callers.login("root", Callers.PASSWORD, null).token());
                    }
                },
                i -> new Call("POST", "/api/auth/logout/", null, logoutTokens.get(i)),
                same()));
        routes.add(adminGet("GET admin-users", i -> "/api/auth/admin-users/"));
        routes.add(new Route(
                "POST admin-users",
                201,
                true,
                RouteBenchmark::none,
                i -> new Call(
                        "POST",
                        "/api/auth/admin-users/",
                        BenchStack.json(Map.of(
                                "username",
                                "bench-" + Callers.unique(),
                                "email",
                                Callers.unique() + "@example.com",
                                "password",
                                "a long enough password",
                                "role",
                                "manager")),
                        admin().token()),
                same()));
        routes.add(new Route(
                "DELETE admin-users/{id}",
                204,
                true,
                count -> {
                    for (int i = 0; i < count; i++) {
                        adminUsersToDeactivate.add(callers.adminUser("gone-" + Callers.unique(), "manager"));
                    }
                },
                i -> new Call(
                        "DELETE",
                        "/api/auth/admin-users/" + adminUsersToDeactivate.get(i) + "/",
                        null,
                        admin().token()),
                same()));
        routes.add(adminGet(
                "GET audit", i -> "/api/audit/?entity_type=employee&from=" + today.minusDays(25) + "&to=" + today));

        routes.add(adminGet("GET employees (list)", i -> "/api/employees/?active=true&limit=20"));
        routes.add(plain(
                "POST employees (create)",
                201,
                i -> new Call(
                        "POST",
                        "/api/employees/",
                        BenchStack.json(Map.of(
                                "email",
                                "ana." + Callers.unique() + "@example.com",
                                "first_name",
                                "Ana",
                                "last_name",
                                "García",
                                "employee_code",
                                "E-1042",
                                "department",
                                "Warehouse",
                                "position",
                                "Picker",
                                "timezone",
                                "Europe/Madrid")),
                        admin().token())));
        routes.add(adminGet("GET employees/{id}", i -> "/api/employees/" + subject.employeeId() + "/"));
        routes.add(plain(
                "PUT employees/{id}",
                200,
                i -> new Call(
                        "PUT",
                        "/api/employees/" + subject.employeeId() + "/",
                        BenchStack.json(Map.of(
                                "department", i % 2 == 0 ? "Logistics" : "Warehouse", "position", "Team lead " + i)),
                        admin().token())));
        routes.add(new Route(
                "DELETE employees/{id}",
                204,
                false,
                count -> {
                    for (int i = 0; i < count; i++) {
                        employeesToDeactivate.add(callers.employee(false).employeeId());
                    }
                },
                i -> new Call("DELETE", "/api/employees/" + employeesToDeactivate.get(i) + "/", null, admin().token()),
                same()));
        routes.add(adminGet(
                "GET employees/by_email",
                i -> "/api/employees/by_email/?email=" + subject.login().replace("@", "%40")));
        routes.add(plain(
                "GET business-hours/current",
                200,
                i -> new Call(
                        "GET",
                        "/api/employees/business-hours/current/",
                        null,
                        puncher(punchers, i).token())));
        routes.add(adminGet("GET business-hours (history)", i -> "/api/employees/business-hours/"));
        // On an employees table of its own: hundreds of configurations would slow every other timeline read.
        routes.add(new Route(
                "POST business-hours",
                201,
                false,
                RouteBenchmark::none,
                i -> new Call("POST", "/api/employees/business-hours/", SAMPLE_HOURS, admin().token()),
                deployment -> deployment.withTables(deployment.tables().withEmployees(freshEmployeesTable))));

        // Each employee alternates punch_in and punch_out; the k-th punch of an employee is invocation k*people+p.
        routes.add(plain(
                OWN_PUNCH,
                201,
                i -> new Call(
                        "POST",
                        "/api/timetracking/punch/",
                        BenchStack.json(Map.of("action", (i / people) % 2 == 0 ? "punch_in" : "punch_out")),
                        puncher(punchers, i).token())));
        routes.add(plain(
                "POST punch (admin, for an employee)",
                201,
                i -> new Call(
                        "POST",
                        "/api/timetracking/punch/",
                        BenchStack.json(Map.of(
                                "employee_id",
                                targets.get(i % people).employeeId(),
                                "action",
                                (i / people) % 2 == 0 ? "punch_in" : "punch_out",
                                "notes",
                                "forgot the badge")),
                        admin().token())));
        routes.add(ownGet(OWN_STATUS, own -> "/api/timetracking/status/" + own.employeeId() + "/"));
        routes.add(plain(
                "GET status (manager, someone else's)",
                200,
                i -> new Call(
                        "GET",
                        "/api/timetracking/status/" + punchers.get(i % people).employeeId() + "/",
                        null,
                        manager().token())));
        routes.add(ownGet(
                "GET entries (own)",
                own -> "/api/timetracking/entries/?employee_id=" + own.employeeId() + "&from=" + today.minusDays(6)
                        + "&to=" + today));
        routes.add(ownGet(
                "GET sessions (own)",
                own -> "/api/timetracking/sessions/?employee_id=" + own.employeeId() + "&from=" + today.minusDays(29)
                        + "&to=" + today));

        routes.add(adminGet("GET reports/overview", i -> "/api/reports/overview/?date=" + today.minusDays(1)));
        routes.add(adminGet(
                "GET reports/employees", i -> "/api/reports/employees/?from=" + today.minusDays(24) + "&to=" + today));
        routes.add(
                adminGet("GET reports/daily", i -> "/api/reports/daily/?from=" + today.minusDays(24) + "&to=" + today));
        routes.add(plain(
                "POST reports/export/csv",
                201,
                i -> new Call("POST", "/api/reports/export/csv/", exportBody(), admin().token())));
        routes.add(adminGet("GET reports/exports/{id}", i -> "/api/reports/exports/" + exportId + "/"));
        return routes;
    }

    /** The business hours of events/business-hours-create.json. */
    private static final String SAMPLE_HOURS = "{\"timezone\": \"Europe/Madrid\", \"work_days\": [1, 2, 3, 4, 5], "
            + "\"start_time\": \"09:00\", \"end_time\": \"17:30\", \"late_grace_minutes\": 5, "
            + "\"early_leave_grace_minutes\": 5, \"max_shift_hours\": 12, \"daily_overtime_after_minutes\": 480}";

    /** Like events/reports-export-csv.json: everyone, the last 25 days (small enough to be written inline: 201). */
    private String exportBody() {
        return BenchStack.json(Map.of("from", today.minusDays(24).toString(), "to", today.toString()));
    }

    private Caller admin() {
        return callers.admin();
    }

    private Caller manager() {
        return callers.manager();
    }

    /** The employee of invocation i, with a token young enough (logging in again, outside any timing, if not). */
    private Caller puncher(List<Caller> punchers, int i) {
        int index = i % punchers.size();
        Caller fresh = callers.fresh(punchers.get(index));
        punchers.set(index, fresh);
        return fresh;
    }

    /** A route that prepares nothing, does not hash and runs on the shared tables. */
    private static Route plain(String name, int expectedStatus, IntFunction<Call> call) {
        return new Route(name, expectedStatus, false, RouteBenchmark::none, call, same());
    }

    /** A plain GET by the admin, answered 200. */
    private Route adminGet(String name, IntFunction<String> path) {
        return plain(name, 200, i -> new Call("GET", path.apply(i), null, admin().token()));
    }

    /** A plain GET by the employee of invocation i of their own data, answered 200. */
    private Route ownGet(String name, Function<Caller, String> path) {
        return plain(name, 200, i -> {
            Caller own = puncher(punchers, i);
            return new Call("GET", path.apply(own), null, own.token());
        });
    }

    /** A route's preparation when it needs none. */
    private static void none(int count) {}

    private static UnaryOperator<Deployment> same() {
        return UnaryOperator.identity();
    }

    // ------------------------------------------------------------------------------------------- the tables

    private Table roundTrips(List<Measured> measured) {
        Table table = new Table(
                ROUND_TRIPS_TITLE,
                "Route",
                "Function",
                "Warm: DynamoDB calls",
                "Warm: operations",
                "First call of an instance",
                "Warm: S3 calls");
        table.note("Counted by an SDK ExecutionInterceptor (one `beforeExecution` per call) on a handler instance of "
                + "the route's own. \"Warm\" is a request after " + options.warmUps() + " warm-up requests (business "
                + "hours cached for 60 s per instance); \"first call\" is the instance's first request.");
        for (Measured m : measured) {
            if (m.failure() != null) {
                table.row(m.name(), m.function(), "failed", m.failure(), "failed", "failed");
                continue;
            }
            table.row(
                    m.name(),
                    m.function(),
                    Integer.toString(m.warm().size()),
                    SdkRecorder.sequence(m.warm()),
                    SdkRecorder.describe(m.first()),
                    SdkRecorder.describe(m.s3Warm()));
        }
        return table;
    }

    private Table latency(List<Measured> measured) {
        Table table = new Table(LATENCY_TITLE, "Route", "n", "p50 ms", "p99 ms", "Own p50 ms", "Own p99 ms");
        table.note("Each route: " + options.routeInvocations() + " timed requests (" + options.hashingInvocations()
                + " for the routes that hash a password or need one hashed per request: login, logout, admin-users POST "
                + "and DELETE) after the warm-ups, each handleRequest(event bytes) to result bytes on one warm instance. "
                + "\"Own\": the same request's time minus the time inside its SDK calls (DynamoDB and S3, from "
                + "beforeExecution to afterExecution, so the SDK's marshalling is not own time), which is the "
                + "function's own work and does not depend on the emulator's speed. Tokens are the callers' own, "
                + "verified once and then cached by the instance (table 3b has fresh ones).");
        for (Measured m : measured) {
            if (m.failure() != null) {
                table.row(m.name(), "failed", "failed", "failed", "failed", "failed");
                continue;
            }
            table.row(
                    m.name(),
                    Integer.toString(m.millis().length),
                    Stats.ms(Stats.median(m.millis())),
                    Stats.ms(Stats.percentile(m.millis(), 0.99)),
                    Stats.ms(Stats.median(m.ownMillis())),
                    Stats.ms(Stats.percentile(m.ownMillis(), 0.99)));
        }
        return table;
    }

    // ------------------------------------------------------------------------------------------- 3b: own time

    private enum TokenKind {
        CACHED,
        FRESH
    }

    /**
     * An own punch and an own status read, {@link BenchOptions#ownTimeSamples} timed requests for each route and
     * kind of token, cached and fresh alternating request by request (so a slow moment falls on both), each
     * employee's punches alternating punch_in and punch_out. A fresh token is new to the instance (minted like the
     * auth function's, see {@link TokenMinter}), so the request pays the ES256 signature check.
     */
    private Table ownTime() {
        TokenMinter minter = new TokenMinter(stack);
        List<Caller> own = new ArrayList<>();
        punchers.forEach(caller -> own.add(callers.fresh(caller)));
        Table table = new Table(
                OWN_TIME_TITLE,
                "Route, token",
                "n",
                "Handler p50 ms",
                "SDK calls p50 ms",
                "Own p50 ms",
                "Own p99 ms",
                "Goal: own p50",
                "Verdict");
        table.note("Own = handler time (event bytes in to result bytes out, on one warm instance) minus the time "
                + "inside its SDK calls (SdkTimer: beforeExecution to afterExecution, so the SDK's marshalling and "
                + "the emulator are not own time). Cached: the employee's login token, which the instance verified "
                + "before; fresh: a token new to the instance, signed like the auth function's, so the ES256 "
                + "signature check runs. " + options.ownTimeSamples() + " timed requests per row after "
                + "warm-ups; cached and fresh alternate request by request; " + own.size() + " employees in turn. "
                + "Goals (issue 11): own p50 ≤ " + CACHED_GOAL_MS + " ms cached, ≤ " + FRESH_GOAL_MS + " ms fresh.");
        for (String route : List.of(OWN_PUNCH, OWN_STATUS)) {
            boolean punch = route.equals(OWN_PUNCH);
            String function = punch ? "PunchFunction" : "StatusFunction";
            try (DynamoDbClient timedDb = BenchStack.dynamoDb(stack.environment(function), sdkTime)) {
                RequestStreamHandler handler =
                        handler(function, stack.deployment(function).withDb(timedDb), null);
                // Where the route benchmark left each employee: at work, the next punch is punch_out.
                int[] punches = new int[own.size()];
                for (int e = 0; e < own.size(); e++) {
                    Caller caller = own.get(e);
                    String status = stack.send(new Call(
                                    "GET",
                                    "/api/timetracking/status/" + caller.employeeId() + "/",
                                    null,
                                    caller.token()))
                            .json()
                            .path("status")
                            .asText();
                    punches[e] = status.equals("off") ? 0 : 1;
                }
                java.util.function.BiFunction<Integer, TokenKind, Call> request = (i, kind) -> {
                    int e = (i / 2) % own.size();
                    Caller caller = own.get(e);
                    String token = kind == TokenKind.CACHED ? caller.token() : minter.fresh(caller.token());
                    return punch
                            ? new Call(
                                    "POST",
                                    "/api/timetracking/punch/",
                                    BenchStack.json(Map.of("action", punches[e]++ % 2 == 0 ? "punch_in" : "punch_out")),
                                    token)
                            : new Call("GET", "/api/timetracking/status/" + caller.employeeId() + "/", null, token);
                };
                int expected = punch ? 201 : 200;
                int warmUps = Math.max(2 * own.size(), options.warmUps());
                int samples = options.ownTimeSamples();
                Map<TokenKind, double[][]> figures =
                        Map.of(TokenKind.CACHED, new double[3][samples], TokenKind.FRESH, new double[3][samples]);
                for (int i = 0; i < warmUps + 2 * samples; i++) {
                    // The order within each pair flips every round of employees, so neither kind always goes first.
                    boolean cachedFirst = ((i / 2) / own.size()) % 2 == 0;
                    TokenKind kind = (i % 2 == 0) == cachedFirst ? TokenKind.CACHED : TokenKind.FRESH;
                    byte[] event = stack.event(request.apply(i, kind));
                    Timed result = timed(handler, event);
                    if (result.reply().status() != expected) {
                        throw new IllegalStateException(route + " (" + kind + "): expected " + expected + ", got "
                                + result.reply().status() + " " + result.reply().body());
                    }
                    int t = (i - warmUps) / 2;
                    if (t >= 0 && i >= warmUps) {
                        double[][] f = figures.get(kind);
                        f[0][t] = result.millis();
                        f[1][t] = result.millis() - result.ownMillis();
                        f[2][t] = result.ownMillis();
                    }
                }
                for (TokenKind kind : TokenKind.values()) {
                    double[][] f = figures.get(kind);
                    double goal = kind == TokenKind.CACHED ? CACHED_GOAL_MS : FRESH_GOAL_MS;
                    double ownP50 = Stats.median(f[2]);
                    table.row(
                            route + ", " + kind.name().toLowerCase(java.util.Locale.ROOT) + " token",
                            Integer.toString(samples),
                            Stats.ms(Stats.median(f[0])),
                            Stats.ms(Stats.median(f[1])),
                            String.format(java.util.Locale.ROOT, "%.3f", ownP50),
                            String.format(java.util.Locale.ROOT, "%.3f", Stats.percentile(f[2], 0.99)),
                            "≤ " + goal + " ms",
                            Stats.verdict(ownP50 <= goal));
                    System.out.printf(java.util.Locale.ROOT, "  %s, %s token: own p50 %.3f ms%n", route, kind, ownP50);
                }
            }
        }
        return table;
    }
}
