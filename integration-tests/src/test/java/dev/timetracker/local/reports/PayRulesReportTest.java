package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.breakEnd;
import static dev.timetracker.local.reports.Dataset.breakStart;
import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pay rules through the stack: the README's German sample week (PayRulesSampleWeekTest) plus a weekly limit of 40 h,
 * for one employee in Berlin. The nightly job runs twice — Friday morning (Monday to Thursday become final) and
 * after the week — so Friday's rest is judged against a Thursday that left the journal a run earlier. Then the
 * stored sessions, the employees report over whole and partial weeks, and the daily CSV files.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayRulesReportTest {
    private static final String EMPLOYEE = "emp-pay-berlin";
    private static final PayRules GERMAN_WITH_WEEKLY_LIMIT = new PayRules(
            2_400, List.of(new PayRules.BreakRule(360, 30), new PayRules.BreakRule(540, 45)), true, 600, 660, null);

    private Dataset data;
    private Api reports;
    private Api status;

    @BeforeAll
    void seedAndAggregateTwice(TestStack stack) {
        data = Dataset.fresh(stack);
        new DynamoBusinessHoursStore(
                        data.db,
                        data.employeesTable,
                        data.auditTable,
                        stack.deployment("ReportsFunction").cursors())
                .add(
                        new BusinessHours(
                                "bh-german",
                                ZoneId.of("Europe/Berlin"),
                                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                                LocalTime.of(9, 0),
                                LocalTime.of(17, 0),
                                0,
                                0,
                                12,
                                480,
                                Instant.parse("2026-01-01T00:00:00Z"),
                                Dataset.SEEDED_AT,
                                Dataset.SEEDER.id(),
                                GERMAN_WITH_WEEKLY_LIMIT),
                        new AuditStamp("audit-bh-german", Dataset.SEEDED_AT, Dataset.SEEDER, "create", null));
        data.employee(EMPLOYEE, "Paula", "Richter", "P-1", "Payroll", "Europe/Berlin", true);
        // The sample week in UTC (Berlin is +01:00 until Sunday 2026-03-29).
        data.journal(
                EMPLOYEE,
                List.of(
                        in("2026-03-23T06:58:00Z"),
                        breakStart("2026-03-23T11:00:00Z"),
                        breakEnd("2026-03-23T11:30:00Z"),
                        out("2026-03-23T16:07:00Z"),
                        in("2026-03-24T07:03:00Z"),
                        breakStart("2026-03-24T11:00:00Z"),
                        breakEnd("2026-03-24T11:20:00Z"),
                        out("2026-03-24T17:31:00Z"),
                        in("2026-03-25T05:00:00Z"),
                        out("2026-03-25T11:10:00Z"),
                        in("2026-03-26T12:00:00Z"),
                        breakStart("2026-03-26T16:00:00Z"),
                        breakEnd("2026-03-26T16:45:00Z"),
                        out("2026-03-26T21:52:00Z"),
                        in("2026-03-27T06:30:00Z"),
                        breakStart("2026-03-27T11:00:00Z"),
                        breakEnd("2026-03-27T11:30:00Z"),
                        out("2026-03-27T15:00:00Z"),
                        in("2026-03-28T09:00:00Z"),
                        out("2026-03-28T13:00:00Z")));
        stack.awaitIndexes(); // the clock exists long before the night: the clocks index has it
        Instant fridayMorning = Instant.parse("2026-03-27T04:00:00Z");
        data.aggregation(Clock.fixed(fridayMorning, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(fridayMorning), () -> Long.MAX_VALUE);
        data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        Api admin = Callers.admin(stack);
        reports = admin.via(data.reports());
        status = admin.via(data.status());
    }

    @Test
    void storedSessionsCarryPayableTimeShortfallsAndFlags() {
        Response response =
                status.get("/api/timetracking/sessions/?employee_id=" + EMPLOYEE + "&from=2026-03-23&to=2026-03-29");
        assertEquals(200, response.status(), response::toString);
        List<String> days = new ArrayList<>();
        for (JsonNode s : response.json().get("items")) {
            days.add(s.get("work_date").asText() + " worked="
                    + s.get("worked_seconds").asLong() + " payable="
                    + s.get("payable_seconds").asLong() + " shortfall="
                    + s.get("break_shortfall_seconds").asLong()
                    + " ot=" + s.get("overtime_seconds").asLong() + " " + s.get("flags"));
        }
        assertEquals(
                List.of(
                        "2026-03-23 worked=31140 payable=31140 shortfall=0 ot=2340 []",
                        "2026-03-24 worked=36480 payable=34980 shortfall=1500 ot=6180 [\"break_short\",\"over_max_daily\"]",
                        "2026-03-25 worked=22200 payable=20400 shortfall=1800 ot=0 [\"break_short\"]",
                        "2026-03-26 worked=32820 payable=32820 shortfall=0 ot=4020 []",
                        // Thursday was final a run before Friday: its last_out came from the clock.
                        "2026-03-27 worked=28800 payable=28800 shortfall=0 ot=0 [\"short_rest\"]",
                        "2026-03-28 worked=14400 payable=14400 shortfall=0 ot=0 []"),
                days);
    }

    /**
     * Straight time (payable − daily overtime): 28800 a day Monday to Friday, 14400 Saturday: 150000 by Saturday,
     * 6000 over the 40 h limit, all of it Saturday's share. A range starting mid-week still counts Saturday's
     * share in full (the days before it in its week are read); one ending Friday has none.
     */
    @Test
    void employeesReportCountsWeeklyOvertimeAsEachDaysShare() {
        assertEquals("payable=162540 ot=12540 weekly=6000", totals("2026-03-23", "2026-03-29"));
        assertEquals("payable=96420 ot=4020 weekly=6000", totals("2026-03-25", "2026-03-29"));
        assertEquals("payable=148140 ot=12540 weekly=0", totals("2026-03-23", "2026-03-27"));
        assertEquals("payable=14400 ot=0 weekly=6000", totals("2026-03-28", "2026-03-28"));
    }

    private String totals(String from, String to) {
        Response response = reports.get("/api/reports/employees/?from=" + from + "&to=" + to);
        assertEquals(200, response.status(), response::toString);
        for (JsonNode e : response.json().get("items")) {
            if (e.get("employee_id").asText().equals(EMPLOYEE)) {
                return "payable=" + e.get("payable_seconds").asLong() + " ot="
                        + e.get("overtime_seconds").asLong() + " weekly="
                        + e.get("weekly_overtime_seconds").asLong();
            }
        }
        throw new AssertionError("no row for " + EMPLOYEE + " in " + response);
    }

    @Test
    void dailyFilesAppendPayableSecondsAndHours() {
        Rfc4180.Table tuesday = Rfc4180.parse(data.object("exports/daily/2026-03-24.csv"));
        List<String> header = tuesday.header();
        assertEquals(List.of("payable_seconds", "payable_hours"), header.subList(header.size() - 2, header.size()));
        assertEquals("overtime_seconds,status,flags", String.join(",", header.subList(13, 16)), "order unchanged");
        List<String> row = tuesday.rows().get(0);
        // 34980 s = 9.7166 h
        assertEquals(
                List.of("10.13", "36480", "break_short;over_max_daily", "34980", "9.72"),
                List.of(row.get(7), row.get(8), row.get(15), row.get(16), row.get(17)));
        assertTrue(new String(data.object("exports/daily/2026-03-27.csv"), java.nio.charset.StandardCharsets.UTF_8)
                .contains("short_rest,28800,8.00\r\n"));
    }
}
