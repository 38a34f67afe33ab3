package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weekly overtime (API contract, "Pay rules"): per ISO week, Monday to Sunday of the work dates (which are dates
 * in the employee's zone), {@code max(0, week_payable − week_daily_overtime − limit)}, so no second counts as daily
 * and weekly overtime both.
 *
 * <p>The week is walked day by day, and each day is judged by the limit in force on it (the configuration in force
 * at its {@code first_in}, as for every other rule): weekly overtime counted up to a day is
 * {@code max(counted before, straight time of the week so far − that day's limit)}, where straight time is payable
 * minus daily overtime; the day's share is what that adds. With one limit all week this is exactly the contract's
 * formula; when the limit changes in the middle of a week, days before the change keep what their own limit gave
 * (a rule change never rewrites earlier days) and days after it are judged by the new limit against the whole
 * week's straight time so far. A day with no weekly limit adds nothing, but its straight time still counts towards
 * the week. Hence each day's share depends only on that day and the days before it in its week, and
 * weekly + daily overtime never exceed payable time.
 */
public final class WeeklyOvertime {

    private WeeklyOvertime() {}

    /**
     * Each session's share of its week's overtime, by work date, oldest first.
     *
     * @param sessions one employee's sessions; a week's share is right for a day only when every earlier day of
     *                 its week is among them (read a range from the Monday of its first week)
     */
    public static Map<LocalDate, Long> perDay(List<WorkSession> sessions, BusinessHoursTimeline timeline) {
        List<WorkSession> byDate = new ArrayList<>(sessions);
        byDate.sort(Comparator.comparing(WorkSession::workDate));
        Map<LocalDate, Long> shares = new LinkedHashMap<>();
        LocalDate week = null;
        long straight = 0;
        long counted = 0;
        for (WorkSession session : byDate) {
            LocalDate monday = weekOf(session.workDate());
            if (!monday.equals(week)) {
                week = monday;
                straight = 0;
                counted = 0;
            }
            straight += Math.max(0, session.payableSeconds() - session.overtimeSeconds());
            Integer limit = timeline.inForceAt(session.firstIn())
                    .map(BusinessHours::payRules)
                    .map(rules -> rules.weeklyOvertimeAfterMinutes())
                    .orElse(null);
            long share = 0;
            if (limit != null) {
                long total = Math.max(counted, straight - limit * 60L);
                share = total - counted;
                counted = total;
            }
            shares.merge(session.workDate(), share, Long::sum);
        }
        return shares;
    }

    /** The weekly overtime of these sessions' days: the sum of their shares. */
    public static long total(List<WorkSession> sessions, BusinessHoursTimeline timeline) {
        return perDay(sessions, timeline).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }

    /** The Monday of the ISO week a work date belongs to. */
    public static LocalDate weekOf(LocalDate workDate) {
        return workDate.with(DayOfWeek.MONDAY);
    }
}
