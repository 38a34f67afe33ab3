package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, "Done means", the property through the API: a random punch history plus a random correction, sent as an
 * admin sends them, gives exactly the sessions, status and report figures of the same effective history punched
 * directly by another employee (both with the nightly job run before the correction, or neither); and a correction
 * refused with 422 changes nothing (entries including voided ones, sessions, the clock's version).
 *
 * <p>Each case is one seed of a {@link SplittableRandom}: histories of closed cycles (an hour to eight, some with a
 * break) over the last two days in one of four zones, possibly ending in an open cycle, never long enough for the
 * nightly job to close one itself; corrections of one to three adds, moves and voids near the chosen date's
 * entries, some of which the state machine, the neighbouring days or the clock refuse. A failing seed is named in
 * the test's display name; {@code -DcorrectionEquivalence.seed=N} runs that one alone.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionEquivalenceTest {
    private static final int CASES = 16;
    private static final String SEED_PROPERTY = "correctionEquivalence.seed";
    private static final List<ZoneId> ZONES = List.of(
            ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
    private static final String PUNCH = "/api/timetracking/punch/";
    private static final String[] ACTIONS = {"punch_in", "punch_out", "break_start", "break_end"};

    private TestStack stack;
    private Dataset data;
    private Api punches;
    private Api periods;
    private Api status;
    private Api reports;
    /** The nightly job's "now": every run of this class closes clocks as of the same instant. */
    private Instant now;

    private final AtomicInteger nightlyRuns = new AtomicInteger();
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @BeforeAll
    void setUp(TestStack stack) {
        this.stack = stack;
        this.now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Tables of its own for each case: the nightly job walks every clock of its tables, so on shared ones each
     * case would also close (and pay for) the clocks of all cases before it.
     */
    @BeforeEach
    void freshData() {
        this.data = Dataset.fresh(stack).standardHours();
        Api admin = Callers.admin(stack);
        this.punches = admin.via(new PunchHandler(data.deployment("PunchFunction")));
        this.periods = admin.via(new PeriodsHandler(data.deployment("PeriodsFunction")));
        // Status, sessions and reports as of the same instant: an open cycle's figures grow with the clock.
        Clock fixed = Clock.fixed(now, ZoneOffset.UTC);
        this.status =
                admin.via(new StatusHandler(data.deployment("StatusFunction").withClock(fixed)));
        this.reports = admin.via(new ReportsHandler(
                ReportsHandler.Config.of(data.deployment("ReportsFunction").withClock(fixed))
                        .withS3(stack.s3())
                        .withLinks(stack.links("ReportsFunction"))));
    }

    LongStream seeds() {
        String one = System.getProperty(SEED_PROPERTY);
        return one != null
                ? LongStream.of(Long.decode(one))
                : LongStream.range(0, CASES).map(i -> 0xc0_44ec_7000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCorrectionThroughTheApiEqualsTheSameHistoryPunchedDirectlyAndARefusedOneChangesNothing(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        String corrected = "emp-corr-" + Long.toHexString(seed);
        String direct = "emp-direct-" + Long.toHexString(seed);
        data.employee(corrected, "Cor", "Rected", "c" + seed, "Ops", zone.getId(), true);
        data.employee(direct, "Di", "Rect", "d" + seed, "Ops", zone.getId(), true);
        List<Map<String, String>> history = history(random);
        history.forEach(punch -> punch(corrected, punch));
        boolean nightly = random.nextBoolean();
        if (nightly) {
            runNightly();
        }
        LocalDate from = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(4);
        LocalDate to = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1);
        List<JsonNode> entries = entries(corrected, from, to, false);
        LocalDate workDate = LocalDate.parse(
                entries.get(random.nextInt(entries.size())).get("work_date").asText());
        List<Map<String, String>> changes = changes(
                random,
                entries.stream()
                        .filter(entry -> entry.get("work_date").asText().equals(workDate.toString()))
                        .toList());

        Snapshot before = snapshot(corrected, from, to);
        Response correction =
                CorrectionRequests.request(periods, corrected, workDate.toString(), "Property case " + seed, changes);
        String scenario = "seed " + seed + ", " + zone + (nightly ? ", after a nightly run" : "") + ", history "
                + history + ", correction of " + workDate + " " + changes + " → " + correction;

        if (correction.status() == 422) {
            refused.incrementAndGet();
            assertEquals(
                    "https://timetracker.dev/problems/invalid-correction",
                    correction.json().get("type").asText(),
                    scenario);
            assertEquals(before, snapshot(corrected, from, to), "a refused correction changed something: " + scenario);
            return;
        }
        assertEquals(201, correction.status(), scenario);
        assertEquals("applied", correction.json().get("status").asText(), scenario);
        applied.incrementAndGet();

        // The same effective history, punched directly (in order, as offline punches) by another employee.
        for (JsonNode entry : entries(corrected, from, to, false)) {
            punch(
                    direct,
                    Map.of(
                            "action",
                            entry.get("action").asText(),
                            "timestamp",
                            entry.get("timestamp").asText()));
        }
        if (nightly) {
            runNightly();
        }
        stack.awaitIndexes();
        assertEquals(sessions(corrected, from, to), sessions(direct, from, to), "sessions: " + scenario);
        assertEquals(statusOf(corrected), statusOf(direct), "status: " + scenario);
        assertEquals(figures(corrected, from, to), figures(direct, from, to), "report figures: " + scenario);
    }

    // ------------------------------------------------------------------ generating

    /**
     * Closed cycles of one to eight hours (a third with a break), 30 minutes to 16 hours apart, from 30 to 50 hours
     * ago; the last may be left open if it began less than 8 hours ago. The nightly job closes nothing itself (no
     * cycle reaches the 10-hour limit), so both histories stay comparable.
     */
    private List<Map<String, String>> history(SplittableRandom random) {
        List<Map<String, String>> punches = new ArrayList<>();
        Instant at = now.minusSeconds(random.nextLong(30 * 3600, 50 * 3600));
        while (punches.size() < 16) {
            long length = random.nextLong(3600, 8 * 3600);
            Instant out = at.plusSeconds(length);
            boolean open = !out.isBefore(now.minusSeconds(60));
            if (open && Duration.between(at, now).toHours() >= 8) {
                break;
            }
            punches.add(punch("punch_in", at));
            if (random.nextInt(3) == 0) {
                Instant breakStart = at.plusSeconds(random.nextLong(600, length / 2));
                Instant breakEnd = breakStart.plusSeconds(random.nextLong(300, 3600));
                if (breakEnd.isBefore(out) && breakEnd.isBefore(now)) {
                    punches.add(punch("break_start", breakStart));
                    punches.add(punch("break_end", breakEnd));
                }
            }
            if (open) {
                break;
            }
            punches.add(punch("punch_out", out));
            at = out.plusSeconds(random.nextLong(1800, 16 * 3600));
            if (at.isAfter(now.minusSeconds(600))) {
                break;
            }
        }
        return punches;
    }

    private static Map<String, String> punch(String action, Instant at) {
        return Map.of("action", action, "timestamp", at.toString());
    }

    /**
     * A correction of the date's entries (in time order): most are what people ask for (a punch a few minutes off, a
     * forgotten break, a break that was not taken, a forgotten punch_out), the rest one to three adds, moves and
     * voids anywhere near the entries, which the state machine, the neighbouring days or the clock often refuse.
     */
    private List<Map<String, String>> changes(SplittableRandom random, List<JsonNode> day) {
        List<JsonNode> entries = new ArrayList<>(day);
        entries.sort(java.util.Comparator.comparing(
                entry -> Instant.parse(entry.get("timestamp").asText())));
        switch (random.nextInt(6)) {
            case 1 -> {
                for (int i = 0; i + 1 < entries.size(); i++) {
                    Instant start = timestamp(entries.get(i));
                    if (action(entries.get(i)).matches("punch_in|break_end")
                            && Duration.between(start, timestamp(entries.get(i + 1)))
                                            .toMinutes()
                                    >= 20) {
                        return List.of(
                                CorrectionRequests.add("break_start", start.plusSeconds(300)),
                                CorrectionRequests.add("break_end", start.plusSeconds(600)));
                    }
                }
            }
            case 2 -> {
                for (int i = 0; i + 1 < entries.size(); i++) {
                    if (action(entries.get(i)).equals("break_start")
                            && action(entries.get(i + 1)).equals("break_end")) {
                        return List.of(
                                CorrectionRequests.voided(
                                        entries.get(i).get("id").asText()),
                                CorrectionRequests.voided(
                                        entries.get(i + 1).get("id").asText()));
                    }
                }
            }
            case 3 -> {
                JsonNode last = entries.get(entries.size() - 1);
                Instant out = timestamp(last).plusSeconds(random.nextLong(60, 3600));
                if (!action(last).equals("punch_out") && out.isBefore(now)) {
                    return List.of(CorrectionRequests.add("punch_out", out));
                }
            }
            case 4, 5 -> {
                List<Map<String, String>> changes = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    JsonNode entry = entries.get(random.nextInt(entries.size()));
                    Instant at = timestamp(entry).plusSeconds(random.nextLong(-3 * 3600, 3 * 3600));
                    switch (random.nextInt(3)) {
                        case 0 -> changes.add(CorrectionRequests.add(ACTIONS[random.nextInt(ACTIONS.length)], at));
                        case 1 ->
                            changes.add(CorrectionRequests.move(entry.get("id").asText(), at));
                        default ->
                            changes.add(
                                    CorrectionRequests.voided(entry.get("id").asText()));
                    }
                }
                return changes;
            }
            default -> {}
        }
        // A punch a few minutes off.
        JsonNode entry = entries.get(random.nextInt(entries.size()));
        return List.of(Map.of(
                "op",
                "move",
                "entry_id",
                entry.get("id").asText(),
                "timestamp",
                timestamp(entry).plusSeconds(random.nextLong(-600, 600)).toString()));
    }

    private static Instant timestamp(JsonNode entry) {
        return Instant.parse(entry.get("timestamp").asText());
    }

    private static String action(JsonNode entry) {
        return entry.get("action").asText();
    }

    // ------------------------------------------------------------------ the API

    private void punch(String employeeId, Map<String, String> punch) {
        Map<String, Object> body = new LinkedHashMap<>(punch);
        body.put("employee_id", employeeId);
        body.put("notes", "Replayed from the paper sheet");
        Response response = punches.post(PUNCH, body);
        assertEquals(201, response.status(), () -> body + " → " + response);
    }

    /** The nightly job, closing as of {@link #now}; each run has an id of its own (the event's time). */
    private void runNightly() {
        stack.awaitIndexes();
        ObjectNode result = data.aggregation(Clock.fixed(now, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(now.plusSeconds(nightlyRuns.incrementAndGet())), () -> Long.MAX_VALUE);
        assertEquals("done", result.get("status").asText(), result::toString);
    }

    private List<JsonNode> entries(String employeeId, LocalDate from, LocalDate to, boolean includeVoided) {
        return items(
                status,
                "/api/timetracking/entries/?employee_id=" + employeeId + "&from=" + from + "&to=" + to
                        + (includeVoided ? "&include_voided=true" : ""));
    }

    /** The sessions as the employee's API shows them, without whose they are. */
    private List<JsonNode> sessions(String employeeId, LocalDate from, LocalDate to) {
        List<JsonNode> sessions =
                items(status, "/api/timetracking/sessions/?employee_id=" + employeeId + "&from=" + from + "&to=" + to);
        sessions.forEach(session -> ((ObjectNode) session).remove("employee_id"));
        return sessions;
    }

    private String statusOf(String employeeId) {
        Response response = status.get("/api/timetracking/status/" + employeeId + "/");
        assertEquals(200, response.status(), response::toString);
        return response.json().get("status").asText();
    }

    /**
     * The employee's daily report figures (date, present, worked, break, late): the report filtered to one employee
     * costs one employee's sessions, whatever the number of employees the cases have created.
     */
    private List<JsonNode> figures(String employeeId, LocalDate from, LocalDate to) {
        return items(reports, "/api/reports/daily/?from=" + from + "&to=" + to + "&employee_id=" + employeeId);
    }

    private static List<JsonNode> items(Api api, String first) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String url = cursor == null ? first : first + "&cursor=" + cursor;
            Response page = api.get(url);
            assertEquals(200, page.status(), () -> url + " → " + page);
            page.json().get("items").forEach(items::add);
            JsonNode next = page.json().get("next_cursor");
            cursor = next == null || next.isNull() ? null : next.asText();
        } while (cursor != null);
        return items;
    }

    /** What a refused correction must leave as it was. */
    private record Snapshot(List<JsonNode> entries, List<JsonNode> sessions, String clockVersion) {}

    private Snapshot snapshot(String employeeId, LocalDate from, LocalDate to) {
        var clock = data.db
                .getItem(get -> get.tableName(data.timeTable)
                        .key(ClockItems.key(employeeId))
                        .consistentRead(true))
                .item();
        return new Snapshot(
                entries(employeeId, from, to, true),
                sessions(employeeId, from, to),
                clock.get("version").n());
    }

    @AfterAll
    void bothKindsCameUp() {
        System.out.println("corrections through the API: " + applied + " applied, " + refused + " refused");
        if (System.getProperty(SEED_PROPERTY) == null) {
            assertTrue(applied.get() >= CASES / 3, "enough valid corrections to mean something: " + applied);
            assertTrue(refused.get() >= CASES / 10, "enough invalid ones too: " + refused);
        }
    }
}
