package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.Punch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Blast radius (issue 10): data that this version cannot interpret, in one employee's clock item, concerns that
 * employee only. Two clocks are damaged straight in the table, as an older version or a bug could leave them (a
 * journal out of order; an attribute that does not parse). Before, every report for everyone and the whole nightly
 * job failed on them. Now the reports answer with everyone else's figures and flag the two in
 * {@code data_errors}; the two employees' own routes answer 409 clock-unreadable; the nightly job closes every
 * other clock and reports what it skipped (log line, metric line, audit record, summary). Repairing the records
 * through the API is the corrections feature's job; this leaves them untouched.
 */
@ExtendWith(LocalAwsExtension.class)
class UnreadableClockTest {
    private static final String ADA = "emp-ok-ada";
    private static final String BOB = "emp-ok-bob";
    private static final String OUT_OF_ORDER = "emp-bad-order";
    private static final String BAD_ZONE = "emp-bad-zone";
    private static final Set<String> DAMAGED = new TreeSet<>(List.of(OUT_OF_ORDER, BAD_ZONE));

    @Test
    void damagedClocksAreFlaggedOrSkippedWhileEveryoneElsesReportsAndTheNightlyJobGoOn(TestStack stack) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        Instant nine = yesterday.atTime(9, 0).toInstant(ZoneOffset.UTC);
        Dataset data = withDamagedClocks(
                Dataset.fresh(stack)
                        .employee(ADA, "Ada", "Able", "A-1", "Ops", "UTC", true)
                        .employee(BOB, "Bob", "Baker", "B-1", "Ops", "UTC", true)
                        .journal(
                                ADA,
                                List.of(
                                        new Punch("punch_in", nine),
                                        new Punch("punch_out", nine.plus(Duration.ofHours(8)))))
                        .journal(
                                BOB,
                                List.of(
                                        new Punch("punch_in", nine),
                                        new Punch("punch_out", nine.plus(Duration.ofHours(4))))),
                nine);
        Map<String, Map<String, AttributeValue>> damagedBefore = clockItems(data);
        // Seeded as if long ago: the clocks index has long caught up when reports and the nightly run read it.
        stack.awaitIndexes();

        // Reports: everyone else's figures. The overview and the daily report read the live totals, not the clocks,
        // so they cannot name the damaged ones (a clock that cannot be read counts for nothing in the totals); the
        // employees report and the employee's own daily figures read the clocks and flag them.
        Api reports = Callers.admin(stack).via(data.reports());
        String day = "?from=" + yesterday + "&to=" + yesterday;
        JsonNode overview = ok(reports.get("/api/reports/overview/?date=" + yesterday));
        assertEquals(Set.of(), flagged(overview));
        assertEquals(2, overview.get("employees_active").asLong(), overview::toString);
        JsonNode daily = ok(reports.get("/api/reports/daily/" + day));
        assertEquals(Set.of(), flagged(daily));
        assertEquals(2, daily.at("/items/0/employees_present").asLong(), daily::toString);
        assertEquals(12 * 3600, daily.at("/items/0/worked_seconds").asLong(), daily::toString);
        JsonNode employees = ok(reports.get("/api/reports/employees/" + day));
        assertEquals(DAMAGED, flagged(employees));
        for (JsonNode row : employees.get("items")) {
            long expected = switch (row.get("employee_id").asText()) {
                case ADA -> 8 * 3600;
                case BOB -> 4 * 3600;
                default -> 0;
            };
            assertEquals(expected, row.get("worked_seconds").asLong(), row::toString);
        }
        assertEquals(
                Set.of(OUT_OF_ORDER),
                flagged(ok(reports.get("/api/reports/daily/" + day + "&employee_id=" + OUT_OF_ORDER))));

        // The employees' own routes: a problem naming them, not a 500.
        Api reads = Callers.admin(stack).via(data.status());
        for (String employee : DAMAGED) {
            assertUnreadable(reads.get("/api/timetracking/status/" + employee + "/"), employee);
            assertUnreadable(reads.get("/api/timetracking/entries/?employee_id=" + employee), employee);
            assertUnreadable(
                    reads.get("/api/timetracking/sessions/?employee_id=" + employee + "&from=" + yesterday), employee);
        }
        assertEquals(
                200,
                reads.get("/api/timetracking/entries/?employee_id=" + ADA + "&from=" + yesterday)
                        .status());

