package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Judges an employee's final days again with the business hours in force on them, after a configuration was saved
 * with an effective_from in the past (docs/storage.md, "Re-judging final days"). Each day is recomputed from its
 * final entries exactly as the nightly job computed it ({@link SessionTally}, with the previous day's last punch_out
 * for the rest rule), so a day whose rules did not change comes out equal to its stored session and is left alone.
 */
public final class FinalDaysRejudging {

    private FinalDaysRejudging() {}

    /** A final day whose session the timeline now judges differently: the session stored and the one to store. */
    public record Rejudged(WorkSession stored, WorkSession judged) {
        public LocalDate workDate() {
            return judged.workDate();
        }
    }

    /**
     * @param finalEntries    the employee's effective final entries of the dates to judge, dated, oldest first
     * @param stored          the stored session of each final date among them
     * @param previousLastOut the last punch_out of the final day before the first of them, or null
     * @param mayChange       whether a date may still change (it is not locked, its week not approved): a date that
     *                        may not keeps its session, and the days after it rest after that session's last_out
     * @return the days whose session changes, oldest first
     */
    public static List<Rejudged> changedDays(
            ZoneId zone,
            List<TimeEntry> finalEntries,
            Map<LocalDate, WorkSession> stored,
            @Nullable Instant previousLastOut,
            BusinessHoursTimeline timeline,
            Predicate<LocalDate> mayChange) {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(timeline, "timeline");
        TreeMap<LocalDate, List<TimeEntry>> byDate = new TreeMap<>();
        for (TimeEntry entry : finalEntries) {
            LocalDate date = Objects.requireNonNull(entry.workDate(), "a final entry has its work date");
            byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(entry);
        }
        List<Rejudged> changed = new ArrayList<>();
        Instant lastOut = previousLastOut;
        for (Map.Entry<LocalDate, List<TimeEntry>> day : byDate.entrySet()) {
            WorkSession session = stored.get(day.getKey());
            if (session == null) {
                // Not final (a late offline punch the next closing finalises with the rules of the day).
                continue;
            }
            WorkSession kept = session;
            SessionTally tally = SessionTally.of(day.getValue());
            if (tally.openPunchIn().isEmpty() && mayChange.test(day.getKey())) {
                // A closed day ignores "now"; its last entry is the latest instant it can be computed for.
                WorkSession judged = tally.toSession(zone, timeline, tally.lastEntryAt(), lastOut);
                if (!judged.equals(session)) {
                    changed.add(new Rejudged(session, judged));
                    kept = judged;
                }
            }
            lastOut = kept.lastOut() == null ? lastOut : kept.lastOut();
        }
        return List.copyOf(changed);
    }
}
