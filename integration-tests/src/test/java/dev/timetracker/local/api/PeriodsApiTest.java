package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.OwnStack;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Timesheets and the pay-period lock (API contract, "Corrections, timesheet approval and locked periods"), end to
 * end through the periods function. The lock is one for everyone in the shared stack, so these tests keep it in
 * the early 1980s, before every other test's dates, and punch there on a clock of their own.
 */
@ExtendWith(LocalAwsExtension.class)
@OwnStack // moves the pay-period lock, which the deployment has once
class PeriodsApiTest {
    private static final String SHEETS = "/api/timetracking/timesheets/";
    private static final String LOCKS = "/api/timetracking/locks/";

    private TestStack stack;
    private Fixtures.Caller worker;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        this.worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
    }

    private String sheet(String week) {
        return SHEETS + worker.employeeId() + "/" + week + "/";
    }

    // ---------------------------------------------------------------- timesheets

    @Test
    void aWeekIsSubmittedApprovedAndReopenedByTheRightPeopleAndEachStepIsAudited() {
        String week = "2026-W40";
        Response open = worker.api().get(SHEETS + "?week=" + week);
        assertEquals(200, open.status(), open::toString);
        assertEquals("open", open.json().get("status").asText());
        assertEquals(worker.employeeId(), open.json().get("employee_id").asText());
        assertEquals(0, open.json().get("days").size());
        assertTrue(open.json().get("submitted_at").isNull());

        assertEquals(
                403,
                Fixtures.admin(stack).post(sheet(week) + "submit/", Map.of()).status(),
                "only the employee submits");
        assertEquals(403, worker.api().post(sheet(week) + "approve/", Map.of()).status(), "nobody approves their own");
        Response submitted = worker.api().post(sheet(week) + "submit/", Map.of());
        assertEquals(200, submitted.status(), submitted::toString);
        assertEquals("submitted", submitted.json().get("status").asText());
        assertFalse(submitted.json().get("submitted_at").isNull());
        Response again = worker.api().send("POST", sheet(week) + "submit/", null);
        assertEquals(409, again.status(), again::toString);
        assertEquals(
                "https://timetracker.dev/problems/invalid-timesheet-transition",
                again.json().get("type").asText());
        assertEquals("submitted", again.json().get("current_status").asText());

        Response approved = Fixtures.manager(stack).post(sheet(week) + "approve/", Map.of());
        assertEquals(200, approved.status(), approved::toString);
        assertEquals("approved", approved.json().get("status").asText());
        assertEquals(
                Fixtures.managerCaller(stack).subjectId(),
                approved.json().get("approved_by").asText());
        assertEquals(
                approved.json(),
                worker.api()
                        .get(SHEETS + "?employee_id=" + worker.employeeId() + "&week=" + week)
                        .json(),
                "read back as stored");

        assertEquals(
                403,
                Fixtures.manager(stack)
                        .post(sheet(week) + "reopen/", Map.of("reason", "Wrong week"))
                        .status(),
                "only an admin reopens");
        Response noReason = Fixtures.admin(stack).post(sheet(week) + "reopen/", Map.of());
        assertEquals(400, noReason.status(), noReason::toString);
        Response reopened = Fixtures.admin(stack).post(sheet(week) + "reopen/", Map.of("reason", "Friday was missing"));
        assertEquals(200, reopened.status(), reopened::toString);
        assertEquals("open", reopened.json().get("status").asText());
        assertTrue(reopened.json().get("approved_by").isNull());

        List<JsonNode> trail = audit("timesheet", worker.employeeId());
        assertEquals(
                List.of("reopen", "approve", "submit"),
                trail.stream().map(r -> r.get("action").asText()).toList());
        assertEquals("Friday was missing", trail.get(0).get("reason").asText());
        assertEquals("approved", trail.get(0).at("/before/status").asText());
        assertEquals("open", trail.get(0).at("/after/status").asText());
        assertEquals("submitted", trail.get(1).at("/before/status").asText());
        assertEquals(week, trail.get(1).at("/after/week").asText());
        assertEquals("open", trail.get(2).at("/before/status").asText());
        assertEquals(worker.subjectId(), trail.get(2).get("actor_id").asText());
    }

    @Test
    void anEmployeeNeitherReadsNorSubmitsAnotherEmployeesWeek() {
        Fixtures.Caller stranger = Fixtures.newEmployee(stack);
        Response read = stranger.api().get(SHEETS + "?employee_id=" + worker.employeeId() + "&week=2026-W41");
        Response missing = stranger.api().get(SHEETS + "?employee_id=no-such-employee&week=2026-W41");
        assertEquals(403, read.status(), read::toString);
        assertEquals(read.body(), missing.body(), "an existing and a missing employee look alike");
        assertEquals(
                403,
                stranger.api().post(sheet("2026-W41") + "submit/", Map.of()).status());
        assertEquals(
                "open",
                Fixtures.admin(stack)
                        .get(SHEETS + "?employee_id=" + worker.employeeId() + "&week=2026-W41")
                        .json()
                        .get("status")
                        .asText(),
                "nothing changed");
        assertEquals(
                404,
                Fixtures.admin(stack)
                        .get(SHEETS + "?employee_id=no-such-employee&week=2026-W41")
                        .status());
    }

    @Test
    void badWeeksAndUnknownFieldsAre400() {
        for (String week : List.of("2026-W54", "2027-W53", "2026-48", "2026-W4", "")) {
            Response response = worker.api().get(SHEETS + "?week=" + week);
            assertEquals(400, response.status(), week + ": " + response);
            assertEquals("week", response.json().at("/errors/0/field").asText());
        }
        assertEquals(200, worker.api().get(SHEETS + "?week=2026-W53").status(), "2026 has 53 weeks");
        assertEquals(400, worker.api().get(SHEETS).status(), "week is required");
        assertEquals(
                400, worker.api().post(sheet("2026-W60") + "submit/", Map.of()).status());
        Response unknown = worker.api().post(sheet("2026-W42") + "submit/", Map.of("status", "approved"));
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("status", unknown.json().at("/errors/0/field").asText());
        assertEquals(
                400,
                Fixtures.admin(stack)
                        .post(sheet("2026-W42") + "reopen/", Map.of("reason", "Some reason", "status", "open"))
                        .status());
        assertEquals(
                "open",
                worker.api().get(SHEETS + "?week=2026-W42").json().get("status").asText());
    }

    /** Monday to Wednesday of 2026-W10, 5 h a day, against a weekly limit of 10 h: 5 h of weekly overtime. */
    @Test
    void totalsAreTheSumsOfTheDaysAndWeeklyOvertimeFollowsThePayRules() {
        // Business hours with a weekly limit, on an employees table of this test's own.
        Deployment employeesFunction = stack.deployment("EmployeesFunction");
        String hoursTable = stack.freshTable("EmployeesTable");
        Map<String, Object> hours = new LinkedHashMap<>();
        hours.put("timezone", "UTC");
        hours.put("work_days", List.of(1, 2, 3, 4, 5));
        hours.put("start_time", "09:00");
        hours.put("end_time", "17:00");
        hours.put("effective_from", "2020-01-01T00:00:00Z");
        hours.put("weekly_overtime_after_minutes", 600);
        Response config = Fixtures.admin(stack)
                .via(new EmployeesHandler(
                        employeesFunction.withTables(employeesFunction.tables().withEmployees(hoursTable))))
                .post("/api/employees/business-hours/", hours);
        assertEquals(201, config.status(), config::toString);
        Deployment periodsFunction = stack.deployment("PeriodsFunction");
        Api periods = worker.api()
                .via(new PeriodsHandler(
                        periodsFunction.withTables(periodsFunction.tables().withEmployees(hoursTable))));

        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
        for (int day = 0; day < 3; day++) {
            assertEquals(
                    201,
                    punchesAt(clock, worker)
                            .post("/api/timetracking/punch/", Map.of("action", "punch_in"))
                            .status());
            clock.advance(Duration.ofHours(5));
            assertEquals(
                    201,
                    punchesAt(clock, worker)
                            .post("/api/timetracking/punch/", Map.of("action", "punch_out"))
                            .status());
            clock.advance(Duration.ofHours(19));
        }

        Response sheet = periods.get(SHEETS + "?week=2026-W10");
        assertEquals(200, sheet.status(), sheet::toString);
        JsonNode days = sheet.json().get("days");
        assertEquals(3, days.size(), sheet::toString);
        JsonNode totals = sheet.json().get("totals");
        for (String field : List.of("worked_seconds", "payable_seconds", "break_seconds", "overtime_seconds")) {
            long sum = 0;
            for (JsonNode day : days) {
                sum += day.get(field).asLong();
            }
            assertEquals(sum, totals.get(field).asLong(), field);
        }
        assertEquals(3 * 5 * 3600, totals.get("worked_seconds").asLong());
        assertEquals(0, totals.get("overtime_seconds").asLong(), "no day beyond the daily limit");
        assertEquals(5 * 3600, totals.get("weekly_overtime_seconds").asLong(), "max(0, 15 h − 0 − 10 h)");
        assertEquals(
                0, periods.get(SHEETS + "?week=2026-W11").json().get("days").size(), "the next week is empty");
    }

    @Test
    void twoApprovalsAtOnceGiveOne200AndOne409() throws Exception {
        String week = "2026-W43";
        assertEquals(200, worker.api().post(sheet(week) + "submit/", Map.of()).status());
        List<Api> approvers = List.of(Fixtures.admin(stack), Fixtures.manager(stack));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (Api approver : approvers) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return approver.post(sheet(week) + "approve/", Map.of());
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get().status());
            }
            assertEquals(List.of(200, 409), statuses.stream().sorted().toList(), statuses::toString);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(
                List.of("approve", "submit"),
                audit("timesheet", worker.employeeId()).stream()
                        .map(r -> r.get("action").asText())
                        .toList(),
                "exactly one approval was recorded");
    }

    // ---------------------------------------------------------------- the lock

    @Test
    void theLockMovesForwardFreelyAndBackOnlyWithAReasonAndEveryMoveIsAudited() {
        Api admin = Fixtures.admin(stack);
        int set = admin.post(LOCKS, Map.of("through", "1980-01-31", "reason", "Start of the lock tests"))
                .status();
        assertTrue(set == 200 || set == 201, "set: " + set);
        Response forward = admin.post(LOCKS, Map.of("through", "1980-02-29"));
        assertEquals(200, forward.status(), forward::toString);
        assertEquals("1980-02-29", forward.json().get("through").asText());
        assertTrue(forward.json().get("reason").isNull());
        assertEquals(
                Fixtures.adminCaller(stack).subjectId(),
                forward.json().get("moved_by").asText());
        assertEquals(forward.json(), Fixtures.manager(stack).get(LOCKS).json(), "managers read it too");

        Response back = admin.post(LOCKS, Map.of("through", "1980-01-31"));
        assertEquals(400, back.status(), back::toString);
        assertEquals("reason", back.json().at("/errors/0/field").asText());
        assertEquals(
                400,
                admin.post(LOCKS, Map.of("through", "1980-13-01", "reason", "Bad date"))
                        .status());
        assertEquals(
                400,
                admin.post(LOCKS, Map.of("through", "1980-01-31", "reason", "Why", "by", "me"))
                        .status());
        assertEquals(400, admin.post(LOCKS, Map.of("reason", "No date")).status());
        assertEquals("1980-02-29", admin.get(LOCKS).json().get("through").asText(), "nothing moved");

        Response backWithReason =
                admin.post(LOCKS, Map.of("through", "1980-01-31", "reason", "February is recalculated"));
        assertEquals(200, backWithReason.status(), backWithReason::toString);
        JsonNode latest = audit("pay_period_lock", "lock").get(0);
        assertEquals("lock", latest.get("action").asText());
        assertEquals("February is recalculated", latest.get("reason").asText());
        assertEquals("1980-02-29", latest.at("/before/through").asText());
        assertEquals("1980-01-31", latest.at("/after/through").asText());
    }

    /**
     * A cycle punched in at 20:00 UTC by an employee in Tokyo belongs to the next date there: it blocks a lock through
     * that date, not one through the UTC date. Once punched out (and the index caught up), the lock moves.
     */
    @Test
    void openCyclesOnTheDatesToCloseBlockTheLockUntilTheyArePunchedOut() {
        Api admin = Fixtures.admin(stack);
        int set = admin.post(LOCKS, Map.of("through", "1981-01-31", "reason", "Before the blocker test"))
                .status();
        assertTrue(set == 200 || set == 201, "set: " + set);
        Fixtures.Caller tokyo = Fixtures.newEmployee(stack, Map.of("timezone", "Asia/Tokyo"));
        MutableClock clock = new MutableClock(Instant.parse("1981-03-02T20:00:00Z"));
        Api punches = punchesAt(clock, tokyo);
        assertEquals(
                201,
                punches.post("/api/timetracking/punch/", Map.of("action", "punch_in"))
                        .status());
        stack.awaitIndexes();

        Response blocked = admin.post(LOCKS, Map.of("through", "1981-03-03"));
        assertEquals(409, blocked.status(), blocked::toString);
        assertEquals(
                "https://timetracker.dev/problems/lock-blocked",
                blocked.json().get("type").asText());
        assertTrue(
                blocked.json()
                        .get("blockers")
                        .toString()
                        .contains("{\"employee_id\":\"" + tokyo.employeeId() + "\",\"work_date\":\"1981-03-03\"}"),
                blocked::toString);
        assertEquals("1981-01-31", admin.get(LOCKS).json().get("through").asText(), "nothing moved");

        Response beforeItsDate = admin.post(LOCKS, Map.of("through", "1981-03-02"));
        assertEquals(
                200, beforeItsDate.status(), "the UTC date of the punch_in is not its work date: " + beforeItsDate);

        clock.advance(Duration.ofHours(8));
        assertEquals(
                201,
                punchesAt(clock, tokyo)
                        .post("/api/timetracking/punch/", Map.of("action", "punch_out"))
                        .status());
        stack.awaitIndexes();
        Response moved = admin.post(LOCKS, Map.of("through", "1981-03-03"));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals("1981-03-03", moved.json().get("through").asText());
    }

    /**
     * Punches by {@code employee} at the times of {@code clock}: logged in on that clock too (a token issued at the
     * real time would not be valid yet at the clock's, and one lives 15 minutes of it).
     */
    private Api punchesAt(MutableClock clock, Fixtures.Caller employee) {
        Response login = new Api(stack)
                .via(new AuthHandler(
                        AuthHandler.Config.of(stack.deployment("AuthFunction").withClock(clock))
                                .withSigningKey(Fixtures.signingKey(stack))))
                .post("/api/auth/login/", Map.of("username", employee.login(), "password", Fixtures.PASSWORD));
        assertEquals(200, login.status(), login::toString);
        return new Api(stack)
                .withHeaders(Map.of(
                        "authorization",
                        "Bearer " + login.json().get("access_token").asText()))
                .via(new PunchHandler(stack.deployment("PunchFunction").withClock(clock)));
    }

    private List<JsonNode> audit(String entityType, String entityId) {
        Response response = Fixtures.admin(stack)
                .get("/api/audit/?entity_type=" + entityType + "&entity_id=" + entityId + "&limit=200");
        assertEquals(200, response.status(), response::toString);
        List<JsonNode> records = new ArrayList<>();
        response.json().get("items").forEach(records::add);
        return records;
    }
}
