package dev.timetracker.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.bench.BenchStack.Call;
import dev.timetracker.bench.BenchStack.Reply;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark 7, the scale guard: the cost of the organisation-wide reports and of the nightly job at
 * {@link BenchOptions#scaleEmployees} employees (10,000 in a full run; a small size in the quick run that
 * BenchmarkSmokeIT makes CI run, so the guard cannot rot). Everything goes through the functions' public
 * entry points, so the guard measures whatever code is there: the employees are created as the employees store
 * creates them ({@link Seeder}), each punches in and out once (~2 days ago) through the punch route as an admin
 * punching for them with an offline timestamp, and the reports and the scheduled nightly run are invoked through
 * handleRequest with API and schedule events. For each: DynamoDB calls, read units ({@link CapacityCounter}),
 * time, and the heap (in this JVM, so above the heap before). The goals of issue 11 are printed beside the figures
 * with a verdict; a goal not met is a figure, not a failure.
 */
final class ScaleBenchmark {
    static final String TITLE = "7. Scale guard: reports and the nightly job at scale";
    /** Issue 11: at 10,000 employees, per report request. */
    static final int REPORT_CALLS_GOAL = 10;

    static final int REPORT_READ_UNITS_GOAL = 100;
    static final int EMPLOYEES_PAGE_CALLS_GOAL = 4;
    static final int NIGHTLY_CALLS_PER_CLOCK_GOAL = 2;

    private final BenchStack stack;
    private final Callers callers;
    private final BenchOptions options;
    private final Seeder seeder;
    private final Instant punchIn = Instant.now().minus(Duration.ofHours(50)).truncatedTo(ChronoUnit.MINUTES);
    private final Instant punchOut = punchIn.plus(Duration.ofHours(8));

    ScaleBenchmark(BenchStack stack, Callers callers, BenchOptions options) {
        this.stack = stack;
        this.callers = callers;
        this.options = options;
        this.seeder = new Seeder(stack);
    }

    List<Table> run() {
        int employees = options.scaleEmployees();
        Seeder.Tables tables = seeder.freshTables();
        seeder.standardHours(tables);
        long started = System.nanoTime();
        List<Employee> seeded = seeder.employees(tables, employees, clock -> {});
        punchEveryone(tables, seeded);
        System.out.printf(
                Locale.ROOT,
                "  %,d employees created and punched in and out in %.0f s%n",
                employees,
                (System.nanoTime() - started) / 1e9);

        Table table = new Table(
                TITLE,
                "What, at " + Stats.count(employees) + " employees",
                "DynamoDB calls",
                "Read units",
                "Write units",
                "Time ms",
                "Heap MiB above before: peak / live after GC",
                "Goal",
                "Verdict");
        table.note("Fresh tables: " + Stats.count(employees) + " employees created as the employees store creates "
                + "them, each punched in at " + punchIn + " and out 8 h later through PunchFunction's handler (an "
                + "admin's offline punches for them), so every report and the nightly job find one finished day per "
                + "employee. Then, through handleRequest as Lambda calls it: the reports as an admin (a warm instance; "
                + "time = median of " + repeats() + " requests, counts of one), and one scheduled nightly run "
                + "(events/schedule-nightly.json, time = now). Calls and units by CapacityCounter "
                + "(ReturnConsumedCapacity=TOTAL on every request: the emulator's units, computed as DynamoDB's). Heap "
                + "in this JVM (emulators included), after a full GC, above the heap before.");
        table.note("Goals (issue 11): reports at 10,000 employees ≤ " + REPORT_CALLS_GOAL + " calls and ≤ "
                + REPORT_READ_UNITS_GOAL + " read units per request, reports/employees ≤ " + EMPLOYEES_PAGE_CALLS_GOAL
                + " calls per page; nightly ≤ " + NIGHTLY_CALLS_PER_CLOCK_GOAL + " calls per clock with a finished "
                + "day. They hold for 10,000 employees; a quick run's small size only keeps the guard working.");
        reports(tables, table);
        nightly(tables, employees, table);
        return List.of(table);
    }

    private int repeats() {
        return options.quick() ? 2 : 5;
    }

    /** The seeded tables in place of the function's own (the auth table stays: the admin logs in there). */
    private Deployment deployment(String function, Seeder.Tables tables, DynamoDbClient db) {
        Deployment deployment = stack.deployment(function);
        TableNames own = deployment.tables();
        return deployment
                .withDb(db)
                .withTables(new TableNames(
                        tables.employees(),
                        own.auth(),
                        tables.audit(),
                        tables.time(),
                        tables.exports(),
                        own.exportBucket()));
    }

    private void punchEveryone(Seeder.Tables tables, List<Employee> employees) {
        String admin = callers.admin().token();
        try (DynamoDbClient db = AwsClients.dynamoDb(stack.environment("PunchFunction"))) {
            RequestStreamHandler punch =
                    RouteBenchmark.handler("PunchFunction", deployment("PunchFunction", tables, db), null);
            for (Employee employee : employees) {
                for (String action : List.of("punch_in", "punch_out")) {
                    Instant at = action.equals("punch_in") ? punchIn : punchOut;
                    Reply reply = BenchStack.send(
                            punch,
                            stack.event(new Call(
                                    "POST",
                                    "/api/timetracking/punch/",
                                    BenchStack.json(Map.of(
                                            "employee_id",
                                            employee.id(),
                                            "action",
                                            action,
                                            "timestamp",
                                            at.toString(),
                                            "notes",
                                            "bench scale guard")),
                                    admin)));
                    Callers.expect(201, reply, action + " of " + employee.id());
                }
            }
        }
    }

