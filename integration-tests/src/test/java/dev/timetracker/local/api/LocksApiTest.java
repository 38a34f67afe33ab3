package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoClockClosing;
import dev.timetracker.domain.hours.BusinessHoursRules;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.ClockClosing;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.OwnStack;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the pay-period lock and approved timesheets refuse (API contract, "Corrections, timesheet approval and locked
 * periods"): punches on closed dates, including offline ones that arrive after the lock, with the date taken in
 * the employee's zone; pending corrections as blockers of a move; sessions saying {@code locked}; business hours
 * and the nightly auto-close on closed dates. The lock is one for the whole stack and other tests move it too
 * (PeriodsApiTest, SampleEventsTest): each test here first sets it itself (with a reason, so that it may move back),
 * works in 1982–1983, before every other test's dates, and leaves no open cycle under it.
 */
@ExtendWith(LocalAwsExtension.class)
@OwnStack // moves the pay-period lock, which the deployment has once
class LocksApiTest {
    private static final String LOCKS = "/api/timetracking/locks/";
    private static final String PUNCH = "/api/timetracking/punch/";
    private static final String PERIOD_LOCKED = "https://timetracker.dev/problems/period-locked";

    private TestStack stack;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        Fixtures.adminCaller(stack);
    }

    /**
     * One instant, 1983-02-28T12:00Z, is 28 February in Los Angeles and 1 March in Auckland: under a lock through
     * 28 February, the first employee's offline punch is refused and the second's accepted. The move forward refuses
     * nothing for two minutes (every punch function's cache has it by then); from then on the boundary is exact:
     * 23:59:59 on the last locked date is refused, midnight after it accepted.
     */
    @Test
    void punchesOnLockedDatesAreRefusedInTheEmployeesZoneFromTheMomentTheMoveTakesEffect() {
        MutableClock clock = new MutableClock(Instant.parse("1983-03-01T10:00:00Z"));
        Api admin = periodsAdmin(clock);
        lockThrough(admin, "1983-01-31", "Start of the punch lock test");
        Fixtures.Caller losAngeles = Fixtures.newEmployee(stack, Map.of("timezone", "America/Los_Angeles"));
        Fixtures.Caller auckland = Fixtures.newEmployee(stack, Map.of("timezone", "Pacific/Auckland"));
        Fixtures.Caller utc = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Api la = punches(clock, losAngeles);
        Api akl = punches(clock, auckland);
        Api late = punches(clock, utc);
        String sameInstant = "1983-02-28T12:00:00Z";

        Response moved = admin.post(LOCKS, Map.of("through", "1983-02-28", "reason", "February payroll"));
        assertEquals(200, moved.status(), moved::toString);
        assertEquals("1983-03-01T10:02:00Z", moved.json().get("effective_at").asText());
        assertEquals(moved.json(), admin.get(LOCKS).json(), "GET shows when it takes effect");

        clock.advance(Duration.ofSeconds(119));
        assertEquals(201, offline(la, "punch_in", sameInstant).status(), "nothing is refused before effective_at");
        assertEquals(201, offline(la, "punch_out", "1983-02-28T13:00:00Z").status());
        assertEquals(
                201,
                offline(late, "punch_in", "1983-02-28T20:00:00Z").status(),
                "a cycle opened under a move that has not taken effect yet");

        clock.advance(Duration.ofSeconds(1));
        Response refused = offline(la, "punch_in", "1983-02-28T14:00:00Z");
        assertEquals(422, refused.status(), refused::toString);
        assertEquals(PERIOD_LOCKED, refused.json().get("type").asText());
        assertTrue(refused.json().get("detail").asText().contains("1983-02-28"), refused::toString);
        assertEquals(201, offline(akl, "punch_in", sameInstant).status(), "1 March in Auckland is open");
        assertEquals(201, offline(akl, "punch_out", "1983-02-28T15:00:00Z").status());

        Response lastSecond = offline(la, "punch_in", "1983-03-01T07:59:59Z");
        assertEquals(422, lastSecond.status(), "23:59:59 on 28 February in Los Angeles: " + lastSecond);
        assertEquals(201, offline(la, "punch_in", "1983-03-01T08:00:00Z").status(), "midnight after it is open");
        assertEquals(201, offline(la, "punch_out", "1983-03-01T09:00:00Z").status());

        Api laReads = as(
                clock,
                losAngeles.login(),
                losAngeles.employeeId(),
                new StatusHandler(stack.deployment("StatusFunction").withClock(clock)));
        assertEquals(
                Map.of("1983-02-28", true, "1983-03-01", false),
                lockedByDate(laReads.get("/api/timetracking/sessions/?from=1983-02-28&to=1983-03-01")));

        // The cycle that slipped in before the move took effect cannot be ended on its locked date either.
        Response stuck = late.post(PUNCH, Map.of("action", "punch_out"));
        assertEquals(422, stuck.status(), stuck::toString);
        assertEquals(PERIOD_LOCKED, stuck.json().get("type").asText());
        // Nor does the nightly job close it past the maximum shift: it is left open and reported on the employee.
        assertAutoCloseRefusedTonight(utc.employeeId(), Instant.parse("1983-03-02T03:00:00Z"), "1983-02-28");
        Response breakOnLockedDate = late.post(PUNCH, Map.of("action", "break_start"));
        assertEquals(422, breakOnLockedDate.status(), "a break of that cycle is refused too: " + breakOnLockedDate);

        // An admin reopens the date (with a reason, at once), and the cycle can be ended.
        Response back = admin.post(LOCKS, Map.of("through", "1983-02-27", "reason", "End a cycle left open"));
        assertEquals(200, back.status(), back::toString);
        assertEquals("1983-03-01T10:02:00Z", back.json().get("effective_at").asText(), "a move back is at once");
        Api lateAfterReopening = punches(clock, utc);
        assertEquals(
                201,
                lateAfterReopening.post(PUNCH, Map.of("action", "punch_out")).status());
    }

    /**
     * A device that was offline while the lock moved syncs afterwards: its punch on the locked date is refused (a
     * punch_out of no open cycle is the state machine's 409), its punch of the next date accepted.
     */
    @Test
    void offlinePunchesArrivingAfterTheLockAreRefused() {
        MutableClock clock = new MutableClock(Instant.parse("1983-05-02T09:00:00Z"));
        Fixtures.Caller worker = Fixtures.newEmployee(stack, Map.of("timezone", "Europe/Berlin"));
        Api punches = punches(clock, worker);
        assertEquals(201, offline(punches, "punch_in", "1983-04-30T07:00:00Z").status());
        assertEquals(201, offline(punches, "punch_out", "1983-04-30T15:00:00Z").status());
        Api admin = periodsAdmin(clock);
        Response moved = admin.post(LOCKS, Map.of("through", "1983-04-30", "reason", "April payroll"));
        assertEquals(200, moved.status(), moved::toString);

        clock.advance(Duration.ofMinutes(5));
        Api synced = punches(clock, worker);
        for (String action : List.of("punch_in", "punch_out")) {
            Response refused = offline(synced, action, "1983-04-30T16:00:00Z");
            assertTrue(refused.status() == 422 || refused.status() == 409, refused::toString);
        }
        Response refused = offline(synced, "punch_in", "1983-04-30T16:00:00Z");
        assertEquals(PERIOD_LOCKED, refused.json().get("type").asText(), refused::toString);
        assertEquals(201, offline(synced, "punch_in", "1983-05-01T06:00:00Z").status(), "1 May in Berlin is open");
    }

    /** An approved week refuses the employee's punches on its dates at once (its transaction marks their clock). */
    @Test
    void anApprovedWeekRefusesPunchesOnItsDatesUntilItIsReopened() {
        // After every date the other tests here lock, so only the week decides.
        MutableClock clock = new MutableClock(Instant.parse("1983-06-08T10:00:00Z"));
        Api admin = periodsAdmin(clock);
        lockThrough(admin, "1982-12-31", "Start of the timesheet test");
        Fixtures.Caller worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Api punches = punches(clock, worker);
        assertEquals(201, offline(punches, "punch_in", "1983-06-07T09:00:00Z").status());
        assertEquals(201, offline(punches, "punch_out", "1983-06-07T17:00:00Z").status());
        String sheet = submitAndApprove(clock, admin, worker, "1983-W23");

        assertEquals(
                Map.of("1983-06-07", true),
                lockedByDate(
                        admin.get("/api/timetracking/timesheets/?employee_id=" + worker.employeeId() + "&week=1983-W23")
                                .json()
                                .get("days")));
        Api reads = as(
                clock,
                worker.login(),
                worker.employeeId(),
                new StatusHandler(stack.deployment("StatusFunction").withClock(clock)));
        assertEquals(
                Map.of("1983-06-07", true),
                lockedByDate(reads.get("/api/timetracking/sessions/?from=1983-06-05&to=1983-06-08")));

        Response refused = punches.post(PUNCH, Map.of("action", "punch_in"));
        assertEquals(422, refused.status(), refused::toString);
        assertEquals(PERIOD_LOCKED, refused.json().get("type").asText());
        assertTrue(refused.json().get("detail").asText().contains("1983-W23"), refused::toString);

        assertEquals(
                200,
                admin.post(sheet + "reopen/", Map.of("reason", "Tuesday is missing"))
                        .status());
        assertEquals(
                Map.of("1983-06-07", false),
                lockedByDate(reads.get("/api/timetracking/sessions/?from=1983-06-05&to=1983-06-08")));
        assertEquals(201, punches.post(PUNCH, Map.of("action", "punch_in")).status(), "reopened: open again");
        assertEquals(201, punches.post(PUNCH, Map.of("action", "punch_out")).status());
    }

    /**
     * A cycle left open in a week approved meanwhile is not closed automatically: the closing's transaction checks
     * the week (no read per clock), the approval refuses it, and the job plans again without the automatic
     * punch_out and reports the date.
     */
    @Test
    void anOpenCycleInAnApprovedWeekIsLeftOpenByTheNightlyJob() {
        MutableClock clock = new MutableClock(Instant.parse("1983-07-06T08:00:00Z"));
        Api admin = periodsAdmin(clock);
        lockThrough(admin, "1982-12-31", "Start of the approved-week test");
        Fixtures.Caller worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        assertEquals(
                201,
                offline(punches(clock, worker), "punch_in", "1983-07-05T09:00:00Z")
                        .status());
        submitAndApprove(clock, admin, worker, "1983-W27");

        PunchClock before = storedClock(worker.employeeId());
        assertAutoCloseRefusedTonight(worker.employeeId(), Instant.parse("1983-07-06T08:00:00Z"), "1983-07-05");
        assertEquals(
                before.journal(), storedClock(worker.employeeId()).journal(), "the cycle is still open, nothing added");
    }

    /**
     * Runs the nightly closing of one employee's clock at {@code night} (default business hours, so the open cycle
     * is past its maximum shift) and checks that it refused to auto-close {@code lockedDate}, with an audit record.
     */
    private void assertAutoCloseRefusedTonight(String employeeId, Instant night, String lockedDate) {
        var nightly = stack.deployment("DailyAggregationFunction");
        ClockClosing closing = new DynamoClockClosing(
                        nightly.db(), nightly.tables().time(), nightly.tables().audit())
                .close(
                        storedClock(employeeId),
                        new BusinessHoursTimeline(List.of(BusinessHoursRules.DEFAULT)),
                        night,
                        () -> UUID.randomUUID().toString());
        assertTrue(closing.autoPunchOut().isEmpty(), closing::toString);
        assertEquals(Optional.of(LocalDate.parse(lockedDate)), closing.autoCloseRefused());
        Response trail = Fixtures.admin(stack).get("/api/audit/?entity_type=employee&entity_id=" + employeeId);
        assertTrue(
                trail.json().get("items").toString().contains(DynamoClockClosing.AUTO_CLOSE_REFUSED), trail::toString);
    }

    /** The employee's clock as the nightly job reads it (strongly consistent). */
    private PunchClock storedClock(String employeeId) {
        var nightly = stack.deployment("DailyAggregationFunction");
        return ClockItems.fromItem(nightly.db()
                .getItem(get -> get.tableName(nightly.tables().time())
                        .key(ClockItems.key(employeeId))
                        .consistentRead(true))
                .item());
    }

    /** A pending correction of a date the move would close blocks it, listed with its id, until it is decided. */
    @Test
    void pendingCorrectionsOnTheDatesToCloseBlockTheLockUntilDecided() {
        Api admin = Fixtures.admin(stack);
        lockThrough(admin, "1982-01-31", "Start of the correction blocker test");
        Fixtures.Caller worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Response requested = worker.api()
                .post(
                        "/api/timetracking/corrections/",
                        Fixtures.shiftAdded(
                                "1982-02-10",
                                "Worked that day, the app was down",
                                "1982-02-10T09:00:00Z",
                                "1982-02-10T17:00:00Z"));
        assertEquals(201, requested.status(), requested::toString);
        String id = requested.json().get("id").asText();
        stack.awaitIndexes();

        Response blocked = admin.post(LOCKS, Map.of("through", "1982-02-28"));
        assertEquals(409, blocked.status(), blocked::toString);
        assertEquals(
                "https://timetracker.dev/problems/lock-blocked",
                blocked.json().get("type").asText());
        assertTrue(
                blocked.json()
                        .get("blockers")
                        .toString()
                        .contains("{\"employee_id\":\"" + worker.employeeId()
                                + "\",\"work_date\":\"1982-02-10\",\"correction_id\":\"" + id + "\"}"),
                blocked::toString);
        assertEquals(200, admin.post(LOCKS, Map.of("through", "1982-02-09")).status(), "the dates before it are free");

        Response rejected = Fixtures.manager(stack)
                .post("/api/timetracking/corrections/" + id + "/reject/", Map.of("note", "No shift was planned"));
        assertEquals(200, rejected.status(), rejected::toString);
        stack.awaitIndexes();
        Response moved = admin.post(LOCKS, Map.of("through", "1982-02-28"));
        assertEquals(200, moved.status(), moved::toString);
    }

    /**
     * The open-clocks and corrections indexes lag behind the table (GSIs are eventually consistent,
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Reading). With their propagation
     * held, they still show a cycle that was punched out and a correction that was rejected a moment ago: neither
     * may block the lock, since the table itself says they are done.
     */
    @Test
    @EmulatorOnly("holds the emulator's index propagation")
    void aCycleJustPunchedOutAndACorrectionJustRejectedDoNotBlockTheLockWhileTheIndexesStillShowThem() {
        MutableClock clock = new MutableClock(Instant.parse("1982-09-12T10:00:00Z"));
        Api admin = periodsAdmin(clock);
        lockThrough(admin, "1982-08-31", "Start of the index lag test");
        Fixtures.Caller worker = Fixtures.newEmployee(stack, Map.of("timezone", "UTC"));
        Api punches = punches(clock, worker);
        assertEquals(201, offline(punches, "punch_in", "1982-09-10T08:00:00Z").status());
        Response requested = worker.api()
                .post(
                        "/api/timetracking/corrections/",
                        Fixtures.shiftAdded(
                                "1982-09-09", "Forgot to punch", "1982-09-09T09:00:00Z", "1982-09-09T17:00:00Z"));
        assertEquals(201, requested.status(), requested::toString);
        stack.awaitIndexes();
        var indexes = stack.dynamoEmulator().indexes();
        indexes.hold();
        try {
            assertEquals(
                    201, offline(punches, "punch_out", "1982-09-10T16:00:00Z").status());
            Response rejected = Fixtures.manager(stack)
                    .post(
                            "/api/timetracking/corrections/"
                                    + requested.json().get("id").asText() + "/reject/",
                            Map.of("note", "No shift was planned"));
            assertEquals(200, rejected.status(), rejected::toString);
            assertTrue(indexes.pending() > 0, "the indexes still show both");

            Response moved = admin.post(LOCKS, Map.of("through", "1982-09-10", "reason", "Payroll up to 10 September"));
            assertEquals(200, moved.status(), moved::toString);
        } finally {
            indexes.release();
        }
    }

    /**
     * A configuration changes every day whose first punch_in is at or after its effective_from; work dates are in
     * each employee's zone, so it must start after the last locked date has ended everywhere (UTC-18:00). Business
     * hours go to a table of this test's own, so no other test sees them.
     */
    @Test
    void businessHoursCannotTakeEffectOnALockedDate() {
        Api admin = Fixtures.admin(stack);
        lockThrough(admin, "1982-06-30", "Start of the business hours test");
        var deployment = stack.deployment("EmployeesFunction");
        Api hours = admin.via(new EmployeesHandler(
                deployment.withTables(deployment.tables().withEmployees(stack.freshTable("EmployeesTable")))));
        for (String lockedSomewhere : List.of("1982-06-01T00:00:00Z", "1982-07-01T17:59:59Z")) {
            Response refused = hours.post("/api/employees/business-hours/", businessHours(lockedSomewhere));
            assertEquals(422, refused.status(), lockedSomewhere + ": " + refused);
            assertEquals(PERIOD_LOCKED, refused.json().get("type").asText());
        }
        assertEquals(
                0,
                hours.get("/api/employees/business-hours/").json().get("items").size(),
                "nothing stored");
        Response accepted = hours.post("/api/employees/business-hours/", businessHours("1982-07-01T18:00:00Z"));
        assertEquals(201, accepted.status(), "30 June has ended in every zone: " + accepted);
    }

    private static Map<String, Object> businessHours(String effectiveFrom) {
        return Map.of(
                "timezone",
                "UTC",
                "work_days",
                List.of(1, 2, 3, 4, 5),
                "start_time",
                "09:00",
                "end_time",
                "17:00",
                "late_grace_minutes",
                5,
                "early_leave_grace_minutes",
                10,
                "max_shift_hours",
                10,
                "daily_overtime_after_minutes",
                480,
                "effective_from",
                effectiveFrom);
    }

    private static Map<String, Boolean> lockedByDate(Response sessions) {
        assertEquals(200, sessions.status(), sessions::toString);
        return lockedByDate(sessions.json().get("items"));
    }

    private static Map<String, Boolean> lockedByDate(JsonNode sessions) {
        Map<String, Boolean> locked = new TreeMap<>();
        sessions.forEach(session -> locked.put(
                session.get("work_date").asText(), session.get("locked").asBoolean()));
        return locked;
    }

    /** The admin "root", logged in at the clock's time, calling the periods function on that clock. */
    private Api periodsAdmin(MutableClock clock) {
        return as(
                clock,
                "root",
                null,
                new PeriodsHandler(stack.deployment("PeriodsFunction").withClock(clock)));
    }

    /** Moves the pay-period lock to {@code through}; it may already be there (200) or be set for the first time. */
    private static void lockThrough(Api admin, String through, String reason) {
        int set =
                admin.post(LOCKS, Map.of("through", through, "reason", reason)).status();
        assertTrue(set == 200 || set == 201, "set: " + set);
    }

    /** The worker submits their timesheet of {@code week} and the admin approves it, both at the clock's time. */
    private String submitAndApprove(MutableClock clock, Api admin, Fixtures.Caller worker, String week) {
        String sheet = "/api/timetracking/timesheets/" + worker.employeeId() + "/" + week + "/";
        Api own = as(
                clock,
                worker.login(),
                worker.employeeId(),
                new PeriodsHandler(stack.deployment("PeriodsFunction").withClock(clock)));
        assertEquals(200, own.post(sheet + "submit/", Map.of()).status());
        assertEquals(200, admin.post(sheet + "approve/", Map.of()).status());
        return sheet;
    }

    private static Response offline(Api punches, String action, String timestamp) {
        return punches.post(PUNCH, Map.of("action", action, "timestamp", timestamp));
    }

    private Api punches(MutableClock clock, Fixtures.Caller employee) {
        return as(
                clock,
                employee.login(),
                employee.employeeId(),
                new PunchHandler(stack.deployment("PunchFunction").withClock(clock)));
    }

    /** {@code login} logged in at the clock's time (a token of the real time is not valid yet there), calling {@code handler}. */
    private Api as(MutableClock clock, String login, String employeeId, RequestStreamHandler handler) {
        Response response = new Api(stack)
                .via(new AuthHandler(
                        AuthHandler.Config.of(stack.deployment("AuthFunction").withClock(clock))
                                .withSigningKey(Fixtures.signingKey(stack))))
                .post("/api/auth/login/", Map.of("username", login, "password", Fixtures.PASSWORD));
        assertEquals(200, response.status(), response::toString);
        return new Api(stack)
                .withHeaders(Map.of(
                        "authorization",
                        "Bearer " + response.json().get("access_token").asText()))
                .via(handler);
    }
}
