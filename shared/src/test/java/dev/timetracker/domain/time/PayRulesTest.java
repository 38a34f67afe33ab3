package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchAction.BREAK_END;
import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.hours.PayRules.BreakRule;
import dev.timetracker.domain.hours.PayRules.Direction;
import dev.timetracker.domain.hours.PayRules.Rounding;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hand-computed cases of the pay rules (API contract, "Pay rules"): each rule alone, combinations, daylight-saving
 * days, a +05:45 zone, an overnight cycle across the ISO week boundary and a rule change in the middle of a week.
 * Punches are written in the zone's wall time ({@code 2026-03-02T08:07:29}), or as an instant where the wall time
 * is ambiguous ({@code @2026-11-01T06:20:00Z}). Each figure's arithmetic is in the case's comment.
 */
class PayRulesTest {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    static final List<BreakRule> GERMAN_BREAKS = List.of(new BreakRule(360, 30), new BreakRule(540, 45));

    static PayRules rules(
            Integer weekly,
            List<BreakRule> breaks,
            boolean deduct,
            Integer maxDaily,
            Integer minRest,
            Rounding rounding) {
        return new PayRules(weekly, breaks, deduct, maxDaily, minRest, rounding);
    }

    static Rounding rounding(int minutes, Direction in, Direction out) {
        return new Rounding(minutes, in, out);
    }

    /** Every day a work day 09:00–17:00 without graces, 24 h max shift, daily overtime after 8 h, these rules. */
    static BusinessHours hours(String id, ZoneId zone, Instant from, PayRules rules) {
        return hours(id, zone, from, 480, rules);
    }

    static BusinessHours hours(String id, ZoneId zone, Instant from, int overtimeAfter, PayRules rules) {
        return new BusinessHours(
                id,
                zone,
                EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                0,
                0,
                24,
                overtimeAfter,
                from,
                from,
                "admin",
                rules);
    }

