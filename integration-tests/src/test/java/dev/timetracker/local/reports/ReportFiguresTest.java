package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static dev.timetracker.local.reports.Week.ANNA;
import static dev.timetracker.local.reports.Week.BOB;
import static dev.timetracker.local.reports.Week.CHIE;
import static dev.timetracker.local.reports.Week.FINN;
import static dev.timetracker.local.reports.Week.GRETA;
import static dev.timetracker.local.reports.Week.HANS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The figures of every report against a week computed by hand ({@link Week}): the final sessions the nightly
 * job stores, the daily, employees and overview reports, and the daily CSV files, read back from S3 with a
 * strict RFC 4180 parser. The job runs once, with a fixed clock, after the week has ended everywhere.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportFiguresTest {
    private static final String HEADER = "employee_id,employee_code,name,department,work_date,first_in,last_out,"
            + "worked_hours,worked_seconds,break_seconds,cycles,late_seconds,early_leave_seconds,overtime_seconds,"
            + "status,flags,payable_seconds,payable_hours";

    private TestStack stack;
    private Dataset data;
    private ObjectNode summary;
    private Api reports;
    private Api status;
    private Instant seededAt;

    @BeforeAll
    void seedAndAggregate(TestStack stack) {
        this.stack = stack;
        this.data = Dataset.fresh(stack);
        this.seededAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Week.seed(data, seededAt);
        summary = data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        Api admin = Callers.admin(stack);
        reports = admin.via(data.reports());
        status = admin.via(data.status());
    }

    @Test
    void theRunWalksEveryClockAndWritesTheSevenDaysUpToSunday() {
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(6, summary.get("clocks").asLong(), summary::toString);
        List<String> written = new ArrayList<>();
        summary.get("exports").forEach(key -> written.add(key.asText()));
        assertEquals(
                List.of(
                        "exports/daily/2026-03-23.csv",
                        "exports/daily/2026-03-24.csv",
                        "exports/daily/2026-03-25.csv",
                        "exports/daily/2026-03-26.csv",
                        "exports/daily/2026-03-27.csv",
                        "exports/daily/2026-03-28.csv",
                        "exports/daily/2026-03-29.csv"),
                written);
        assertEquals(0, summary.get("waiting").size(), summary::toString);
        assertEquals(written, data.objectKeys("exports/daily/"));
    }

    // ------------------------------------------------------------------ stored sessions

    /** work_date first_in last_out worked break cycles late early overtime status flags */
    private List<String> sessions(String employeeId) {
        Response response =
                status.get("/api/timetracking/sessions/?employee_id=" + employeeId + "&from=2026-03-23&to=2026-03-29");
        assertEquals(200, response.status(), response::toString);
        List<String> lines = new ArrayList<>();
        for (JsonNode s : response.json().get("items")) {
            StringBuilder cycles = new StringBuilder();
            for (JsonNode c : s.get("cycles")) {
                cycles.append('[')
                        .append(c.get("punch_in").asText())
                        .append(' ')
                        .append(c.get("punch_out").asText())
                        .append(' ')
                        .append(c.get("worked_seconds").asLong())
                        .append(' ')
                        .append(c.get("break_seconds").asLong())
                        .append(']');
            }
            lines.add(s.get("work_date").asText() + " " + s.get("first_in").asText() + " "
                    + s.get("last_out").asText()
                    + " worked=" + s.get("worked_seconds").asLong() + " break="
                    + s.get("break_seconds").asLong()
                    + " " + cycles + " late=" + s.get("late_seconds").asLong()
                    + " early=" + s.get("early_leave_seconds").asLong() + " ot="
                    + s.get("overtime_seconds").asLong()
                    + " " + s.get("status").asText() + " " + s.get("flags"));
        }
        assertTrue(response.json().get("next_cursor").isNull(), "one page");
        return lines;
    }

    @Test
    void storedSessionsAreTheHandComputedOnes() {
        assertEquals(
                List.of(
                        "2026-03-23 2026-03-23T07:58:00Z 2026-03-23T16:10:00Z worked=27720 break=1800 "
                                + "[2026-03-23T07:58:00Z 2026-03-23T16:10:00Z 27720 1800] late=0 early=0 ot=0 complete []",
                        "2026-03-24 2026-03-24T08:03:00Z 2026-03-24T14:30:00Z worked=23220 break=0 "
                                + "[2026-03-24T08:03:00Z 2026-03-24T14:30:00Z 23220 0] late=0 early=5400 ot=0 complete []",
                        "2026-03-25 2026-03-25T06:30:00Z 2026-03-25T16:15:00Z worked=33300 break=1800 "
                                + "[2026-03-25T06:30:00Z 2026-03-25T16:15:00Z 33300 1800] late=0 early=0 ot=4500 complete []",
                        // The spring-forward Sunday: 01:00 CET to 05:00 CEST is 3 hours, on no work day.
                        "2026-03-29 2026-03-29T00:00:00Z 2026-03-29T03:00:00Z worked=10800 break=0 "
                                + "[2026-03-29T00:00:00Z 2026-03-29T03:00:00Z 10800 0] late=0 early=0 ot=0 complete []"),
                sessions(ANNA));
        assertEquals(
                List.of(
                        "2026-03-25 2026-03-25T13:20:00Z 2026-03-25T21:00:00Z worked=27600 break=0 "
                                + "[2026-03-25T13:20:00Z 2026-03-25T21:00:00Z 27600 0] late=1200 early=0 ot=0 complete []",
                        // Overnight: Friday 21:00 to Saturday 05:00 New York time belongs to Friday.
                        "2026-03-27 2026-03-28T01:00:00Z 2026-03-28T09:00:00Z worked=27000 break=1800 "
                                + "[2026-03-28T01:00:00Z 2026-03-28T09:00:00Z 27000 1800] late=43200 early=0 ot=0 complete []"),
                sessions(BOB));
        assertEquals(
                List.of(
                        // Tuesday 08:55 in Tokyo is Monday 23:55 UTC.
                        "2026-03-24 2026-03-23T23:55:00Z 2026-03-24T08:05:00Z worked=29400 break=0 "
                                + "[2026-03-23T23:55:00Z 2026-03-24T08:05:00Z 29400 0] late=0 early=0 ot=600 complete []",
                        "2026-03-26 2026-03-26T00:30:00Z 2026-03-26T10:30:00Z worked=33300 break=2700 "
                                + "[2026-03-26T00:30:00Z 2026-03-26T10:30:00Z 33300 2700] late=1800 early=0 ot=4500 auto_closed "
                                + "[\"missing_punch_out\"]"),
                sessions(CHIE));
        assertEquals(
                List.of("2026-03-23 2026-03-23T09:00:00Z 2026-03-23T13:00:00Z worked=14400 break=0 "
                        + "[2026-03-23T09:00:00Z 2026-03-23T13:00:00Z 14400 0] late=3600 early=10800 ot=0 complete []"),
                sessions(FINN));
        assertEquals(List.of(), sessions(GRETA));
    }

    @Test
    void finalisedClocksKeepOnlyWhatIsNotFinalAndTheStateOfTheLastPunch() {
        for (String id : List.of(ANNA, BOB, CHIE, FINN)) {
            Map<String, AttributeValue> clock = data.item(data.timeTable, "EMPLOYEE#" + id, "CLOCK");
            assertEquals(0, clock.get("journal").l().size(), id + ": every date is final");
            assertEquals("off", clock.get("state").s(), id);
        }
        Map<String, AttributeValue> chie = data.item(data.timeTable, "EMPLOYEE#" + CHIE, "CLOCK");
        assertEquals(
                Instant.parse("2026-03-26T10:30:00Z").toEpochMilli(),
                Long.parseLong(chie.get("last_at").n()),
                "the auto punch_out is the latest entry");
        assertEquals(
                1,
                data.item(data.timeTable, "EMPLOYEE#" + GRETA, "CLOCK")
                        .get("journal")
                        .l()
                        .size(),
                "today's open cycle stays in the journal");
        assertEquals(
                2,
                data.item(data.timeTable, "EMPLOYEE#" + HANS, "CLOCK")
                        .get("journal")
                        .l()
                        .size());
    }

    @Test
    void theForgottenPunchOutIsClosedBySystemWithOneAutoEntryAndOneAuditRecord() throws Exception {
        Response response =
                status.get("/api/timetracking/entries/?employee_id=" + CHIE + "&from=2026-03-26&to=2026-03-26");
        assertEquals(200, response.status(), response::toString);
        JsonNode items = response.json().get("items");
        List<String> actions = new ArrayList<>();
        items.forEach(entry -> actions.add(
                entry.get("action").asText() + "/" + entry.get("source").asText()));
        assertEquals(List.of("punch_in/app", "break_start/app", "break_end/app", "punch_out/auto"), actions);
        JsonNode auto = items.get(3);
        assertEquals("2026-03-26T10:30:00Z", auto.get("timestamp").asText(), "punch_in + max_shift_hours");
        assertEquals("2026-03-30T13:00:00Z", auto.get("recorded_at").asText(), "when the job closed it");
        assertEquals("2026-03-26", auto.get("work_date").asText());
        assertTrue(auto.get("notes").asText().contains("10 h"), auto::toString);

        String autoId = auto.get("id").asText();
        List<Map<String, AttributeValue>> records = stack.dynamoDb()
                .query(q -> q.tableName(data.auditTable)
                        .indexName("by-type")
                        .keyConditionExpression("entity_type = :t")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS("time_entry"))))
                .items();
        assertEquals(1, records.size(), records::toString);
        Map<String, AttributeValue> record = records.get(0);
        assertEquals(autoId, record.get("entity_id").s());
        assertEquals("system", record.get("actor_id").s());
        assertEquals("system", record.get("actor_role").s());
        assertEquals("auto_close", record.get("action").s());
        assertEquals("2026-03-30T13:00:00Z", record.get("at").s());
        assertTrue(record.get("reason").s().contains("missing punch_out"), record::toString);
        JsonNode after = Json.mapper().readTree(record.get("after").s());
        assertEquals("punch_out", after.get("action").asText());
        assertEquals("auto", after.get("source").asText());
        assertEquals("2026-03-26T10:30:00Z", after.get("timestamp").asText());
    }

    // ------------------------------------------------------------------ reports

    @Test
    void dailyReportHasEveryDateOfTheWeek() {
        Response response = reports.get("/api/reports/daily/?from=2026-03-23&to=2026-03-29");
        assertEquals(200, response.status(), response::toString);
        List<String> days = new ArrayList<>();
        response.json()
                .get("items")
                .forEach(day -> days.add(day.get("date").asText() + " present="
                        + day.get("employees_present").asLong() + " worked="
                        + day.get("worked_seconds").asLong()
                        + " break=" + day.get("break_seconds").asLong() + " late="
                        + day.get("late_count").asLong()));
        assertEquals(
                List.of(
                        "2026-03-23 present=2 worked=42120 break=1800 late=1", // Anna 27720 + Finn 14400 (late)
                        "2026-03-24 present=2 worked=52620 break=0 late=0", // Anna 23220 + Chie 29400
                        "2026-03-25 present=2 worked=60900 break=1800 late=1", // Anna 33300 + Bob 27600 (late)
                        "2026-03-26 present=1 worked=33300 break=2700 late=1", // Chie, auto-closed, late
                        "2026-03-27 present=1 worked=27000 break=1800 late=1", // Bob's night shift (Sat in UTC)
                        "2026-03-28 present=0 worked=0 break=0 late=0",
                        "2026-03-29 present=1 worked=10800 break=0 late=0"), // Anna on the DST Sunday
                days);
        assertTrue(response.json().get("next_cursor").isNull());

        // The same figures come from the stored aggregates the job wrote.
        Map<String, AttributeValue> sunday = data.item(data.timeTable, "DAILY", "2026-03-29");
        assertNotNull(sunday);
        assertEquals("10800", sunday.get("worked_seconds").n());
        assertEquals("exports/daily/2026-03-29.csv", sunday.get("file").s());
        assertEquals("1", sunday.get("rows").n());
        Map<String, AttributeValue> friday = data.item(data.timeTable, "DAILY", "2026-03-27");
        assertEquals("43200", friday.get("late_seconds").n());

        // One employee's days: Bob's figures alone.
        Response bob = reports.get("/api/reports/daily/?from=2026-03-25&to=2026-03-28&employee_id=" + BOB);
        assertEquals(200, bob.status(), bob::toString);
        List<String> bobDays = new ArrayList<>();
        bob.json()
                .get("items")
                .forEach(day -> bobDays.add(day.get("date").asText() + " "
                        + day.get("employees_present").asLong() + " "
                        + day.get("worked_seconds").asLong() + " "
                        + day.get("late_count").asLong()));
        assertEquals(
                List.of("2026-03-25 1 27600 1", "2026-03-26 0 0 0", "2026-03-27 1 27000 1", "2026-03-28 0 0 0"),
                bobDays);
    }

    @Test
    void employeesReportHasEveryFieldOfEveryone() {
        Response response = reports.get("/api/reports/employees/?from=2026-03-23&to=2026-03-29");
        assertEquals(200, response.status(), response::toString);
        List<String> rows = new ArrayList<>();
        response.json()
                .get("items")
                .forEach(e -> rows.add(
                        e.get("employee_id").asText() + " " + e.get("name").asText()
                                + " days=" + e.get("days_worked").asLong() + " worked="
                                + e.get("worked_seconds").asLong()
                                + " break=" + e.get("break_seconds").asLong() + " late_days="
                                + e.get("late_days").asLong()
                                + " late=" + e.get("late_seconds").asLong() + " early_days="
                                + e.get("early_leave_days").asLong()
                                + " ot=" + e.get("overtime_seconds").asLong()
                                // No pay rules in this week's business hours: paid as worked, no weekly overtime.
                                + (e.get("payable_seconds").asLong()
                                                == e.get("worked_seconds").asLong()
                                        ? ""
                                        : " payable differs")
                                + (e.get("weekly_overtime_seconds").asLong() == 0 ? "" : " weekly overtime")));
        assertEquals(
                List.of(
                        // 27720 + 23220 + 33300 + 10800; breaks 1800 + 1800; early leave on Tuesday; overtime Wednesday
                        ANNA + " Anna Berger days=4 worked=95040 break=3600 late_days=0 late=0 early_days=1 ot=4500",
                        // 27600 + 27000; late 1200 + 43200
                        BOB + " Bob Carter days=2 worked=54600 break=1800 late_days=2 late=44400 early_days=0 ot=0",
                        // inactive now, but he worked that week
                        FINN + " Finn Olsen days=1 worked=14400 break=0 late_days=1 late=3600 early_days=1 ot=0",
                        // 29400 + 33300; overtime 600 + 4500
                        CHIE + " Chie Tanaka days=2 worked=62700 break=2700 late_days=1 late=1800 early_days=0 ot=5100",
                        HANS + " Hans Vogel days=0 worked=0 break=0 late_days=0 late=0 early_days=0 ot=0",
                        GRETA + " Greta Weber days=0 worked=0 break=0 late_days=0 late=0 early_days=0 ot=0"),
                rows,
                "alphabetical by last name");
        // The employees' sum is the daily report's sum: 42120+52620+60900+33300+27000+10800 = 226740.
        long sum = 0;
        for (JsonNode e : response.json().get("items")) {
            sum += e.get("worked_seconds").asLong();
        }
        assertEquals(226740, sum);
    }

    @Test
    void overviewOfWednesday() {
        Response response = reports.get("/api/reports/overview/?date=2026-03-25");
        assertEquals(200, response.status(), response::toString);
        JsonNode body = response.json();
        assertEquals("2026-03-25", body.get("date").asText());
        assertEquals(5, body.get("employees_active").asLong(), "Finn is inactive");
        assertEquals(1, body.get("working").asLong(), "Greta");
        assertEquals(1, body.get("on_break").asLong(), "Hans");
        assertEquals(3, body.get("off").asLong(), "Anna, Bob, Chie");
        assertEquals(1, body.get("late_today").asLong(), "Bob");
        assertEquals(60900, body.get("worked_seconds_today").asLong(), "Anna 33300 + Bob 27600");
        assertEquals(155640, body.get("worked_seconds_week").asLong(), "Mon..Wed: 42120 + 52620 + 60900");

        Response manager = Callers.manager(stack).via(data.reports()).get("/api/reports/overview/?date=2026-03-25");
        assertEquals(200, manager.status(), manager::toString);
        assertEquals(body, manager.json());
    }

    @Test
    void theDailyReportPagesThroughTheDates() {
        List<String> dates = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = reports.get("/api/reports/daily/?from=2026-03-23&to=2026-03-29&limit=3"
                    + (cursor == null ? "" : "&cursor=" + java.net.URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertEquals(200, page.status(), page::toString);
            page.json().get("items").forEach(day -> dates.add(day.get("date").asText()));
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(
                List.of(
                        "2026-03-23",
                        "2026-03-24",
                        "2026-03-25",
                        "2026-03-26",
                        "2026-03-27",
                        "2026-03-28",
                        "2026-03-29"),
                dates);
        Response foreign =
                reports.get("/api/reports/daily/?from=2026-03-23&to=2026-03-28&limit=3&cursor=bm90LWEtY3Vyc29y");
        assertEquals(400, foreign.status(), foreign::toString);
    }

    /**
     * What is not final yet comes from the punch clocks: Greta has worked since 2 h before seeding and is still
     * working; Hans worked 2.5 h (3 h ago to 30' ago) and is on a break since.
     */
    @Test
    void figuresNotFinalYetComeFromTheClocks() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        Instant gretaIn = seededAt.minusSeconds(7200);
        Instant hansIn = seededAt.minusSeconds(3 * 3600);
        java.time.LocalDate gretaDate = java.time.LocalDate.ofInstant(gretaIn, berlin);
        java.time.LocalDate hansDate = java.time.LocalDate.ofInstant(hansIn, berlin);
        long expectedLate = lateSeconds(gretaIn, berlin) > 0 ? 1 : 0;
        expectedLate += lateSeconds(hansIn, berlin) > 0 ? 1 : 0;

        Response daily = reports.get("/api/reports/daily/?from=" + hansDate + "&to=" + gretaDate);
        Instant asked = Instant.now();
        assertEquals(200, daily.status(), daily::toString);
        long present = 0;
        long worked = 0;
        long late = 0;
        for (JsonNode day : daily.json().get("items")) {
            present += day.get("employees_present").asLong();
            worked += day.get("worked_seconds").asLong();
            late += day.get("late_count").asLong();
        }
        assertEquals(2, present, daily::toString);
        long elapsed = asked.getEpochSecond() - seededAt.getEpochSecond() + 1;
        // Hans 9000 exactly; Greta 7200 plus the time since seeding.
        assertTrue(worked >= 9000 + 7200 && worked <= 9000 + 7200 + elapsed, "worked " + worked);
        assertEquals(expectedLate, late, daily::toString);

        Response employees = reports.get("/api/reports/employees/?from=" + hansDate + "&to=" + gretaDate);
        assertEquals(200, employees.status(), employees::toString);
        for (JsonNode e : employees.json().get("items")) {
            String id = e.get("employee_id").asText();
            boolean open = id.equals(GRETA) || id.equals(HANS);
            assertEquals(open ? 1 : 0, e.get("days_worked").asLong(), e::toString);
            if (id.equals(HANS)) {
                assertEquals(9000, e.get("worked_seconds").asLong(), e::toString);
                assertTrue(e.get("break_seconds").asLong() >= 1800, e::toString);
            }
        }

        Response overview = reports.get("/api/reports/overview/");
        assertEquals(200, overview.status(), overview::toString);
        java.time.LocalDate today = java.time.LocalDate.now(berlin);
        assertEquals(today.toString(), overview.json().get("date").asText(), "today in the business hours' zone");
        assertEquals(1, overview.json().get("working").asLong());
        assertEquals(1, overview.json().get("on_break").asLong());
        // Each work date's overview, so that a run near midnight (Hans's date before Greta's) checks the same sums.
        long dayWorked = 0;
        long dayLate = 0;
        for (java.time.LocalDate date : new java.util.TreeSet<>(List.of(hansDate, gretaDate))) {
            Response ofDate = reports.get("/api/reports/overview/?date=" + date);
            assertEquals(200, ofDate.status(), ofDate::toString);
            dayWorked += ofDate.json().get("worked_seconds_today").asLong();
            dayLate += ofDate.json().get("late_today").asLong();
        }
        long elapsedSinceSeeding = Instant.now().getEpochSecond() - seededAt.getEpochSecond() + 1;
        assertTrue(dayWorked >= 16200 && dayWorked <= 16200 + elapsedSinceSeeding, "worked " + dayWorked);
        assertEquals(expectedLate, dayLate, overview::toString);
    }

    /** Late as the rules count it: on a work day, a first punch_in after 09:05 counts from 09:00 (Berlin). */
    private static long lateSeconds(Instant firstIn, java.time.ZoneId zone) {
        java.time.ZonedDateTime local = firstIn.atZone(zone);
        if (local.getDayOfWeek().getValue() > 5) {
            return 0;
        }
        Instant start = local.toLocalDate().atTime(9, 0).atZone(zone).toInstant();
        return firstIn.isAfter(start.plusSeconds(300)) ? firstIn.getEpochSecond() - start.getEpochSecond() : 0;
    }

    @Test
    void reportsRefuseBadRangesEmployeesAndStrangers() {
        for (String query : List.of(
                "/api/reports/daily/?from=2026-03-29&to=2026-03-23",
                "/api/reports/daily/?from=2025-01-01&to=2026-01-02",
                "/api/reports/employees/?from=2026-3-1",
                "/api/reports/overview/?date=yesterday",
                "/api/reports/daily/?from=2026-03-23&limit=0")) {
            Response response = reports.get(query);
            assertEquals(400, response.status(), query + ": " + response);
            assertEquals("application/problem+json", response.header("content-type"), query);
        }
        Response unknown = reports.get("/api/reports/daily/?from=2026-03-23&to=2026-03-29&employee_id=nobody");
        assertEquals(404, unknown.status(), unknown::toString);

        Api employee = Callers.employee(stack).via(data.reports());
        Api anonymous = Callers.anonymous(stack).via(data.reports());
        for (String path : List.of(
                "/api/reports/overview/",
                "/api/reports/employees/",
                "/api/reports/daily/",
                "/api/reports/daily/?employee_id=" + ANNA)) {
            assertEquals(403, employee.get(path).status(), path);
            assertEquals(401, anonymous.get(path).status(), path);
        }
    }

    // ------------------------------------------------------------------ daily files

    private Rfc4180.Table file(String date) {
        byte[] bytes = data.object("exports/daily/" + date + ".csv");
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(HEADER + "\r\n"), text);
        return Rfc4180.parse(bytes);
    }

    private static List<String> rows(Rfc4180.Table table) {
        List<String> rows = new ArrayList<>();
        table.rows().forEach(row -> rows.add(String.join("|", row)));
        return rows;
    }

    @Test
    void dailyFilesHoldOneRowPerEmployeeAndWorkDateInTheirOwnZone() {
        assertEquals(List.of(HEADER.split(",")), file("2026-03-23").header());
        assertEquals(
                List.of(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-23|08:58|17:10|7.70|27720|1800|1|0|0|0|complete||27720|7.70",
                        "emp-f-inactive|B-004|Finn Olsen|Engineering|2026-03-23|10:00|14:00|4.00|14400|0|1|3600|10800|0|complete||14400|4.00"),
                rows(file("2026-03-23")));
        assertEquals(
                List.of(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-24|09:03|15:30|6.45|23220|0|1|0|5400|0|complete||23220|6.45",
                        // 29400 s = 8.1666 h
                        "emp-c-tokyo|T-003|Chie Tanaka|Sales|2026-03-24|08:55|17:05|8.17|29400|0|1|0|0|600|complete||29400|8.17"),
                rows(file("2026-03-24")));
        assertEquals(
                List.of(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-25|07:30|17:15|9.25|33300|1800|1|0|0|4500|complete||33300|9.25",
                        // 27600 s = 7.6666 h
                        "emp-b-newyork|N-002|Bob Carter|Support|2026-03-25|09:20|17:00|7.67|27600|0|1|1200|0|0|complete||27600|7.67"),
                rows(file("2026-03-25")));
        assertEquals(
                List.of(
                        "emp-c-tokyo|T-003|Chie Tanaka|Sales|2026-03-26|09:30|19:30|9.25|33300|2700|1|1800|0|4500|auto_closed|missing_punch_out|33300|9.25"),
                rows(file("2026-03-26")));
        assertEquals(
                List.of(
                        "emp-b-newyork|N-002|Bob Carter|Support|2026-03-27|21:00|05:00|7.50|27000|1800|1|43200|0|0|complete||27000|7.50"),
                rows(file("2026-03-27")));
        assertEquals(List.of(), rows(file("2026-03-28")), "a day nobody worked: the header only");
        assertEquals(
                List.of(
                        "emp-a-berlin|B-001|Anna Berger|Engineering|2026-03-29|01:00|05:00|3.00|10800|0|1|0|0|0|complete||10800|3.00"),
                rows(file("2026-03-29")));
    }

    /** Cells a spreadsheet would run as formulas get a leading apostrophe; quoting still follows RFC 4180. */
    @Test
    void dailyFileDefusesFormulaInjection() {
        Dataset injected = Dataset.fresh(stack);
        injected.standardHours()
                .employee("emp-d-inject", "=HYPERLINK(\"x\")", "Doe", "-1", "+cmd", "Europe/Berlin", true)
                .employee("emp-e-inject", "@sum", "Eve", "\t42", "Ops, \"North\"", "Europe/Berlin", true)
                .journal("emp-d-inject", List.of(in("2026-03-23T08:00:00Z"), out("2026-03-23T16:00:00Z")))
                .journal("emp-e-inject", List.of(in("2026-03-23T08:00:00Z"), out("2026-03-23T12:00:00Z")));
        stack.awaitIndexes(); // punched before the night: the clocks index has both clocks
        ObjectNode result = injected.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Json.mapper().valueToTree(Map.of("date", "2026-03-23")), () -> Long.MAX_VALUE);
        assertEquals("done", result.get("status").asText(), result::toString);

        byte[] bytes = injected.object("exports/daily/2026-03-23.csv");
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\nemp-d-inject,'-1,\"'=HYPERLINK(\"\"x\"\") Doe\",'+cmd,2026-03-23,"), text);
        List<Map<String, String>> records = Rfc4180.parse(bytes).records();
        assertEquals(2, records.size());
        Map<String, String> d = records.get(0);
        assertEquals("'-1", d.get("employee_code"));
        assertEquals("'=HYPERLINK(\"x\") Doe", d.get("name"));
        assertEquals("'+cmd", d.get("department"));
        assertEquals("09:00", d.get("first_in"));
        assertEquals("17:00", d.get("last_out"));
        assertEquals("8.00", d.get("worked_hours"));
        Map<String, String> e = records.get(1);
        assertEquals("'\t42", e.get("employee_code"));
        assertEquals("'@sum Eve", e.get("name"));
        assertEquals("Ops, \"North\"", e.get("department"), "quoted, not defused: it starts with a letter");
        // 4 h on a work day that ends at 13:00: 4 h early, nothing else
        assertEquals("4.00", e.get("worked_hours"));
        assertEquals("14400", e.get("early_leave_seconds"));
        for (Map<String, String> record : records) {
            for (String cell : record.values()) {
                assertTrue(cell.isEmpty() || "=+-@\t\r".indexOf(cell.charAt(0)) < 0, "unguarded cell " + cell);
            }
        }
    }
}
