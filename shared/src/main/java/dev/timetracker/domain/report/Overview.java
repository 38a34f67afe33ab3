package dev.timetracker.domain.report;

import java.time.LocalDate;

/** The overview report: who is where now, and how the date and its ISO week went. */
public record Overview(
        LocalDate date, StateCounts states, long lateToday, long workedSecondsToday, long workedSecondsWeek) {}
