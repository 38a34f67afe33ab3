package dev.timetracker.domain.report;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.PunchLedger;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one employee adds to the organisation's live totals: their state (when active) and, per work date, the
 * {@link LiveFigures} of their session, each date with the business-hours versions its lateness was judged with.
 * Every write that changes a clock or a final session adds {@code after.minus(before)} to the totals in the same
 * transaction, so the totals are the sum of every employee's figures at all times (docs/storage.md, "Live day
 * totals"). A clock's figures depend only on its journal, zone and activity: every writer computes them the same way
 * from the item it read.
 *
 * @param states     1 active employee and their state, or none when inactive
 * @param days       figures per work date (dates without a session are absent)
 * @param judgedWith per date, the ids of the business-hours versions that judged its lateness
 */
public record ClockFigures(
        StateCounts states, Map<LocalDate, LiveFigures> days, Map<LocalDate, Set<String>> judgedWith) {

    /** Totals are write-sharded by employee: 100k punches at 09:00 spread over this many items per date. */
    public static final int SHARDS = 16;
    /** The version id recorded when no business hours apply (an empty timeline). */
    public static final String NO_HOURS = "-";

    public static final ClockFigures NONE = new ClockFigures(StateCounts.none(), Map.of(), Map.of());

    public ClockFigures {
        days = Map.copyOf(days);
        judgedWith = Map.copyOf(judgedWith);
    }

    /** The shard of an employee's figures: stable across JVMs ({@link String#hashCode} is specified). */
    public static int shard(String employeeId) {
        return Math.floorMod(employeeId.hashCode(), SHARDS);
    }

    public static ClockFigures of(PunchClock clock, BusinessHoursTimeline timeline) {
        return ofJournal(clock.employeeId(), clock.zone(), clock.active(), clock.journal(), timeline);
    }

    /** The figures of a journal (entries oldest first, dated anew from {@code zone}, as the clock reads them). */
    public static ClockFigures ofJournal(
            String employeeId, ZoneId zone, boolean active, List<TimeEntry> journal, BusinessHoursTimeline timeline) {
        PunchLedger ledger = PunchLedger.of(employeeId, zone, journal);
        WorkState state = ledger.state();
        StateCounts states = active ? StateCounts.none().count(state) : StateCounts.none();
        if (journal.isEmpty()) {
            return new ClockFigures(states, Map.of(), Map.of());
        }
        // At its latest entry no session is clamped (an open cycle counts up to now, never before its last entry).
        Instant latest = ledger.latest().orElseThrow().timestamp();
        long at = latest.getEpochSecond();
        Map<LocalDate, LiveFigures> days = new TreeMap<>();
        Map<LocalDate, Set<String>> judged = new TreeMap<>();
        for (WorkSession session : ledger.sessions(timeline, latest)) {
            days.put(session.workDate(), LiveFigures.of(session, state, at));
            judged.put(session.workDate(), Set.of(versionJudging(session, timeline)));
        }
        return new ClockFigures(states, days, judged);
    }

    /**
     * Like {@link #ofJournal}, but a journal that cannot be folded (a damaged clock, {@code UnreadableClockException})
     * counts for nothing: every writer treats such a clock alike, so the totals stay the sum of what can be read.
     */
    public static ClockFigures ofReadable(
            String employeeId, ZoneId zone, boolean active, List<TimeEntry> journal, BusinessHoursTimeline timeline) {
        try {
            return ofJournal(employeeId, zone, active, journal, timeline);
        } catch (RuntimeException unfoldable) {
            return NONE;
        }
    }

    /** Final sessions' figures (no state: a final session is closed). */
    public static ClockFigures ofFinal(Collection<WorkSession> sessions, BusinessHoursTimeline timeline) {
        Map<LocalDate, LiveFigures> days = new TreeMap<>();
        Map<LocalDate, Set<String>> judged = new TreeMap<>();
        for (WorkSession session : sessions) {
            days.merge(session.workDate(), LiveFigures.of(session, WorkState.OFF, 0), LiveFigures::plus);
            judged.merge(session.workDate(), Set.of(versionJudging(session, timeline)), ClockFigures::union);
        }
        return new ClockFigures(StateCounts.none(), days, judged);
    }

    /** The id of the business-hours version the session's lateness is judged with. */
    public static String versionJudging(WorkSession session, BusinessHoursTimeline timeline) {
        return timeline.inForceAt(session.firstIn()).map(BusinessHours::id).orElse(NO_HOURS);
    }

    public ClockFigures plus(ClockFigures other) {
        Map<LocalDate, LiveFigures> sum = new TreeMap<>(days);
        other.days.forEach((date, figures) -> sum.merge(date, figures, LiveFigures::plus));
        Map<LocalDate, Set<String>> judged = new TreeMap<>(judgedWith);
        other.judgedWith.forEach((date, versions) -> judged.merge(date, versions, ClockFigures::union));
        return new ClockFigures(states.plus(other.states), sum, judged);
    }

    /**
     * What turns {@code before} into this: only the dates whose figures differ, each with the versions of both sides
     * (what is taken away was judged by the same rules as what is added, for the totals to stay exact).
     */
    public ClockFigures minus(ClockFigures before) {
        Set<LocalDate> dates = new TreeSet<>(days.keySet());
        dates.addAll(before.days.keySet());
        Map<LocalDate, LiveFigures> delta = new TreeMap<>();
        Map<LocalDate, Set<String>> judged = new TreeMap<>();
        for (LocalDate date : dates) {
            LiveFigures change =
                    days.getOrDefault(date, LiveFigures.NONE).minus(before.days.getOrDefault(date, LiveFigures.NONE));
            if (!change.isNone()) {
                delta.put(date, change);
                judged.put(
                        date,
                        union(judgedWith.getOrDefault(date, Set.of()), before.judgedWith.getOrDefault(date, Set.of())));
            }
        }
        return new ClockFigures(states.minus(before.states), delta, judged);
    }

    /** The same figures without the dates whose figures sum to nothing (what a sum of deltas leaves behind). */
    public ClockFigures withoutEmptyDays() {
        Map<LocalDate, LiveFigures> kept = new TreeMap<>();
        Map<LocalDate, Set<String>> judged = new TreeMap<>();
        days.forEach((date, figures) -> {
            if (!figures.isNone()) {
                kept.put(date, figures);
                judged.put(date, judgedWith.getOrDefault(date, Set.of()));
            }
        });
        return new ClockFigures(states, kept, judged);
    }

    /** Whether adding this changes nothing. */
    public boolean isNone() {
        return days.isEmpty() && states.equals(StateCounts.none());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
