package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The contract's "Time tracking" section through the API: the punch state machine, idempotency, offline
 * timestamps, punches for someone else and their audit trail, validation, the status route, and the entries and
 * sessions listings. Figures are hand-computed from punches with known timestamps; where they depend on business
 * hours or on "now", the handlers run on a fresh employees table (our own business hours) and a fixed clock.
 */
@ExtendWith(LocalAwsExtension.class)
class PunchApiTest {
    static final String PUNCH = "/api/timetracking/punch/";
    static final String PROBLEM = "https://timetracker.dev/problems/";

    private TestStack stack;
    private Fixtures.Caller adminCaller;
    private Api admin;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.adminCaller = Fixtures.adminCaller(stack);
        this.admin = adminCaller.api();
    }

    // ------------------------------------------------------------------------------------------ state machine

    @Test
    void everyAllowedTransitionAnswers201WithTheNewStatus() {
        // Where it is about noon now, the test's punches (seconds apart, at server time) share one work date.
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", zoneNearNoon(Instant.now())));
        Api api = employee.api();
        JsonNode in = punchOk(api, body("action", "punch_in"), 201);
        assertEquals("working", in.at("/status/status").asText());
        assertEquals("punch_in", in.at("/entry/action").asText());
        assertEquals(employee.employeeId(), in.at("/entry/employee_id").asText());
        assertEquals(employee.employeeId(), in.at("/status/employee_id").asText());
        assertEquals("app", in.at("/entry/source").asText(), "a punch without timestamp is the app's, at server time");
        assertTrue(in.at("/entry/notes").isNull());
        assertEquals(in.at("/entry/timestamp"), in.at("/status/since"));
        assertEquals(in.at("/entry/timestamp"), in.at("/entry/recorded_at"));
        Instant stamped = Instant.parse(in.at("/entry/timestamp").asText());
        assertTrue(Duration.between(stamped, Instant.now()).abs().toSeconds() < 60, "server time: " + stamped);

        assertEquals(
                "on_break",
                punchOk(api, body("action", "break_start"), 201)
                        .at("/status/status")
                        .asText());
        assertEquals(
                "working",
                punchOk(api, body("action", "break_end"), 201)
                        .at("/status/status")
                        .asText());
        assertEquals(
                "off",
                punchOk(api, body("action", "punch_out"), 201)
                        .at("/status/status")
                        .asText());
        // The employee may name themselves; a new cycle starts from off.
        JsonNode again = punchOk(api, body("employee_id", employee.employeeId(), "action", "punch_in"), 201);
        assertEquals("working", again.at("/status/status").asText());
        assertEquals(in.at("/status/work_date"), again.at("/status/work_date"));
        assertEquals(2, again.at("/status/today/cycles").asInt(), "both cycles on today's work date: " + again);
        // The path without its trailing slash is the same route.
        Response noSlash = api.post("/api/timetracking/punch", body("action", "punch_out"));
        assertEquals(201, noSlash.status(), noSlash::toString);
        assertEquals("off", noSlash.json().at("/status/status").asText());
        assertEquals(6, entries(api, employee.employeeId(), null, null).size());
    }

    @Test
    void onBreakPunchOutEndsTheBreakAndTheCycle() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api();
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        JsonNode in = punchOk(api, offline("punch_in", base), 201);
        punchOk(api, offline("break_start", base.plus(Duration.ofMinutes(40))), 201);
        JsonNode out = punchOk(api, offline("punch_out", base.plus(Duration.ofMinutes(70))), 201);
        assertEquals("off", out.at("/status/status").asText(), "punch_out from on_break ends the cycle");
        assertEquals(in.at("/entry/work_date"), out.at("/entry/work_date"), "the cycle's punch_out keeps its date");

        String date = in.at("/entry/work_date").asText();
        List<JsonNode> sessions = sessions(api, employee.employeeId(), date, date);
        assertEquals(1, sessions.size(), sessions::toString);
        JsonNode session = sessions.get(0);
        assertEquals("complete", session.get("status").asText());
        assertEquals(1, session.get("cycles").size());
        JsonNode cycle = session.at("/cycles/0");
        assertEquals(base.toString(), cycle.get("punch_in").asText());
        assertEquals(
                base.plus(Duration.ofMinutes(70)).toString(),
                cycle.get("punch_out").asText());
        assertEquals(30 * 60, cycle.get("break_seconds").asLong(), "the break ran until the punch_out");
        assertEquals(40 * 60, cycle.get("worked_seconds").asLong());
        assertEquals(40 * 60, session.get("worked_seconds").asLong());
        assertEquals(30 * 60, session.get("break_seconds").asLong());
        assertEquals(
                base.plus(Duration.ofMinutes(70)).toString(),
                session.get("last_out").asText());

        // The break is over: nothing to end, and the next punch_in starts a new cycle.
        assertInvalidTransition(api.post(PUNCH, body("action", "break_end")), "off");
        assertEquals(
                "working",
                punchOk(api, body("action", "punch_in"), 201)
                        .at("/status/status")
                        .asText());
    }

    @Test
    void everyDisallowedTransitionIs409WithTheCurrentStatusAndStoresNothing() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api();
        Map<String, List<String>> refused = new LinkedHashMap<>();
        refused.put("off", List.of("punch_out", "break_start", "break_end"));
        refused.put("working", List.of("punch_in", "break_end"));
        refused.put("on_break", List.of("punch_in", "break_start"));
        Map<String, String> into = Map.of("working", "punch_in", "on_break", "break_start");
        int stored = 0;
        for (var state : refused.entrySet()) {
            if (into.containsKey(state.getKey())) {
                punchOk(api, body("action", into.get(state.getKey())), 201);
                stored++;
            }
            for (String action : state.getValue()) {
                Response response = api.post(PUNCH, body("action", action));
                assertInvalidTransition(response, state.getKey());
                // An offline punch and a punch with an idempotency key are refused the same way.
                assertInvalidTransition(
                        api.post(
                                PUNCH,
                                body(
                                        "action",
                                        action,
                                        "client_punch_id",
                                        "x-" + UUID.randomUUID(),
                                        "timestamp",
                                        Instant.now().plusSeconds(1).toString())),
                        state.getKey());
                assertEquals(
                        state.getKey(),
                        status(api, employee.employeeId()).get("status").asText());
            }
        }
        assertEquals(stored, entries(api, employee.employeeId(), null, null).size(), "refused punches store nothing");
    }

    // ------------------------------------------------------------------------------------------ idempotency

    @Test
    void theSameClientPunchIdAgainAnswers200WithTheSameEntryAndADifferentBody409() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api();
        String punchId = "phone-1:" + UUID.randomUUID();
        Map<String, Object> request = body("action", "punch_in", "client_punch_id", punchId);
        JsonNode first = punchOk(api, request, 201);
        JsonNode again = punchOk(api, request, 200);
        assertEquals(first.get("entry"), again.get("entry"), "the same entry, not a new one");
        assertEquals("working", again.at("/status/status").asText());
        // The header is equivalent to the body field, and both together are fine when they agree.
        assertEquals(
                first.get("entry"),
                punchOk(api.withHeaders(Map.of("Idempotency-Key", punchId)), body("action", "punch_in"), 200)
                        .get("entry"));
        assertEquals(
                first.get("entry"),
                punchOk(api.withHeaders(Map.of("Idempotency-Key", punchId)), request, 200)
                        .get("entry"));

        // The same id for a different request: a conflict, even when the other request would be allowed.
        for (Map<String, Object> other : List.of(
                body("action", "break_start", "client_punch_id", punchId),
                body("action", "punch_in", "client_punch_id", punchId, "notes", "different"),
                body(
                        "action",
                        "punch_in",
                        "client_punch_id",
                        punchId,
                        "timestamp",
                        first.at("/entry/timestamp").asText()))) {
            Response conflict = api.post(PUNCH, other);
            assertEquals(409, conflict.status(), other + " → " + conflict);
            assertNotEquals(
                    PROBLEM + "invalid-transition", conflict.json().get("type").asText(), conflict::toString);
        }
        assertEquals(1, entries(api, employee.employeeId(), null, null).size());
        assertEquals("working", status(api, employee.employeeId()).get("status").asText());

        // Long after, when the state has moved on, the retry still finds its entry.
        punchOk(api, body("action", "punch_out", "client_punch_id", punchId + "-out"), 201);
        assertEquals(first.get("entry"), punchOk(api, request, 200).get("entry"));
        List<JsonNode> stored = entries(api, employee.employeeId(), null, null);
        assertEquals(2, stored.size(), stored::toString);
        assertEquals(first.at("/entry/id"), stored.get(0).get("id"));
    }

    @Test
    void theIdempotencyKeyHeaderWorksLikeClientPunchIdAndMustAgreeWithIt() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String key = "key-" + UUID.randomUUID();
        Api keyed = employee.api().withHeaders(Map.of("Idempotency-Key", key));
        JsonNode first = punchOk(keyed, body("action", "punch_in"), 201);
        assertEquals(
                first.get("entry"),
                punchOk(keyed, body("action", "punch_in"), 200).get("entry"));
        assertEquals(
                first.get("entry"),
                punchOk(employee.api(), body("action", "punch_in", "client_punch_id", key), 200)
                        .get("entry"),
                "the body field names the same punch as the header");
        Response reused = keyed.post(PUNCH, body("action", "break_start"));
        assertEquals(409, reused.status(), reused::toString);

        Response disagree = keyed.post(PUNCH, body("action", "break_start", "client_punch_id", "another-id"));
        assertValidation(disagree, "client_punch_id");
        Response malformedKey = employee.api()
                .withHeaders(Map.of("Idempotency-Key", "has spaces in it"))
                .post(PUNCH, body("action", "break_start"));
        assertValidation(malformedKey, "client_punch_id");
        assertValidation(
                employee.api().post(PUNCH, body("action", "break_start", "client_punch_id", "x".repeat(129))),
                "client_punch_id");
        assertEquals(
                1, entries(employee.api(), employee.employeeId(), null, null).size());
        assertEquals(
                "working",
                status(employee.api(), employee.employeeId()).get("status").asText());
    }

    // ------------------------------------------------------------------------------------------ offline punches

    @Test
    void offlineTimestampsMayBe72HoursBackAnd2MinutesAheadButNotBeyondNorBeforeTheLatestEntry() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        // A fixed server clock makes "exactly 72 h" exact; tokens were issued before it, so they verify.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Api api = employee.api()
                .via(new PunchHandler(stack.deployment("PunchFunction").withClock(Clock.fixed(now, ZoneOffset.UTC))));

        assertRuleViolation(
                api.post(
                        PUNCH,
                        offline("punch_in", now.minus(Duration.ofHours(72)).minusSeconds(1))),
                "too-far-in-the-past");
        assertRuleViolation(
                api.post(
                        PUNCH,
                        offline("punch_in", now.plus(Duration.ofMinutes(2)).plusSeconds(1))),
                "too-far-in-the-future");
        JsonNode in = punchOk(api, offline("punch_in", now.minus(Duration.ofHours(72))), 201);
        assertEquals("offline", in.at("/entry/source").asText());
        assertEquals(
                now.minus(Duration.ofHours(72)).toString(),
                in.at("/entry/timestamp").asText());
        assertEquals(now.toString(), in.at("/entry/recorded_at").asText(), "recorded at server time");
        punchOk(api, offline("break_start", now.minus(Duration.ofHours(1))), 201);
        assertRuleViolation(
                api.post(PUNCH, offline("break_end", now.minus(Duration.ofHours(2)))), "before-latest-entry");
        // The same instant as the latest entry is not earlier than it.
        punchOk(api, offline("break_end", now.minus(Duration.ofHours(1))), 201);
        JsonNode out = punchOk(api, offline("punch_out", now.plus(Duration.ofMinutes(2))), 201);
        assertEquals(
                now.plus(Duration.ofMinutes(2)).toString(),
                out.at("/entry/timestamp").asText());
        assertEquals("off", out.at("/status/status").asText());
        assertEquals(
                4,
                entries(
                                employee.api(),
                                employee.employeeId(),
                                in.at("/entry/work_date").asText(),
                                out.at("/entry/work_date").asText())
                        .size(),
                "the refused punches stored nothing");
    }

    @Test
    void anOfflinePunchKeepsItsTimestampAndIsDatedInTheEmployeesZoneByItsCyclesPunchIn() {
        ZoneId zone = ZoneId.of("America/Los_Angeles");
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", zone.getId()));
        // The latest 02:30 UTC at least 10 h ago: evening of the previous day in Los Angeles.
        Instant in = LocalDate.now(ZoneOffset.UTC).atTime(2, 30).toInstant(ZoneOffset.UTC);
        while (in.isAfter(Instant.now().minus(Duration.ofHours(10)))) {
            in = in.minus(Duration.ofDays(1));
        }
        LocalDate evening = LocalDate.ofInstant(in, zone);
        assertNotEquals(LocalDate.ofInstant(in, ZoneOffset.UTC), evening, "the test needs dates that differ");
        // Sent with an offset other than Z; answered in UTC.
        String sent = OffsetDateTime.ofInstant(in, ZoneId.of("+02:00")).toString();
        JsonNode punchIn = punchOk(employee.api(), body("action", "punch_in", "timestamp", sent), 201);
        assertEquals(in.toString(), punchIn.at("/entry/timestamp").asText());
        assertEquals(evening.toString(), punchIn.at("/entry/work_date").asText());
        // A night shift: the punch_out after local midnight stays on the punch_in's work date.
        Instant out = in.plus(Duration.ofHours(8));
        assertNotEquals(evening, LocalDate.ofInstant(out, zone));
        JsonNode punchOut = punchOk(employee.api(), offline("punch_out", out), 201);
        assertEquals(evening.toString(), punchOut.at("/entry/work_date").asText());
        List<JsonNode> listed = entries(employee.api(), employee.employeeId(), evening.toString(), evening.toString());
        assertEquals(List.of(punchIn.get("entry"), punchOut.get("entry")), listed);
        List<JsonNode> sessions =
                sessions(employee.api(), employee.employeeId(), evening.toString(), evening.toString());
        assertEquals(1, sessions.size());
        assertEquals(8 * 3600, sessions.get(0).get("worked_seconds").asLong());
        assertEquals(
                List.of(),
                sessions(
                        employee.api(),
                        employee.employeeId(),
                        evening.plusDays(1).toString(),
                        evening.plusDays(1).toString()),
                "nothing on the calendar date of the punch_out");
    }

    // ------------------------------------------------------------------------------------------ for someone else

    @Test
    void anAdminOrManagerPunchesForAnEmployeeWithNotesAndLeavesAnAuditRecord() {
        String target = newTarget(Map.of());
        Response withoutNotes = admin.post(PUNCH, body("employee_id", target, "action", "punch_in"));
        assertValidation(withoutNotes, "notes");
        assertValidation(admin.post(PUNCH, body("employee_id", target, "action", "punch_in", "notes", "   ")), "notes");
        assertValidation(admin.post(PUNCH, body("action", "punch_in", "notes", "whom?")), "employee_id");

        JsonNode byAdmin = punchOk(
                admin, body("employee_id", target, "action", "punch_in", "notes", "Forgot the phone at home"), 201);
        assertEquals("admin", byAdmin.at("/entry/source").asText());
        assertEquals("Forgot the phone at home", byAdmin.at("/entry/notes").asText());
        assertEquals(target, byAdmin.at("/entry/employee_id").asText());
        assertEquals("working", byAdmin.at("/status/status").asText());
        assertAudited(byAdmin.get("entry"), adminCaller, "admin", "Forgot the phone at home");

        Fixtures.Caller managerCaller = Fixtures.managerCaller(stack);
        JsonNode byManager = punchOk(
                managerCaller.api(),
                body("employee_id", target, "action", "punch_out", "notes", "Left early, told me"),
                201);
        assertEquals("admin", byManager.at("/entry/source").asText(), "a manager's punch is an admin punch too");
        assertEquals("off", byManager.at("/status/status").asText());
        assertAudited(byManager.get("entry"), managerCaller, "manager", "Left early, told me");

        List<JsonNode> stored = entries(admin, target, null, null);
        assertEquals(List.of(byAdmin.get("entry"), byManager.get("entry")), stored);
        // Transitions and idempotency hold for punches for someone else too.
        assertInvalidTransition(
                admin.post(PUNCH, body("employee_id", target, "action", "punch_out", "notes", "n")), "off");
        Map<String, Object> keyed = body(
                "employee_id",
                target,
                "action",
                "punch_in",
                "notes",
                "again",
                "client_punch_id",
                "admin-" + UUID.randomUUID());
        JsonNode first = punchOk(admin, keyed, 201);
        assertEquals(first.get("entry"), punchOk(admin, keyed, 200).get("entry"));
        assertEquals(1, auditTrail(first.at("/entry/id").asText()).size(), "a replay is not audited again");
        assertEquals(3, entries(admin, target, null, null).size());
    }

    @Test
    void anEmployeeCannotPunchForAnotherEmployee() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String other = newTarget(Map.of());
        Response response = employee.api()
                .post(PUNCH, body("employee_id", other, "action", "punch_in", "notes", "covering for a colleague"));
        assertEquals(403, response.status(), response::toString);
        assertEquals("off", status(admin, other).get("status").asText());
        assertEquals(List.of(), entries(admin, other, null, null));
        assertEquals(
                403,
                employee.api()
                        .post(PUNCH, body("employee_id", "no-such-employee", "action", "punch_in"))
                        .status(),
                "whether or not the other employee exists");
    }

    @Test
    void punchesForAnInactiveEmployeeAre422AndForAnUnknownOne404() {
        String target = newTarget(Map.of());
        punchOk(admin, body("employee_id", target, "action", "punch_in", "notes", "before leaving"), 201);
        assertEquals(204, admin.delete("/api/employees/" + target + "/").status());
        Response inactive = admin.post(PUNCH, body("employee_id", target, "action", "punch_out", "notes", "after"));
        assertEquals(422, inactive.status(), inactive::toString);
        assertEquals(PROBLEM + "employee-inactive", inactive.json().get("type").asText());
        assertEquals(1, entries(admin, target, null, null).size());
        assertEquals("working", status(admin, target).get("status").asText(), "history and state are kept");

        Response unknown =
                admin.post(PUNCH, body("employee_id", "no-such-employee", "action", "punch_in", "notes", "n"));
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals(
                404,
                Fixtures.manager(stack)
                        .post(
                                PUNCH,
                                body("employee_id", UUID.randomUUID().toString(), "action", "punch_in", "notes", "n"))
                        .status());
        assertEquals(
                404, admin.get("/api/timetracking/status/no-such-employee/").status());
        assertEquals(
                404,
                admin.get("/api/timetracking/entries/?employee_id=no-such-employee")
                        .status());
    }

    // ------------------------------------------------------------------------------------------ validation

    @Test
    void malformedPunchesAre400AndStoreNothing() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Api api = employee.api();
        assertValidation(api.post(PUNCH, body()), "action");
        assertValidation(api.post(PUNCH, body("action", "punch_sideways")), "action");
        assertValidation(api.post(PUNCH, body("action", "PUNCH_IN")), "action");
        assertValidation(api.post(PUNCH, body("action", 1)), "action");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "timestamp", "yesterday")), "timestamp");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "timestamp", "2026-03-29T08:55:00")), "timestamp");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "timestamp", "2026-02-30T08:55:00Z")), "timestamp");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "source", "admin")), "source");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "work_date", "2026-01-01")), "work_date");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "notes", "x".repeat(501))), "notes");
        assertValidation(api.post(PUNCH, body("action", "punch_in", "employee_id", "")), "employee_id");
        for (String malformed :
                List.of("{", "{\"action\": \"punch_in\"", "[]", "\"punch_in\"", "null", "{\"action\": punch_in}")) {
            Response response = api.post(PUNCH, malformed);
            assertEquals(400, response.status(), malformed + " → " + response);
        }
        Response noBody = api.send("POST", PUNCH, null);
        assertEquals(400, noBody.status(), noBody::toString);
        assertEquals(List.of(), entries(api, employee.employeeId(), null, null));
        assertEquals("off", status(api, employee.employeeId()).get("status").asText());
    }

    // ------------------------------------------------------------------------------------------ status

    @Test
    void statusAddsUpTheOfflinePunchesOfTodayAndOnlyAdminsManagersAndTheEmployeeMayReadIt() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", "Europe/Berlin"));
        Fixtures.Caller other = Fixtures.newEmployee(stack);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Isolated isolated = isolated(now);
        Api api = employee.api();
        // 3 h ago in, a 40 min break from 2 h ago, working again since 80 min ago, a 5 min break 20 min ago.
        Instant in = now.minus(Duration.ofHours(3));
        JsonNode first = punchOk(api.via(isolated.punch), offline("punch_in", in), 201);
        punchOk(api.via(isolated.punch), offline("break_start", now.minus(Duration.ofMinutes(120))), 201);
        punchOk(api.via(isolated.punch), offline("break_end", now.minus(Duration.ofMinutes(80))), 201);
        punchOk(api.via(isolated.punch), offline("break_start", now.minus(Duration.ofMinutes(20))), 201);
        JsonNode last = punchOk(api.via(isolated.punch), offline("break_end", now.minus(Duration.ofMinutes(15))), 201);

        JsonNode status = status(api.via(isolated.status), employee.employeeId());
        assertEquals(employee.employeeId(), status.get("employee_id").asText());
        assertEquals("working", status.get("status").asText());
        assertEquals(
                now.minus(Duration.ofMinutes(15)).toString(),
                status.get("since").asText());
        assertEquals(
                first.at("/entry/work_date").asText(),
                status.get("work_date").asText(),
                "today is the open cycle's work date");
        assertEquals(45 * 60, status.at("/today/break_seconds").asLong());
        assertEquals(3 * 3600 - 45 * 60, status.at("/today/worked_seconds").asLong());
        assertEquals(1, status.at("/today/cycles").asInt());
        assertEquals(in.toString(), status.at("/today/first_in").asText());
        assertEquals(last.get("status"), status, "the punch answered with the same status");
        // The employee's status in the punch answer adds up the same way.
        assertEquals(3 * 3600 - 45 * 60, last.at("/status/today/worked_seconds").asLong());

        // Break now: the break runs up to the (fixed) server time, work stands still.
        punchOk(api.via(isolated.punch), offline("break_start", now.minus(Duration.ofMinutes(10))), 201);
        JsonNode onBreak = status(api.via(isolated.status), employee.employeeId());
        assertEquals("on_break", onBreak.get("status").asText());
        assertEquals(55 * 60, onBreak.at("/today/break_seconds").asLong());
        assertEquals(3 * 3600 - 55 * 60, onBreak.at("/today/worked_seconds").asLong());

        // Admins and managers may read anyone's, other employees nobody else's.
        assertEquals(onBreak, status(Fixtures.manager(stack).via(isolated.status), employee.employeeId()));
        assertEquals(onBreak, status(admin.via(isolated.status), employee.employeeId()));
        Response foreign = other.api().get("/api/timetracking/status/" + employee.employeeId() + "/");
        assertEquals(403, foreign.status(), foreign::toString);
        assertEquals(
                403,
                other.api().get("/api/timetracking/status/no-such-employee/").status());
        Response fresh = other.api().get("/api/timetracking/status/" + other.employeeId());
        assertEquals(200, fresh.status(), "the path without its trailing slash works too");
        assertEquals("off", fresh.json().get("status").asText());
        assertTrue(fresh.json().get("since").isNull());
        assertEquals(0, fresh.json().at("/today/worked_seconds").asLong());
        assertEquals(0, fresh.json().at("/today/cycles").asInt());
        assertTrue(fresh.json().at("/today/first_in").isNull());
    }

    @Test
    void afterLogoutTheEmployeesOwnPunchAndStatusAre401() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String punchId = "before-logout-" + UUID.randomUUID();
        punchOk(employee.api(), body("action", "punch_in", "client_punch_id", punchId), 201);
        assertEquals(204, employee.api().send("POST", "/api/auth/logout/", null).status());

        Response punch = employee.api().post(PUNCH, body("action", "break_start"));
        assertEquals(401, punch.status(), punch::toString);
        Response own = employee.api().get("/api/timetracking/status/" + employee.employeeId() + "/");
        assertEquals(401, own.status(), own::toString);
        assertEquals(401, employee.api().get("/api/timetracking/entries/").status());
        assertEquals(401, employee.api().get("/api/timetracking/sessions/").status());
        Response replay = employee.api().post(PUNCH, body("action", "punch_in", "client_punch_id", punchId));
        assertEquals(401, replay.status(), "a revoked token may not replay an earlier punch either: " + replay);

        assertEquals(
                "working",
                status(admin, employee.employeeId()).get("status").asText(),
                "the refused punch did nothing");
        Fixtures.Caller again = Fixtures.login(stack, employee.login(), Fixtures.PASSWORD, employee.employeeId());
        assertEquals(
                "on_break",
                punchOk(again.api(), body("action", "break_start"), 201)
                        .at("/status/status")
                        .asText());
        assertEquals(
                200,
                again.api()
                        .get("/api/timetracking/status/" + employee.employeeId() + "/")
                        .status());
    }

    // ------------------------------------------------------------------------------------------ listings

    @Test
    void entriesAndSessionsPageOldestFirstWithoutGapsOrDuplicatesAndSessionsAddUp() {
        ZoneId zone = ZoneId.of("Europe/Berlin");
        Fixtures.Caller employee = Fixtures.newEmployee(stack, Map.of("timezone", zone.getId()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Isolated isolated = isolated(now);
        // Our own business hours, on a table only these handlers read: 09:00-17:00 every day, 10 min late grace,
        // overtime after 4 h.
        Map<String, Object> hours = body(
                "timezone",
                "UTC",
                "work_days",
                List.of(1, 2, 3, 4, 5, 6, 7),
                "start_time",
                "09:00",
                "end_time",
                "17:00",
                "late_grace_minutes",
                10,
                "early_leave_grace_minutes",
                0,
                "daily_overtime_after_minutes",
                240,
                "effective_from",
                "2020-01-01T00:00:00Z");
        Response created = admin.via(isolated.employees).post("/api/employees/business-hours/", hours);
        assertEquals(201, created.status(), created::toString);

        LocalDate day = LocalDate.now(zone).minusDays(2);
        LocalDate nextDay = day.plusDays(1);
        Api punches = employee.api().via(isolated.punch);
        List<JsonNode> made = new ArrayList<>();
        // Day 1: late by 20 min, two cycles, a 30 min break, leaves 45 min early.
        made.add(punchOk(punches, offline("punch_in", at(day, "09:20", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("break_start", at(day, "12:00", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("break_end", at(day, "12:30", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("punch_out", at(day, "13:00", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("punch_in", at(day, "14:00", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("punch_out", at(day, "16:15", zone)), 201)
                .get("entry"));
        // Day 2: in 10:00 (late by 60 min), a 45 min break, still working now.
        made.add(punchOk(punches, offline("punch_in", at(nextDay, "10:00", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("break_start", at(nextDay, "11:00", zone)), 201)
                .get("entry"));
        made.add(punchOk(punches, offline("break_end", at(nextDay, "11:45", zone)), 201)
                .get("entry"));

        String range = "&from=" + day + "&to=" + nextDay;
        List<JsonNode> all = entries(employee.api(), employee.employeeId(), day.toString(), nextDay.toString());
        assertEquals(made, all, "oldest first, exactly as answered");
        assertEquals(day.toString(), all.get(5).get("work_date").asText());
        assertEquals(nextDay.toString(), all.get(6).get("work_date").asText());
        for (int limit : List.of(1, 2, 4, 8, 9, 10)) {
            List<JsonNode> paged = pages(
                    employee.api(),
                    "/api/timetracking/entries/?limit=" + limit + range,
                    (made.size() + limit - 1) / limit);
            assertEquals(made, paged, "limit " + limit);
        }
        assertEquals(
                List.of(made.get(6), made.get(7), made.get(8)),
                entries(admin, employee.employeeId(), nextDay.toString(), nextDay.toString()));

        List<JsonNode> sessions =
                pages(employee.api().via(isolated.status), "/api/timetracking/sessions/?limit=1" + range, 2);
        assertEquals(2, sessions.size());
        JsonNode complete = sessions.get(0);
        assertEquals(day.toString(), complete.get("work_date").asText());
        assertEquals("complete", complete.get("status").asText());
        assertEquals(at(day, "09:20", zone).toString(), complete.get("first_in").asText());
        assertEquals(at(day, "16:15", zone).toString(), complete.get("last_out").asText());
        assertEquals(2, complete.get("cycles").size());
        assertCycle(complete.at("/cycles/0"), at(day, "09:20", zone), at(day, "13:00", zone), 11400, 1800);
        assertCycle(complete.at("/cycles/1"), at(day, "14:00", zone), at(day, "16:15", zone), 8100, 0);
        assertEquals(19500, complete.get("worked_seconds").asLong());
        assertEquals(1800, complete.get("break_seconds").asLong());
        assertEquals(20 * 60, complete.get("late_seconds").asLong(), "late from 09:00, past the 10 min grace");
        assertEquals(45 * 60, complete.get("early_leave_seconds").asLong(), "16:15 to 17:00");
        assertEquals(19500 - 240 * 60, complete.get("overtime_seconds").asLong());
        assertEquals(0, complete.get("flags").size());

        JsonNode open = sessions.get(1);
        long openWorked = Duration.between(at(nextDay, "10:00", zone), now).toSeconds() - 45 * 60;
        assertEquals(nextDay.toString(), open.get("work_date").asText());
        assertEquals("open", open.get("status").asText());
        assertTrue(open.get("last_out").isNull());
        assertEquals(1, open.get("cycles").size());
        assertCycle(open.at("/cycles/0"), at(nextDay, "10:00", zone), null, openWorked, 45 * 60);
        assertEquals(openWorked, open.get("worked_seconds").asLong());
        assertEquals(3600, open.get("late_seconds").asLong());
        assertEquals(0, open.get("early_leave_seconds").asLong(), "no early leave while the session is open");
        assertEquals(
                Math.max(0, openWorked - 240 * 60), open.get("overtime_seconds").asLong());

        // Status of the open cycle agrees with its session.
        JsonNode status = status(employee.api().via(isolated.status), employee.employeeId());
        assertEquals(nextDay.toString(), status.get("work_date").asText());
        assertEquals(openWorked, status.at("/today/worked_seconds").asLong());
        assertEquals(45 * 60, status.at("/today/break_seconds").asLong());
        assertEquals(3600, status.at("/today/late_seconds").asLong());
        assertEquals(1, status.at("/today/cycles").asInt());
        // A range without any work is an empty page.
        Response empty =
                employee.api().get("/api/timetracking/sessions/?from=" + day.minusDays(30) + "&to=" + day.minusDays(1));
        assertEquals(200, empty.status());
        assertEquals(0, empty.json().get("items").size());
        assertTrue(empty.json().get("next_cursor").isNull());
    }

    @Test
    void listingsValidateTheirRangeLimitAndCursorAndEmployeesSeeOnlyTheirOwn() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        Fixtures.Caller other = Fixtures.newEmployee(stack);
        punchOk(employee.api(), body("action", "punch_in"), 201);
        punchOk(employee.api(), body("action", "break_start"), 201);
        Api api = employee.api();
        for (String listing : List.of("/api/timetracking/entries/", "/api/timetracking/sessions/")) {
            assertEquals(200, api.get(listing).status(), "own, by default");
            assertEquals(
                    200,
                    api.get(listing + "?employee_id=" + employee.employeeId()).status(),
                    "own, by name");
            assertEquals(
                    200, api.get(listing.substring(0, listing.length() - 1)).status(), "without trailing slash");
            assertEquals(
                    403, api.get(listing + "?employee_id=" + other.employeeId()).status(), listing);
            assertEquals(403, api.get(listing + "?employee_id=no-such-employee").status(), listing);
            assertEquals(
                    200,
                    admin.get(listing + "?employee_id=" + employee.employeeId()).status());
            assertEquals(
                    200,
                    Fixtures.manager(stack)
                            .get(listing + "?employee_id=" + employee.employeeId())
                            .status());
            assertValidation(admin.get(listing), "employee_id");

            assertValidation(api.get(listing + "?from=2026-03-10&to=2026-03-09"), "to");
            assertValidation(api.get(listing + "?from=2025-01-01&to=2026-01-02"), "to");
            assertEquals(
                    200, api.get(listing + "?from=2024-01-01&to=2024-12-31").status(), "366 days are allowed");
            assertValidation(api.get(listing + "?from=2026-02-30"), "from");
            assertValidation(api.get(listing + "?from=yesterday"), "from");
            assertValidation(api.get(listing + "?to=2026-13-01"), "to");
            assertValidation(api.get(listing + "?from=20260301&to=20260302"), "from");
            assertValidation(api.get(listing + "?limit=0"), "limit");
            assertValidation(api.get(listing + "?limit=201"), "limit");
            assertValidation(api.get(listing + "?limit=many"), "limit");
            assertEquals(200, api.get(listing + "?limit=200").status());
            assertValidation(api.get(listing + "?cursor=not-a-cursor"), "cursor");
        }
        // A cursor only continues the listing it came from.
        String cursor = api.get("/api/timetracking/entries/?limit=1")
                .json()
                .get("next_cursor")
                .asText();
        assertFalse(cursor.isEmpty());
        assertEquals(
                200,
                api.get("/api/timetracking/entries/?limit=1&cursor=" + cursor).status());
        assertValidation(api.get("/api/timetracking/sessions/?limit=1&cursor=" + cursor), "cursor");
        assertValidation(
                admin.get("/api/timetracking/entries/?limit=1&employee_id=" + other.employeeId() + "&cursor=" + cursor),
                "cursor");
        assertValidation(
                api.get("/api/timetracking/entries/?limit=1&from=2020-01-01&to=2020-01-02&cursor=" + cursor), "cursor");
        char changed = cursor.charAt(cursor.length() - 2) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, cursor.length() - 2) + changed + cursor.charAt(cursor.length() - 1);
        assertValidation(api.get("/api/timetracking/entries/?limit=1&cursor=" + tampered), "cursor");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Punch and status handlers on the shared time table with a fixed clock; business hours from a fresh table. */
    private record Isolated(PunchHandler punch, StatusHandler status, EmployeesHandler employees) {}

    private Isolated isolated(Instant now) {
        String employeesTable = stack.freshTable("EmployeesTable");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        java.util.function.Function<String, Deployment> isolated = function -> {
            Deployment deployment = stack.deployment(function);
            return deployment
                    .withTables(deployment.tables().withEmployees(employeesTable))
                    .withClock(clock);
        };
        return new Isolated(
                new PunchHandler(isolated.apply("PunchFunction")),
                new StatusHandler(isolated.apply("StatusFunction")),
                new EmployeesHandler(isolated.apply("EmployeesFunction")));
    }

    private static Instant at(LocalDate date, String time, ZoneId zone) {
        return ZonedDateTime.of(date, LocalTime.parse(time), zone).toInstant();
    }

    static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }

    static Map<String, Object> offline(String action, Instant timestamp) {
        return body("action", action, "timestamp", timestamp.toString());
    }

    static JsonNode punchOk(Api api, Map<String, Object> body, int expected) {
        Response response = api.post(PUNCH, body);
        assertEquals(expected, response.status(), () -> body + " → " + response);
        return response.json();
    }

    /**
     * A region time zone (one an employee may have) whose local time at {@code now} is within half an hour of
     * noon: the tz database has one for every whole-hour offset from UTC-11 to UTC+14, which covers every hour.
     */
    static String zoneNearNoon(Instant now) {
        return ZoneId.getAvailableZoneIds().stream()
                .sorted()
                .filter(id -> dev.timetracker.domain.TimeZones.parseIana(id).isPresent())
                .min(java.util.Comparator.comparingLong(id -> Math.abs(Duration.between(
                                LocalTime.NOON, now.atZone(ZoneId.of(id)).toLocalTime())
                        .toMinutes())))
                .orElseThrow();
    }

    static JsonNode status(Api api, String employeeId) {
        Response response = api.get("/api/timetracking/status/" + employeeId + "/");
        assertEquals(200, response.status(), response::toString);
        return response.json();
    }

    /** Every entry of work dates from..to; without dates, of the days around today (whatever the employee's zone). */
    static List<JsonNode> entries(Api api, String employeeId, String from, String to) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return pages(
                api,
                "/api/timetracking/entries/?employee_id=" + employeeId + "&from="
                        + (from == null ? today.minusDays(2) : from) + "&to=" + (to == null ? today.plusDays(2) : to),
                -1);
    }

    static List<JsonNode> sessions(Api api, String employeeId, String from, String to) {
        return pages(api, "/api/timetracking/sessions/?employee_id=" + employeeId + "&from=" + from + "&to=" + to, -1);
    }

    /** Every item of a listing, following next_cursor; {@code expectedPages} is checked unless negative. */
    static List<JsonNode> pages(Api api, String first, int expectedPages) {
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            String url = cursor == null ? first : first + "&cursor=" + cursor;
            Response page = api.get(url);
            assertEquals(200, page.status(), () -> url + " → " + page);
            page.json().get("items").forEach(items::add);
            pages++;
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
            assertTrue(cursor == null || cursors.add(cursor), "a cursor repeats: " + cursor);
            assertTrue(pages < 100, "endless paging");
        } while (cursor != null);
        if (expectedPages >= 0) {
            assertEquals(expectedPages, pages, first);
        }
        return items;
    }

    private String newTarget(Map<String, Object> extra) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body =
                body("email", "target." + unique + "@example.com", "first_name", "Target", "last_name", unique);
        body.putAll(extra);
        Response created = admin.post("/api/employees/", body);
        assertEquals(201, created.status(), created::toString);
        return created.json().get("id").asText();
    }

    private List<JsonNode> auditTrail(String entryId) {
        return pages(admin, "/api/audit/?entity_type=time_entry&entity_id=" + entryId, -1);
    }

    private void assertAudited(JsonNode entry, Fixtures.Caller actor, String role, String reason) {
        List<JsonNode> trail = auditTrail(entry.get("id").asText());
        assertEquals(1, trail.size(), trail::toString);
        JsonNode record = trail.get(0);
        assertEquals("time_entry", record.get("entity_type").asText());
        assertEquals(entry.get("id").asText(), record.get("entity_id").asText());
        assertEquals(actor.subjectId(), record.get("actor_id").asText());
        assertEquals(role, record.get("actor_role").asText());
        assertEquals(entry.get("action").asText(), record.get("action").asText());
        assertEquals(reason, record.get("reason").asText());
        assertTrue(record.get("before").isNull(), record::toString);
        assertEquals(entry, record.get("after"), "the entry as the API shows it");
    }

    private static void assertCycle(JsonNode cycle, Instant in, Instant out, long worked, long breaks) {
        assertEquals(in.toString(), cycle.get("punch_in").asText(), cycle::toString);
        if (out == null) {
            assertTrue(cycle.get("punch_out").isNull(), cycle::toString);
        } else {
            assertEquals(out.toString(), cycle.get("punch_out").asText(), cycle::toString);
        }
        assertEquals(worked, cycle.get("worked_seconds").asLong(), cycle::toString);
        assertEquals(breaks, cycle.get("break_seconds").asLong(), cycle::toString);
    }

    static void assertInvalidTransition(Response response, String currentStatus) {
        assertEquals(409, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        assertEquals(PROBLEM + "invalid-transition", response.json().get("type").asText(), response::toString);
        assertEquals(currentStatus, response.json().get("current_status").asText(), response::toString);
    }

    static void assertRuleViolation(Response response, String slug) {
        assertEquals(422, response.status(), response::toString);
        assertEquals(PROBLEM + slug, response.json().get("type").asText(), response::toString);
    }

    static void assertValidation(Response response, String field) {
        assertEquals(400, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        List<String> fields = new ArrayList<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        assertTrue(fields.contains(field), "expected an error on " + field + ": " + response);
    }
}
