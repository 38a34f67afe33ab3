package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.RandomPunchHistories.EMPLOYEE;
import static dev.timetracker.domain.time.RandomPunchHistories.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.time.RandomPunchHistories.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Properties of the pay rules over the random punch histories of {@link RandomPunchHistories} (zones with DST,
 * half-hour and 45-minute offsets, cycles overnight and across clock changes, several configurations). Each
 * configuration gets pay rules drawn from the history's seed, so a failing case reruns from its seed alone.
 * (jqwik is not among the project's dependencies; this is the project's own seeded, shrinking generator.)
 */
class PayRulesPropertiesTest {

    private static final int CASES = 1_000;

    /** Rules that never change payable time: any break rules without deduction, max daily, rest, weekly limit. */
    private static PayRules neutralRules(SplittableRandom random) {
        return new PayRules(
                random.nextBoolean() ? null : 1 + random.nextInt(3_000),
                breakRules(random),
                false,
                random.nextBoolean() ? null : 1 + random.nextInt(900),
                random.nextBoolean() ? null : 1 + random.nextInt(900),
                null);
    }

    private static PayRules anyRules(SplittableRandom random) {
        List<PayRules.Direction> directions = List.of(PayRules.Direction.values());
        PayRules.Rounding rounding = random.nextBoolean()
                ? null
                : new PayRules.Rounding(
                        PayRules.Rounding.INCREMENTS.get(random.nextInt(PayRules.Rounding.INCREMENTS.size())),
                        directions.get(random.nextInt(3)),
                        directions.get(random.nextInt(3)));
        List<PayRules.BreakRule> breaks = breakRules(random);
        return new PayRules(
                random.nextBoolean() ? null : 1 + random.nextInt(3_000),
                breaks,
                !breaks.isEmpty() && random.nextBoolean(),
                random.nextBoolean() ? null : 1 + random.nextInt(900),
                random.nextBoolean() ? null : 1 + random.nextInt(900),
                rounding);
    }

    private static List<PayRules.BreakRule> breakRules(SplittableRandom random) {
        List<PayRules.BreakRule> rules = new ArrayList<>();
        int after = 0;
        int minBreak = 0;
        for (int i = random.nextInt(4); i > 0; i--) {
            after += 60 + random.nextInt(300);
            minBreak = Math.min(after - 1, minBreak + 1 + random.nextInt(30));
            rules.add(new PayRules.BreakRule(after, minBreak));
        }
        return rules;
    }

    private static BusinessHoursTimeline withPayRules(Scenario s, boolean neutral) {
        SplittableRandom random = new SplittableRandom(s.seed() ^ 0x9a7_5eedL);
        List<BusinessHours> configurations = new ArrayList<>();
        for (BusinessHours h : s.timeline().configurations()) {
            configurations.add(new BusinessHours(
                    h.id(),
                    h.timezone(),
                    h.workDays(),
                    h.startTime(),
                    h.endTime(),
                    h.lateGraceMinutes(),
                    h.earlyLeaveGraceMinutes(),
                    h.maxShiftHours(),
                    h.dailyOvertimeAfterMinutes(),
                    h.effectiveFrom(),
                    h.createdAt(),
                    h.createdBy(),
                    neutral ? neutralRules(random) : anyRules(random)));
        }
        return new BusinessHoursTimeline(configurations);
    }

    @Test
    void withoutRoundingOrDeductionPayableIsWorked() {
        forAll("withoutRoundingOrDeductionPayableIsWorked", 0x9a7_0001L, CASES, s -> {
            BusinessHoursTimeline timeline = withPayRules(s, true);
            for (WorkSession session :
                    PunchLedger.of(EMPLOYEE, s.zone(), s.entries()).sessions(timeline, s.now())) {
                assertEquals(
                        session.workedSeconds(),
                        session.payableSeconds(),
                        session.workDate().toString());
            }
        });
    }

    @Test
    void weeklyAndDailyOvertimeNeverExceedPayable() {
        forAll("weeklyAndDailyOvertimeNeverExceedPayable", 0x9a7_0002L, CASES, s -> {
            BusinessHoursTimeline timeline = withPayRules(s, false);
            List<WorkSession> sessions =
                    PunchLedger.of(EMPLOYEE, s.zone(), s.entries()).sessions(timeline, s.now());
            Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
            Map<LocalDate, long[]> weeks = new TreeMap<>();
            for (WorkSession session : sessions) {
                assertTrue(session.payableSeconds() >= 0, "payable never negative");
                assertTrue(session.overtimeSeconds() <= session.payableSeconds(), "daily overtime within payable");
                assertTrue(weekly.get(session.workDate()) >= 0, "a day's weekly share never negative");
                long[] week = weeks.computeIfAbsent(WeeklyOvertime.weekOf(session.workDate()), monday -> new long[3]);
                week[0] += session.payableSeconds();
                week[1] += session.overtimeSeconds();
                week[2] += weekly.get(session.workDate());
            }
            weeks.forEach((monday, week) -> assertTrue(
                    week[1] + week[2] <= week[0],
                    "week of " + monday + ": daily " + week[1] + " + weekly " + week[2] + " > payable " + week[0]));
        });
    }

    /** Splitting a history anywhere changes no day's weekly share: the report can sum shares over any range. */
    @Test
    void aDaysWeeklyShareDependsOnlyOnItsWeekSoFar() {
        forAll("aDaysWeeklyShareDependsOnlyOnItsWeekSoFar", 0x9a7_0003L, CASES, s -> {
            BusinessHoursTimeline timeline = withPayRules(s, false);
            List<WorkSession> sessions =
                    PunchLedger.of(EMPLOYEE, s.zone(), s.entries()).sessions(timeline, s.now());
            Map<LocalDate, Long> whole = WeeklyOvertime.perDay(sessions, timeline);
            for (int end = 0; end <= sessions.size(); end++) {
                WeeklyOvertime.perDay(sessions.subList(0, end), timeline)
                        .forEach((date, share) -> assertEquals(whole.get(date), share, date.toString()));
            }
        });
    }
}
