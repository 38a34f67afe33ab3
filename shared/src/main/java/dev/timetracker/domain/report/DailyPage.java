package dev.timetracker.domain.report;

import java.time.LocalDate;
import java.util.List;

/**
 * A page of the daily report: up to {@code limit} dates from a start date on, and the date the next page starts at
 * (null after the range's last date).
 */
public record DailyPage(List<DayTotals> items, LocalDate next) {

    /** @param days every date of the range, oldest first */
    public static DailyPage of(List<DayTotals> days, LocalDate start, int limit) {
        List<DayTotals> items = days.stream()
                .filter(day -> !day.date().isBefore(start))
                .limit(limit)
                .toList();
        LocalDate last = days.isEmpty() ? null : days.get(days.size() - 1).date();
        LocalDate next =
                items.isEmpty() ? null : items.get(items.size() - 1).date().plusDays(1);
        return new DailyPage(items, next != null && !next.isAfter(last) ? next : null);
    }
}