        // The nightly job: every other clock closed, the two skipped and reported.
        ObjectNode summary = captured(
                () -> data.aggregation(Clock.fixed(now, ZoneOffset.UTC))
                        .handle(Week.scheduledEvent(now), () -> Long.MAX_VALUE),
                output -> {
                    for (String employee : DAMAGED) {
                        assertTrue(
                                output.stream()
                                        .anyMatch(line -> line.contains("Clock skipped") && line.contains(employee)),
                                "a log line for " + employee + ": " + output);
                    }
                    assertTrue(
                            output.stream()
                                    .anyMatch(line -> line.contains("\"CloudWatchMetrics\"")
                                            && line.contains("\"ClocksSkipped\":2")),
                            "an EMF metric line: " + output);
                });
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(4, summary.get("clocks").asLong(), summary::toString);
        assertEquals(2, summary.get("skipped_count").asLong(), summary::toString);
        Set<String> skipped = new TreeSet<>();
        summary.get("skipped").forEach(id -> skipped.add(id.asText()));
        assertEquals(DAMAGED, skipped);
        for (String employee : List.of(ADA, BOB)) {
            assertNotNull(
                    data.item(data.timeTable, "EMPLOYEE#" + employee, "SESSION#" + yesterday), employee + " is final");
        }
        for (String employee : DAMAGED) {
            var audit = data
                    .db
                    .query(query -> query.tableName(data.auditTable)
                            .keyConditionExpression("pk = :pk")
                            .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("employee#" + employee))))
                    .items()
                    .stream()
                    .filter(item -> item.get("action").s().equals("aggregation_skipped"))
                    .toList();
            assertEquals(1, audit.size(), "one audit record for " + employee);
            assertEquals("system", audit.get(0).get("actor_role").s());
        }
        assertEquals(damagedBefore, clockItems(data), "the damaged records are kept as they were, for repair");
    }

    /**
     * The repair the problem points to: the entries at fault are listed in it, an admin moves the one out of order
     * with a correction, and an update of the employee rewrites a damaged copy of the zone. Afterwards the two
     * employees' routes answer again and no report flags them.
     */
    @Test
    void anAdminRepairsDamagedClocksThroughTheApi(TestStack stack) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate yesterday = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(1);
        Instant nine = yesterday.atTime(9, 0).toInstant(ZoneOffset.UTC);
        Dataset data = withDamagedClocks(Dataset.fresh(stack), nine);
        stack.awaitIndexes();
        Api reads = Callers.admin(stack).via(data.status());

        Response unreadable =
                reads.get("/api/timetracking/entries/?employee_id=" + OUT_OF_ORDER + "&from=" + yesterday);
        assertUnreadable(unreadable, OUT_OF_ORDER);
        JsonNode recorded = unreadable.json().get("recorded_entries");
        assertEquals(List.of("punch_in", "break_start"), texts(recorded, "action"), unreadable::toString);
        assertEquals(nine.toString(), recorded.get(1).get("timestamp").asText());
        String breakStart = recorded.get(1).get("id").asText();
        assertUnreadable(reads.get("/api/timetracking/status/" + BAD_ZONE + "/"), BAD_ZONE);

        Response corrected = Callers.admin(stack)
                .via(data.periods())
                .post(
                        "/api/timetracking/corrections/",
                        Map.of(
                                "employee_id",
                                OUT_OF_ORDER,
                                "work_date",
                                yesterday.toString(),
                                "reason",
                                "An old app recorded the break before the punch_in",
                                "changes",
                                List.of(
                                        Map.of(
                                                "op",
                                                "move",
                                                "entry_id",
                                                breakStart,
                                                "timestamp",
                                                nine.plus(Duration.ofHours(3)).toString()),
                                        Map.of(
                                                "op",
                                                "add",
                                                "action",
                                                "break_end",
                                                "timestamp",
                                                nine.plus(Duration.ofMinutes(210))
                                                        .toString()),
                                        Map.of(
                                                "op",
                                                "add",
                                                "action",
                                                "punch_out",
                                                "timestamp",
                                                nine.plus(Duration.ofHours(8)).toString()))));
        assertEquals(201, corrected.status(), corrected::toString);
        assertEquals("applied", corrected.json().get("status").asText(), corrected::toString);

        Response updated = Callers.admin(stack)
                .via(data.employees())
                .put("/api/employees/" + BAD_ZONE + "/", Map.of("timezone", "UTC"));
        assertEquals(200, updated.status(), updated::toString);

        JsonNode entries =
                ok(reads.get("/api/timetracking/entries/?employee_id=" + OUT_OF_ORDER + "&from=" + yesterday));
        assertEquals(
                List.of("punch_in", "break_start", "break_end", "punch_out"), texts(entries.get("items"), "action"));
        JsonNode sessions = ok(reads.get(
                "/api/timetracking/sessions/?employee_id=" + OUT_OF_ORDER + "&from=" + yesterday + "&to=" + yesterday));
        assertEquals(
                8 * 3600 - 5 - 30 * 60, sessions.at("/items/0/worked_seconds").asLong(), sessions::toString);
        assertEquals(
                "off",
                ok(reads.get("/api/timetracking/status/" + OUT_OF_ORDER + "/"))
                        .get("status")
                        .asText());
        assertEquals(
                "off",
                ok(reads.get("/api/timetracking/status/" + BAD_ZONE + "/"))
                        .get("status")
                        .asText());
        // Reports read the clocks index, which follows the repaired clocks within about a second.
        stack.awaitIndexes();
        JsonNode daily = ok(Callers.admin(stack)
                .via(data.reports())
                .get("/api/reports/daily/?from=" + yesterday + "&to=" + yesterday));
        assertEquals(Set.of(), flagged(daily));
        assertEquals(2, daily.at("/items/0/employees_present").asLong(), daily::toString);
    }

    /** The two damaged clocks, each with a cycle starting at {@code nine}. */
    private static Dataset withDamagedClocks(Dataset data, Instant nine) {
        data.employee(OUT_OF_ORDER, "Olga", "Order", "O-1", "Ops", "UTC", true)
                .employee(BAD_ZONE, "Zed", "Zone", "Z-1", "Ops", "UTC", true)
                // An entry before its predecessor, as the millisecond check of an older version let through.
                .journal(
                        OUT_OF_ORDER,
                        List.of(new Punch("punch_in", nine.plusSeconds(5)), new Punch("break_start", nine)))
                .journal(BAD_ZONE, List.of(new Punch("punch_in", nine), new Punch("punch_out", nine.plusSeconds(60))));
        // Damaged as the data was found, its figures leaving the live totals with it (a clock that cannot be read
        // counts for nothing there).
        return data.keepingTotals(
                BAD_ZONE,
                () -> data.db.updateItem(update -> update.tableName(data.timeTable)
                        .key(ClockItems.key(BAD_ZONE))
                        .updateExpression("SET #zone = :zone")
                        .expressionAttributeNames(Map.of("#zone", "zone"))
                        .expressionAttributeValues(Map.of(":zone", AttributeValue.fromS("Mars/Olympus_Mons")))));
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> texts = new ArrayList<>();
        items.forEach(item -> texts.add(item.get(field).asText()));
        return texts;
    }

    private static JsonNode ok(Response response) {
        assertEquals(200, response.status(), response::toString);
        return response.json();
    }

    private static Set<String> flagged(JsonNode report) {
        Set<String> ids = new TreeSet<>();
        report.path("data_errors").forEach(error -> {
            assertEquals(
                    "https://timetracker.dev/problems/clock-unreadable",
                    error.get("type").asText());
            ids.add(error.get("employee_id").asText());
        });
        return ids;
    }

    private static void assertUnreadable(Response response, String employeeId) {
        assertEquals(409, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        assertEquals(
                "https://timetracker.dev/problems/clock-unreadable",
                response.json().get("type").asText());
        assertEquals(employeeId, response.json().get("employee_id").asText());
    }

    private static Map<String, Map<String, AttributeValue>> clockItems(Dataset data) {
        Map<String, Map<String, AttributeValue>> items = new java.util.TreeMap<>();
        for (String employee : DAMAGED) {
            items.put(employee, data.item(data.timeTable, "EMPLOYEE#" + employee, "CLOCK"));
        }
        return items;
    }

    /** Runs the job with stdout captured, then checks the lines. */
    private static ObjectNode captured(
            java.util.function.Supplier<ObjectNode> job, java.util.function.Consumer<List<String>> check) {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ObjectNode result;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            result = job.get();
        } finally {
            System.setOut(console);
        }
        List<String> lines = new ArrayList<>(
                List.of(captured.toString(StandardCharsets.UTF_8).split("\n")));
        console.print(captured.toString(StandardCharsets.UTF_8));
        check.accept(lines);
        return result;
    }
}
