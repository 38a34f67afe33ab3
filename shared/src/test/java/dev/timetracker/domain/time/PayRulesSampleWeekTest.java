package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.hours.PayRules.BreakRule;
import dev.timetracker.domain.hours.PayRules.Direction;
import dev.timetracker.domain.hours.PayRules.Rounding;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample week of the README's "Pay rules" section, under the German and the US (FLSA) setup shown there: the
 * figures in the README are these assertions. Monday 2026-03-23 to Saturday 2026-03-28, the same wall-clock
 * punches in Europe/Berlin and America/New_York.
 */
class PayRulesSampleWeekTest {

    static final List<String> WEEK = List.of(
            "2026-03-23T07:58 in",
            "2026-03-23T12:00 bs",
            "2026-03-23T12:30 be",
            "2026-03-23T17:07 out",
            "2026-03-24T08:03 in",
            "2026-03-24T12:00 bs",
            "2026-03-24T12:20 be",
            "2026-03-24T18:31 out",
            "2026-03-25T06:00 in",
            "2026-03-25T12:10 out",
            "2026-03-26T13:00 in",
            "2026-03-26T17:00 bs",
            "2026-03-26T17:45 be",
            "2026-03-26T22:52 out",
            "2026-03-27T07:30 in",
            "2026-03-27T12:00 bs",
            "2026-03-27T12:30 be",
            "2026-03-27T16:00 out",
            "2026-03-28T10:00 in",
            "2026-03-28T14:00 out");

    /** Germany (ArbZG §4, §3, §5): breaks 30 min after 6 h, 45 after 9 h, deducted; 10 h a day; 11 h rest. */
    static final PayRules GERMAN =
            new PayRules(null, List.of(new BreakRule(360, 30), new BreakRule(540, 45)), true, 600, 660, null);
    /** US FLSA: overtime after 40 h a week, none daily; punches to the nearest quarter hour (29 CFR 785.48(b)). */
    static final PayRules FLSA =
            new PayRules(2_400, List.of(), false, null, null, new Rounding(15, Direction.NEAREST, Direction.NEAREST));

    static List<String> figures(ZoneId zone, int dailyOvertimeAfter, PayRules rules) {
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(new BusinessHours(
                "bh",
                zone,
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                0,
                0,
                12,
                dailyOvertimeAfter,
                PayRulesTest.LONG_AGO,
                PayRulesTest.LONG_AGO,
                "admin",
                rules));
        List<WorkSession> sessions =
                PayRulesTest.sessions(zone, timeline, null, PayRulesTest.punches(zone, WEEK.toArray(String[]::new)));
        Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
        List<String> lines = new ArrayList<>();
        long worked = 0;
        long payable = 0;
        long overtime = 0;
        for (WorkSession s : sessions) {
            lines.add(s.workDate().getDayOfWeek().toString().substring(0, 3) + " worked=" + s.workedSeconds()
                    + " break=" + s.breakSeconds() + " payable=" + s.payableSeconds() + " shortfall="
                    + s.breakShortfallSeconds() + " overtime=" + s.overtimeSeconds() + " weekly="
                    + weekly.get(s.workDate()) + " " + s.flags());
            worked += s.workedSeconds();
            payable += s.payableSeconds();
            overtime += s.overtimeSeconds();
        }
        lines.add("week worked=" + worked + " payable=" + payable + " overtime=" + overtime + " weekly="
                + WeeklyOvertime.total(sessions, timeline));
        return lines;
    }

    @Test
    void germanSetup() {
        assertEquals(
                List.of(
                        // 07:58–17:07, 0:30 break: 8:39 worked; over 6 h, under 9 h: 30 min needed, taken.
                        "MON worked=31140 break=1800 payable=31140 shortfall=0 overtime=2340 weekly=0 []",
                        // 10:08 worked, 0:20 break: 45 min needed, 25 short and deducted; more than 10 h.
                        "TUE worked=36480 break=1200 payable=34980 shortfall=1500 overtime=6180 weekly=0 "
                                + "[break_short, over_max_daily]",
                        // 6:10 without a break: 30 min short, deducted.
                        "WED worked=22200 break=0 payable=20400 shortfall=1800 overtime=0 weekly=0 [break_short]",
                        "THU worked=32820 break=2700 payable=32820 shortfall=0 overtime=4020 weekly=0 []",
                        // Thursday ended 22:52, Friday began 07:30: 8:38 of rest.
                        "FRI worked=28800 break=1800 payable=28800 shortfall=0 overtime=0 weekly=0 [short_rest]",
                        "SAT worked=14400 break=0 payable=14400 shortfall=0 overtime=0 weekly=0 []",
                        "week worked=165840 payable=162540 overtime=12540 weekly=0"),
                figures(ZoneId.of("Europe/Berlin"), 480, GERMAN));
    }

    @Test
    void usFlsaSetup() {
        assertEquals(
                List.of(
                        // 07:58 → 08:00, 17:07 → 17:00: 9:00 − 0:30.
                        "MON worked=31140 break=1800 payable=30600 shortfall=0 overtime=0 weekly=0 []",
                        // 08:03 → 08:00, 18:31 → 18:30: 10:30 − 0:20.
                        "TUE worked=36480 break=1200 payable=36600 shortfall=0 overtime=0 weekly=0 []",
                        // 12:10 → 12:15.
                        "WED worked=22200 break=0 payable=22500 shortfall=0 overtime=0 weekly=0 []",
                        // 22:52 → 22:45: 9:45 − 0:45.
                        "THU worked=32820 break=2700 payable=32400 shortfall=0 overtime=0 weekly=0 []",
                        // 41:55 paid by Friday night: 1:55 over 40 h.
                        "FRI worked=28800 break=1800 payable=28800 shortfall=0 overtime=0 weekly=6900 []",
                        "SAT worked=14400 break=0 payable=14400 shortfall=0 overtime=0 weekly=14400 []",
                        // 45:55 paid, 5:55 of it weekly overtime.
                        "week worked=165840 payable=165300 overtime=0 weekly=21300"),
                figures(ZoneId.of("America/New_York"), 1_440, FLSA));
    }
}
