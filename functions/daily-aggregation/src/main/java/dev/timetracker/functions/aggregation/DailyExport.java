package dev.timetracker.functions.aggregation;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Optional;

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

    /**
     * Writes the date again if its file was written before and is stale, or (with {@code evenIfCurrent}: its sessions
     * were judged again, and a correction's rewrite may have cleared the mark meanwhile) in any case; else nothing.
     */
    Optional<String> rewrite(LocalDate date, boolean evenIfCurrent);
}
