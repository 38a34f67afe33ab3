package dev.timetracker.domain.report;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's live totals as read: the sum of every employee's {@link ClockFigures} (docs/storage.md, "Live
 * day totals").
 *
 * @param servedFrom the first date the totals hold completely (dates before it were worked before they were kept);
 *                   null when the store keeps none
 * @param states     active employees by state (meaningful only when {@code servedFrom} is not null)
 * @param days       the figures of the dates asked for (absent: nothing was worked)
 * @param judgedWith per date, every business-hours version that judged a session added to it
 */
public record LiveTotals(
        @Nullable LocalDate servedFrom,
        StateCounts states,
        Map<LocalDate, LiveFigures> days,
        Map<LocalDate, Set<String>> judgedWith) {

    /** A store that keeps no live totals: every date takes the path that reads the sessions. */
    public static final LiveTotals NONE = new LiveTotals(null, StateCounts.none(), Map.of(), Map.of());

    /**
     * A session's lateness is judged by the version in force at its first punch_in, which for work date d lies within
     * a day or so of d in any zone (UTC−12 to UTC+14); this window is wider than that.
     */
    private static final Duration BEFORE = Duration.ofDays(2);

    private static final Duration AFTER = Duration.ofDays(3);

    public LiveTotals {
        days = Map.copyOf(days);
        judgedWith = Map.copyOf(judgedWith);
    }

    public LiveFigures figures(LocalDate date) {
        return days.getOrDefault(date, LiveFigures.NONE);
    }

    /**
     * Whether the date's totals are exactly what the sessions say under today's business hours: the date is kept, and
     * one version applies to every session the date can have and judged every session added to it. Otherwise (a
     * version made effective later over the date, or one cached by a writer for a minute after it was superseded) the
     * date is read from the sessions instead: a report is never silently judged by other rules.
     */
    public boolean serves(LocalDate date, BusinessHoursTimeline timeline, long nowEpochSecond) {
        if (servedFrom == null || date.isBefore(servedFrom) || !possible(figures(date), nowEpochSecond)) {
            return false;
        }
        Set<String> judged = judgedWith.getOrDefault(date, Set.of());
        if (judged.isEmpty()) {
            return true;
        }
        Set<String> applying = versionsApplying(date, timeline);
        return applying.size() == 1 && applying.containsAll(judged);
    }

    /**
     * Whether the figures can be a sum of sessions at all: a store written outside the stores' transactions (an
     * operator's edit, a bug) shows as negative counts or time, and the date is then read from the sessions.
     */
    static boolean possible(LiveFigures figures, long nowEpochSecond) {
        return figures.present() >= 0
                && figures.late() >= 0
                && figures.late() <= figures.present()
                && figures.working() >= 0
                && figures.onBreak() >= 0
                && figures.working() + figures.onBreak() <= figures.present()
                && figures.workedAt(nowEpochSecond) >= 0
                && figures.breakAt(nowEpochSecond) >= 0;
    }

    /** Whether the states are counts of active employees (see {@link #possible}). */
    public boolean servesStates() {
        return servedFrom != null && states.working() >= 0 && states.onBreak() >= 0 && states.off() >= 0;
    }

    /** Every version in force at some instant a session of the date may start at. */
    static Set<String> versionsApplying(LocalDate date, BusinessHoursTimeline timeline) {
        if (timeline.isEmpty()) {
            return Set.of(ClockFigures.NO_HOURS);
        }
        Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant().minus(BEFORE);
        Instant end = date.atStartOfDay(ZoneOffset.UTC).toInstant().plus(AFTER);
        Set<String> versions = new HashSet<>();
        timeline.inForceAt(start).ifPresent(hours -> versions.add(hours.id()));
        for (BusinessHours hours : timeline.configurations()) {
            if (hours.effectiveFrom().isAfter(start) && hours.effectiveFrom().isBefore(end)) {
                timeline.inForceAt(hours.effectiveFrom()).ifPresent(inForce -> versions.add(inForce.id()));
            }
        }
        return versions;
    }
}
