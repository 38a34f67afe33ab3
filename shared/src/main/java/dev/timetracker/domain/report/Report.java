package dev.timetracker.domain.report;

import dev.timetracker.domain.time.UnreadableClockException;
import java.util.Comparator;
import java.util.List;

/**
 * A report's figures and the employees whose records could not be interpreted ({@code data_errors}): their figures
 * that are not final yet are left out (final ones still count); everyone else's are complete.
 *
 * @param unreadable in employee-id order
 */
public record Report<T>(T figures, List<UnreadableClockException> unreadable) {

    public Report {
        unreadable = unreadable.stream()
                .sorted(Comparator.comparing(UnreadableClockException::employeeId))
                .toList();
    }
}
