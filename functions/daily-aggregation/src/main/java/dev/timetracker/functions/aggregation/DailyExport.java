package dev.timetracker.functions.aggregation;

import java.time.LocalDate;
import java.util.Collection;

/** The daily file and aggregates of one final date. */
interface DailyExport {
    /** Whether the date's file and aggregates are written and still hold every final session of the date. */
    boolean exists(LocalDate date);

    /**
     * Marks the written file and aggregates of these dates out of date, before sessions are added to them (offline
     * punches may finalise a date again after its file was written): the reports stop trusting the aggregates,
     * and the next run writes the dates again.
     */
    void invalidate(Collection<LocalDate> dates);

    /** @return the object key written */
    String write(LocalDate date);
}