    /** Punches as "wall-time action" pairs: "2026-03-02T08:00 in", "...T12:00 bs", "be", "out", or "@instant in". */
    static List<TimeEntry> punches(ZoneId zone, String... lines) {
        List<TimeEntry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            Instant at = parts[0].startsWith("@")
                    ? Instant.parse(parts[0].substring(1))
                    : ZonedDateTime.of(LocalDateTime.parse(parts[0]), zone).toInstant();
            PunchAction action = switch (parts[1]) {
                case "in" -> PUNCH_IN;
                case "bs" -> BREAK_START;
                case "be" -> BREAK_END;
                case "out" -> PUNCH_OUT;
                default -> throw new IllegalArgumentException(line);
            };
            entries.add(PunchScript.entry("e" + entries.size(), action, at, EntrySource.APP));
        }
        return entries;
    }

    static List<WorkSession> sessions(
            ZoneId zone, BusinessHoursTimeline timeline, Instant lastOutBefore, List<TimeEntry> entries) {
        Instant now = entries.get(entries.size() - 1).timestamp().plusSeconds(60);
        return PunchLedger.of(PunchScript.EMPLOYEE, zone, entries)
                .withLastOutBefore(lastOutBefore)
                .sessions(timeline, now);
    }

    record Day(
            String name,
            ZoneId zone,
            PayRules rules,
            String previousLastOut,
            List<String> punches,
            long worked,
            long payable,
            long shortfall,
            long overtime,
            List<String> flags) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Day day(
            String name,
            ZoneId zone,
            PayRules rules,
            String previousLastOut,
            List<String> punches,
            long worked,
            long payable,
            long shortfall,
            long overtime,
            String... flags) {
        return new Day(
                name, zone, rules, previousLastOut, punches, worked, payable, shortfall, overtime, List.of(flags));
    }

    /** A Monday in Berlin, 08:00–16:37 with a 30 min break at noon unless the case says otherwise. */
    static final List<String> PLAIN_DAY =
            List.of("2026-03-02T08:00 in", "2026-03-02T12:00 bs", "2026-03-02T12:30 be", "2026-03-02T16:37 out");

    static Stream<Day> days() {
        return Stream.of(
                // 8:37 span − 0:30 break = 8:07 = 29,220 s; overtime 29,220 − 28,800 = 420.
                day("no rules: payable is worked", BERLIN, PayRules.NONE, null, PLAIN_DAY, 29_220, 29_220, 0, 420),
                // in 08:07:29 → 08:00 (7:29 < half of 15), out 16:37:30 → 16:45 (7:30 is half: up);
                // worked 8:30:01 − 0:30 = 28,801; payable 8:45 − 0:30 = 8:15 = 29,700; overtime 900.
                day(
                        "rounding 15 nearest, half rounds up",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.NEAREST, Direction.NEAREST)),
                        null,
                        List.of(
                                "2026-03-02T08:07:29 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:30 be",
                                "2026-03-02T16:37:30 out"),
                        28_801,
                        29_700,
                        0,
                        900),
                // in 08:01 → 08:06, out 16:59 → 16:54: 8:48 − 0:30 = 8:18 = 29,880; worked 8:58 − 0:30 = 30,480.
                day(
                        "rounding 6: in up, out down",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(6, Direction.UP, Direction.DOWN)),
                        null,
                        List.of(
                                "2026-03-02T08:01 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:30 be",
                                "2026-03-02T16:59 out"),
                        30_480,
                        29_880,
                        0,
                        1_080),
                // Breaks are not rounded and each cycle is rounded on its own: 08:03–12:07 → 08:00–12:15 (4:15),
                // 12:52–16:58 → 12:45–17:00 (4:15): 8:30 = 30,600; worked 4:04 + 4:06 = 29,400.
                day(
                        "rounding 15 in down, out up, two cycles",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.DOWN, Direction.UP)),
                        null,
                        List.of(
                                "2026-03-02T08:03 in",
                                "2026-03-02T12:07 out",
                                "2026-03-02T12:52 in",
                                "2026-03-02T16:58 out"),
                        29_400,
                        30_600,
                        0,
                        1_800),
                // 07:00–16:31 with 0:30 break: worked 9:01 = 32,460 > 9 h → 45 min needed, 15 short (900).
                day(
                        "break rules: the strictest that applies wins",
                        BERLIN,
                        rules(null, GERMAN_BREAKS, false, null, null, null),
                        null,
                        List.of(
                                "2026-03-02T07:00 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:30 be",
                                "2026-03-02T16:31 out"),
                        32_460,
                        32_460,
                        900,
                        3_660,
                        WorkSession.BREAK_SHORT),
                // The same day, shortfall deducted: 32,460 − 900 = 31,560; overtime 2,760.
                day(
                        "break rules with auto deduction",
                        BERLIN,
                        rules(null, GERMAN_BREAKS, true, null, null, null),
                        null,
                        List.of(
                                "2026-03-02T07:00 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:30 be",
                                "2026-03-02T16:31 out"),
                        32_460,
                        31_560,
                        900,
                        2_760,
                        WorkSession.BREAK_SHORT),
                // Exactly 6 h is not more than 6 h: no rule applies.
                day(
                        "break rule threshold is exclusive",
                        BERLIN,
                        rules(null, GERMAN_BREAKS, true, null, null, null),
                        null,
                        List.of("2026-03-02T08:00 in", "2026-03-02T14:00 out"),
                        21_600,
                        21_600,
                        0,
                        0),
                // 6:00:01 without a break: 30 min short, deducted: 21,601 − 1,800 = 19,801.
                day(
                        "one second over the threshold",
                        BERLIN,
                        rules(null, GERMAN_BREAKS, true, null, null, null),
                        null,
                        List.of("2026-03-02T08:00 in", "2026-03-02T14:00:01 out"),
                        21_601,
                        19_801,
                        1_800,
                        0,
                        WorkSession.BREAK_SHORT),
                // 07:00–17:31, 0:30 break: worked 10:01 > 10 h.
                day(
                        "max daily",
                        BERLIN,
                        rules(null, List.of(), false, 600, null, null),
                        null,
                        List.of(
                                "2026-03-02T07:00 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:30 be",
                                "2026-03-02T17:31 out"),
                        36_060,
                        36_060,
                        0,
                        7_260,
                        WorkSession.OVER_MAX_DAILY),
                // Sunday 22:00 CET → Monday 08:00: 10 h rest < 11 h.
                day(
                        "short rest",
                        BERLIN,
                        rules(null, List.of(), false, null, 660, null),
                        "2026-03-01T21:00:00Z",
                        PLAIN_DAY,
                        29_220,
                        29_220,
                        0,
                        420,
                        WorkSession.SHORT_REST),
                // Sunday 21:00 CET → Monday 08:00: exactly 11 h is enough.
                day(
                        "rest of exactly the minimum",
                        BERLIN,
                        rules(null, List.of(), false, null, 660, null),
                        "2026-03-01T20:00:00Z",
                        PLAIN_DAY,
                        29_220,
                        29_220,
                        0,
                        420),
                // No previous work day known: rest is not judged.
                day(
                        "no previous day: no short_rest",
                        BERLIN,
                        rules(null, List.of(), false, null, 660, null),
                        null,
                        PLAIN_DAY,
                        29_220,
                        29_220,
                        0,
                        420),
                // 06:58–17:14, 0:20 break, rounding 15 nearest (07:00, 17:15 → 10:15 span). Worked 10:16 − 0:20 = 9:56
                // = 35,760 > 9 h → 45 needed, 25 short (1,500), deducted: 10:15 − 0:20 − 0:25 = 9:30 = 34,200.
                // 9:56 > 9 h max → over_max_daily; rest since 23:00 the day before: 7:58 < 11 h → short_rest.
                day(
                        "German setup, every rule at once",
                        BERLIN,
                        rules(2_400, GERMAN_BREAKS, true, 540, 660, rounding(15, Direction.NEAREST, Direction.NEAREST)),
                        "2026-03-01T22:00:00Z",
                        List.of(
                                "2026-03-02T06:58 in",
                                "2026-03-02T12:00 bs",
                                "2026-03-02T12:20 be",
                                "2026-03-02T17:14 out"),
                        35_760,
                        34_200,
                        1_500,
                        5_400,
                        WorkSession.BREAK_SHORT,
                        WorkSession.OVER_MAX_DAILY,
                        WorkSession.SHORT_REST),
                // Spring forward, Sunday 2026-03-29: in 01:58 CET (00:58Z) up → 02:00 at +01 = 01:00Z (the jump to
                // 03:00 CEST); out 04:07 CEST (02:07Z) down → 04:00 CEST = 02:00Z. Payable 1 h; worked 1:09.
                day(
                        "Berlin spring forward: rounded into the gap",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.UP, Direction.DOWN)),
                        null,
                        List.of("2026-03-29T01:58 in", "2026-03-29T04:07 out"),
                        4_140,
                        3_600,
                        0,
                        0),
                // Fall back, Sunday 2026-10-25: in 02:50 CEST (00:50Z) up → 03:00 at +02 = 01:00Z (the moment the
                // clocks show 02:00 CET, not 03:00 CET an hour later); out 05:00 CET = 04:00Z: 3 h; worked 3:10.
                day(
                        "Berlin fall back: rounded out of the overlap",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.UP, Direction.DOWN)),
                        null,
                        List.of("2026-10-25T02:50 in", "2026-10-25T05:00 out"),
                        11_400,
                        10_800,
                        0,
                        0),
                // 2026-03-08: in 01:53 EST (06:53Z) nearest → 02:00 at −05 = 07:00Z; out 06:00 EDT = 10:00Z: 3 h;
                // worked 3:07.
                day(
                        "New York spring forward",
                        NEW_YORK,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.NEAREST, Direction.NEAREST)),
                        null,
                        List.of("2026-03-08T01:53 in", "2026-03-08T06:00 out"),
                        11_220,
                        10_800,
                        0,
                        0),
                // 2026-11-01: in 01:40 EDT (05:40Z) down 30 → 01:30 EDT = 05:30Z; out 01:20 EST, the second 01:20
                // (06:20Z), up → 01:30 EST = 06:30Z. Payable 1 h for 40 min worked, each punch rounded in its own pass.
                day(
                        "New York fall back: both punches inside the repeated hour",
                        NEW_YORK,
                        rules(null, List.of(), false, null, null, rounding(30, Direction.DOWN, Direction.UP)),
                        null,
                        List.of("@2026-11-01T05:40:00Z in", "@2026-11-01T06:20:00Z out"),
                        2_400,
                        3_600,
                        0,
                        0),
                // +05:45: in 09:07 (03:22Z) nearest 10 → 09:10 = 03:25Z (a UTC grid would say 03:20Z); out 17:02
                // (11:17Z) → 17:00 = 11:15Z. Payable 7:50 = 28,200; worked 7:55 = 28,500.
                day(
                        "Kathmandu +05:45 on the local grid",
                        KATHMANDU,
                        rules(null, List.of(), false, null, null, rounding(10, Direction.NEAREST, Direction.NEAREST)),
                        null,
                        List.of("2026-03-02T09:07 in", "2026-03-02T17:02 out"),
                        28_500,
                        28_200,
                        0,
                        0),
                // in 09:02 up → 09:15, out 09:10 down → 09:00: a cycle never counts less than nothing.
                day(
                        "a rounded cycle is never negative",
                        BERLIN,
                        rules(null, List.of(), false, null, null, rounding(15, Direction.UP, Direction.DOWN)),
                        null,
                        List.of("2026-03-02T09:02 in", "2026-03-02T09:10 out"),
                        480,
                        0,
                        0,
                        0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("days")
    void dayFigures(Day day) {
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(hours("bh", day.zone(), LONG_AGO, day.rules()));
        Instant previous = day.previousLastOut() == null ? null : Instant.parse(day.previousLastOut());
        List<WorkSession> sessions = sessions(
                day.zone(),
                timeline,
                previous,
                punches(day.zone(), day.punches().toArray(String[]::new)));

        assertEquals(1, sessions.size(), "one work date");
        WorkSession session = sessions.get(0);
        assertEquals(day.worked(), session.workedSeconds(), "worked_seconds (never changed by pay rules)");
        assertEquals(day.payable(), session.payableSeconds(), "payable_seconds");
        assertEquals(day.shortfall(), session.breakShortfallSeconds(), "break_shortfall_seconds");
        assertEquals(day.overtime(), session.overtimeSeconds(), "overtime_seconds (on payable time)");
        assertEquals(day.flags(), session.flags(), "flags");
    }

    static Stream<Arguments> roundedPunches() {
        return Stream.of(
                // zone, punch (wall time), increment, direction, expected instant
                Arguments.of(BERLIN, "2026-03-02T08:07:30", 15, Direction.NEAREST, "2026-03-02T07:15:00Z"),
                Arguments.of(BERLIN, "2026-03-02T08:07:29", 15, Direction.NEAREST, "2026-03-02T07:00:00Z"),
                Arguments.of(BERLIN, "2026-03-02T08:00:00", 15, Direction.UP, "2026-03-02T07:00:00Z"),
                Arguments.of(BERLIN, "2026-03-02T23:50:00", 30, Direction.UP, "2026-03-02T23:00:00Z"),
                Arguments.of(BERLIN, "2026-03-02T08:05:59", 6, Direction.DOWN, "2026-03-02T07:00:00Z"),
                Arguments.of(KATHMANDU, "2026-03-02T09:07:00", 30, Direction.NEAREST, "2026-03-02T03:15:00Z"),
                Arguments.of(KATHMANDU, "2026-03-02T00:14:00", 30, Direction.DOWN, "2026-03-01T18:15:00Z"));
    }

    @ParameterizedTest(name = "{0} {1} {3} {2} min")
    @MethodSource("roundedPunches")
    void punchesRoundOnTheLocalGridFromMidnight(
            ZoneId zone, String wall, int minutes, Direction direction, String expected) {
        Instant punch = ZonedDateTime.of(LocalDateTime.parse(wall), zone).toInstant();
        assertEquals(Instant.parse(expected), PayableTime.round(punch, zone, minutes, direction));
    }

    /**
     * Week of Monday 2026-03-02 in Berlin: Monday to Friday 08:00–16:30 with 0:30 break (8 h payable each, no daily
     * overtime), then Sunday 22:00 → Monday 06:00 overnight (8 h, work date Sunday 03-08, so it belongs to the week
     * it started in), then Monday 03-09 08:00–16:30 of the next week. Limit 40 h: the week's straight time is
     * 48 h → 8 h weekly overtime, all of it Sunday's; the new week starts at zero.
     */
    @Test
    void overnightCycleAcrossTheWeekBoundaryCountsInTheWeekItStarted() {
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(
                hours("bh", BERLIN, LONG_AGO, rules(2_400, List.of(), false, null, null, null)));
        List<String> lines = new ArrayList<>();
        for (int day = 2; day <= 6; day++) {
            lines.addAll(officeDay(LocalDate.of(2026, 3, day)));
        }
        lines.add("2026-03-08T22:00 in");
        lines.add("2026-03-09T06:00 out");
        lines.addAll(officeDay(LocalDate.of(2026, 3, 9)));
        List<WorkSession> sessions = sessions(BERLIN, timeline, null, punches(BERLIN, lines.toArray(String[]::new)));

        Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
        assertEquals(LocalDate.of(2026, 3, 8), sessions.get(5).workDate());
        assertEquals(28_800, sessions.get(5).payableSeconds());
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 28_800L, 0L), List.copyOf(weekly.values()));
        // Monday 03-09 starts 2 h after Sunday's cycle ended: with a rest rule it would be short; here there is none.
        assertEquals(List.of(), sessions.get(6).flags());
    }

    /**
     * Week of Monday 2026-03-16, Berlin, Monday to Friday 8 h payable each (daily overtime after 10 h: none). A weekly
     * limit of 40 h until Thursday, 20 h from Thursday 00:00. Monday to Wednesday keep their 40 h limit (24 h, none);
     * Thursday: 32 h − 20 h = 12 h; Friday: 40 h − 20 h = 20 h in all, so 8 h more. Total 20 h; nothing counted
     * before the change moves.
     */
    @Test
    void ruleChangeInTheMiddleOfAWeekJudgesEachDayByItsOwnLimit() {
        Instant thursday = ZonedDateTime.of(LocalDateTime.parse("2026-03-19T00:00"), BERLIN)
                .toInstant();
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(
                hours("forty", BERLIN, LONG_AGO, 600, rules(2_400, List.of(), false, null, null, null)),
                hours("twenty", BERLIN, thursday, 600, rules(1_200, List.of(), false, null, null, null)));
        List<String> lines = new ArrayList<>();
        for (int day = 16; day <= 20; day++) {
            lines.addAll(officeDay(LocalDate.of(2026, 3, day)));
        }
        List<WorkSession> sessions = sessions(BERLIN, timeline, null, punches(BERLIN, lines.toArray(String[]::new)));

        Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
        assertEquals(List.of(0L, 0L, 0L, 43_200L, 28_800L), List.copyOf(weekly.values()));
        assertEquals(72_000, WeeklyOvertime.total(sessions, timeline));
        // The days before the change are the same as in a week without it.
        BusinessHoursTimeline unchanged = BusinessHoursTimeline.of(
                hours("forty", BERLIN, LONG_AGO, 600, rules(2_400, List.of(), false, null, null, null)));
        assertEquals(
                List.of(0L, 0L, 0L),
                List.copyOf(
                        WeeklyOvertime.perDay(sessions.subList(0, 3), unchanged).values()));
    }

    /** Daily overtime (after 8 h) is left out of the weekly count: 5 × 10 h with 2 h daily overtime each → 40 h straight. */
    @Test
    void weeklyOvertimeNeverCountsDailyOvertimeAgain() {
        BusinessHoursTimeline timeline = BusinessHoursTimeline.of(
                hours("bh", BERLIN, LONG_AGO, rules(2_100, List.of(), false, null, null, null)));
        List<String> lines = new ArrayList<>();
        for (int day = 2; day <= 6; day++) {
            lines.add("2026-03-%02dT07:00 in".formatted(day));
            lines.add("2026-03-%02dT17:00 out".formatted(day));
        }
        List<WorkSession> sessions = sessions(BERLIN, timeline, null, punches(BERLIN, lines.toArray(String[]::new)));

        assertEquals(
                5 * 7_200,
                sessions.stream().mapToLong(WorkSession::overtimeSeconds).sum());
        // max(0, 50 h payable − 10 h daily overtime − 35 h) = 5 h.
        assertEquals(18_000, WeeklyOvertime.total(sessions, timeline));
    }

    static List<String> officeDay(LocalDate date) {
        return List.of(date + "T08:00 in", date + "T12:00 bs", date + "T12:30 be", date + "T16:30 out");
    }
}