    private void reports(Seeder.Tables tables, Table table) {
        String admin = callers.admin().token();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate worked = punchIn.atOffset(ZoneOffset.UTC).toLocalDate();
        CapacityCounter counter = new CapacityCounter();
        CallCounter operations = new CallCounter();
        var environment = stack.environment("ReportsFunction");
        try (DynamoDbClient db = BenchStack.dynamoDb(environment, counter, operations);
                S3Client s3 = S3Clients.s3(environment)) {
            RequestStreamHandler reports =
                    RouteBenchmark.handler("ReportsFunction", deployment("ReportsFunction", tables, db), s3);
            record Report(String name, String path, int callsGoal, boolean perPage) {}
            for (Report report : List.of(
                    new Report(
                            "GET reports/overview (today)",
                            "/api/reports/overview/?date=" + today,
                            REPORT_CALLS_GOAL,
                            false),
                    new Report(
                            "GET reports/overview (the day worked)",
                            "/api/reports/overview/?date=" + worked,
                            REPORT_CALLS_GOAL,
                            false),
                    new Report(
                            "GET reports/daily (last 7 days)",
                            "/api/reports/daily/?from=" + today.minusDays(6) + "&to=" + today,
                            REPORT_CALLS_GOAL,
                            false),
                    new Report(
                            "GET reports/employees (first page, last 7 days)",
                            "/api/reports/employees/?from=" + today.minusDays(6) + "&to=" + today,
                            EMPLOYEES_PAGE_CALLS_GOAL,
                            true))) {
                byte[] event = stack.event(new Call("GET", report.path(), null, admin));
                Callers.expect(200, BenchStack.send(reports, event), report.name() + " (warm-up)");
                double[] millis = new double[repeats()];
                CapacityCounter.Totals totals = null;
                String calls = null;
                HeapProbe.Heap heap = null;
                for (int i = 0; i < millis.length; i++) {
                    counter.take();
                    operations.reset();
                    HeapProbe probe = i == 0 ? HeapProbe.start() : null;
                    long started = System.nanoTime();
                    Reply reply = BenchStack.send(reports, event);
                    millis[i] = (System.nanoTime() - started) / 1e6;
                    if (probe != null) {
                        heap = probe.stop();
                        totals = counter.take();
                        calls = operations.summary();
                    }
                    Callers.expect(200, reply, report.name());
                }
                boolean met = totals.calls() <= report.callsGoal()
                        && (report.perPage() || totals.readUnits() <= REPORT_READ_UNITS_GOAL);
                String goal = "≤ " + report.callsGoal() + " calls"
                        + (report.perPage() ? " per page" : ", ≤ " + REPORT_READ_UNITS_GOAL + " read units");
                table.row(
                        report.name(),
                        calls,
                        units(totals.readUnits()),
                        units(totals.writeUnits()),
                        Stats.ms(Stats.median(millis)),
                        heapCell(heap),
                        goal,
                        Stats.verdict(met));
                System.out.printf(
                        Locale.ROOT,
                        "  %s: %s calls, %s read units, %s ms%n",
                        report.name(),
                        calls,
                        units(totals.readUnits()),
                        Stats.ms(Stats.median(millis)));
            }
        }
    }

    private void nightly(Seeder.Tables tables, int employees, Table table) {
        CapacityCounter counter = new CapacityCounter();
        var environment = stack.environment("DailyAggregationFunction");
        try (DynamoDbClient db = BenchStack.dynamoDb(environment, counter);
                S3Client s3 = S3Clients.s3(environment)) {
            Deployment deployment = deployment("DailyAggregationFunction", tables, db);
            RequestStreamHandler nightly = new DailyAggregationHandler(
                    DailyAggregationHandler.Config.of(deployment).withS3(s3));
            ObjectNode event = (ObjectNode) BenchStack.readTree(
                    stack.sampleEvent("schedule-nightly.json").getBytes(StandardCharsets.UTF_8));
            event.put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            byte[] bytes = Json.write(event).getBytes(StandardCharsets.UTF_8);
            counter.take();
            HeapProbe probe = HeapProbe.start();
            long started = System.nanoTime();
            var output = new java.io.ByteArrayOutputStream();
            try {
                nightly.handleRequest(new java.io.ByteArrayInputStream(bytes), output, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            double millis = (System.nanoTime() - started) / 1e6;
            HeapProbe.Heap heap = probe.stop();
            CapacityCounter.Totals totals = counter.take();
            System.out.printf(
                    Locale.ROOT,
                    "  nightly run: %d calls, %s read units, %.1f s: %s%n",
                    totals.calls(),
                    units(totals.readUnits()),
                    millis / 1000,
                    output.toString(StandardCharsets.UTF_8));
            double perClock = (double) totals.calls() / employees;
            table.row(
                    "Nightly run (schedule-nightly.json)",
                    Stats.count(totals.calls()) + String.format(Locale.ROOT, " (%.2f per clock)", perClock),
                    units(totals.readUnits()),
                    units(totals.writeUnits()),
                    Stats.ms(millis),
                    heapCell(heap),
                    "≤ " + NIGHTLY_CALLS_PER_CLOCK_GOAL + " calls per clock",
                    Stats.verdict(perClock <= NIGHTLY_CALLS_PER_CLOCK_GOAL));
        }
    }

    private static String units(double units) {
        return String.format(Locale.ROOT, "%,.1f", units);
    }

    private static String heapCell(HeapProbe.Heap heap) {
        return Stats.mib(heap.peakAbove()) + " / " + Stats.mib(heap.liveAbove());
    }
}
