package dev.timetracker.domain.report;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the reports read. Final figures come from the nightly job (daily aggregates, final sessions); what is not
 * final yet is in the punch clocks' journals. A clock that cannot be interpreted goes to {@code unreadable}
 * instead of the result: one employee's broken data never takes a report down for everyone.
 */
public interface ReportStore {

    /**
     * The live totals of these dates, and the organisation's states when {@code withStates}: a read whose cost does
     * not grow with the number of employees. A store that keeps none answers {@link LiveTotals#NONE}.
     */
    LiveTotals liveTotals(Collection<LocalDate> dates, boolean withStates);

    /**
     * Every punch clock, a page at a time, without holding them all: only for dates the live totals do not serve
     * (before they were kept, or judged by other business hours).
     */
    void forEachClock(Consumer<PunchClock> action, Consumer<UnreadableClockException> unreadable);

    /** The clocks of these employees that exist and can be interpreted, by employee id. */
    Map<String, PunchClock> clocks(Collection<String> employeeIds, Consumer<UnreadableClockException> unreadable);

    /** The nightly job's aggregates for dates of the range; dates without one, or with an out-of-date one, are absent. */
    Map<LocalDate, DayTotals> storedTotals(DateRange range);

    /** The final sessions of a date across employees, added up. */
    DayTotals finalTotals(LocalDate date);

    /**
     * These employees' final sessions from {@code from} to {@code to}, both included, oldest first, by employee id
     * (an employee without any is absent).
     */
    Map<String, List<WorkSession>> finalSessions(Collection<String> employeeIds, LocalDate from, LocalDate to);
}
