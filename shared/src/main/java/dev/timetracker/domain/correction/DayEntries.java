package dev.timetracker.domain.correction;

import dev.timetracker.domain.time.TimeEntry;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a correction of one work date must be checked against: the date's effective entries (voided ones left
 * out), oldest first, and the nearest effective entries of the employee on either side of it. The neighbours are
 * what keeps a corrected day from overlapping the days around it.
 *
 * @param before    the latest entry of an earlier work date, or null when the employee has none
 * @param after     the earliest entry of a later work date, or null when the employee has none
 * @param finalDate whether the nightly job has closed the date: then every cycle of it must stay closed, since
 *                  only the employee's current (not final) day may end with an open cycle
 */
public record DayEntries(
        String employeeId,
        LocalDate workDate,
        ZoneId zone,
        @Nullable TimeEntry before,
        List<TimeEntry> entries,
        @Nullable TimeEntry after,
        boolean finalDate) {

    public DayEntries {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(workDate, "workDate");
        Objects.requireNonNull(zone, "zone");
        entries = List.copyOf(entries);
    }

    /**
     * The work date's entries and its neighbours, picked from the employee's dated entries in chronological order
     * (effective ones only).
     */
    public static DayEntries around(
            String employeeId, LocalDate workDate, ZoneId zone, List<TimeEntry> dated, boolean finalDate) {
        TimeEntry before = null;
        TimeEntry after = null;
        List<TimeEntry> day = new java.util.ArrayList<>();
        for (TimeEntry entry : dated) {
            int order =
                    Objects.requireNonNull(entry.workDate(), "a dated entry").compareTo(workDate);
            if (order < 0) {
                before = entry;
            } else if (order == 0) {
                day.add(entry);
            } else if (after == null) {
                after = entry;
            }
        }
        return new DayEntries(employeeId, workDate, zone, before, day, after, finalDate);
    }
}
