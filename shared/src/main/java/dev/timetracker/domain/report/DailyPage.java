package dev.timetracker.domain.report;

import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of the daily report: up to {@code limit} dates from a start date on, and the date the next page starts at
 * (null after the range's last date).
 */
public record DailyPage(List<DayTotals> items, @Nullable LocalDate next) {

    /** @param days every date of the range, oldest first */
    public static DailyPage of(List<DayTotals> days, LocalDate start, int limit) {
        List<DayTotals> items = days.stream()
                .filter(day -> !day.date().isBefore(start))
                .limit(limit)
                .toList();
        if (items.isEmpty()) {
            return new DailyPage(items, null);
        }
        LocalDate last = days.get(days.size() - 1).date();
        LocalDate next = items.get(items.size() - 1).date().plusDays(1);
        return new DailyPage(items, next.isAfter(last) ? null : next);
    }
}
