package dev.timetracker.functions.aggregation;

import java.time.LocalDate;

/** The daily file and aggregates of one final date. */
interface DailyExport {
    boolean exists(LocalDate date);

    /** @return the object key written */
    String write(LocalDate date);
}
