package dev.timetracker.domain.period;

import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.ValidationException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week ({@code 2026-W48}): Monday to Sunday, numbered so that week 1 holds the year's first Thursday.
 * Some years have 53 weeks (2026 does, 2027 does not), and the first days of January can belong to the previous
 * year's last week.
 */
public record IsoWeek(int weekBasedYear, int week) implements Comparable<IsoWeek> {
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{2})");

    public IsoWeek {
        LocalDate probe = LocalDate.of(weekBasedYear, 6, 1);
        long weeks = probe.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException(weekBasedYear + " has weeks 1 to " + weeks + ", not " + week);
        }
    }

    /** The week that holds {@code date}. */
    public static IsoWeek of(LocalDate date) {
        return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** @throws ValidationException naming {@code field} unless {@code text} is a week like {@code 2026-W48} */
    public static IsoWeek parse(String field, String text) {
        Matcher matcher = text == null ? null : FORMAT.matcher(text);
        if (matcher == null || !matcher.matches()) {
            throw new ValidationException(field, "must be an ISO week like 2026-W48");
        }
        IsoWeek week;
        try {
            week = new IsoWeek(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, String.valueOf(e.getMessage()));
        }
        if (!TimeBounds.contains(week.monday()) || !TimeBounds.contains(week.sunday())) {
            throw new ValidationException(
                    field, "must lie between " + TimeBounds.EARLIEST_DATE + " and " + TimeBounds.LATEST_DATE);
        }
        return week;
    }

    public LocalDate monday() {
        return LocalDate.of(weekBasedYear, 6, 1)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    public List<LocalDate> dates() {
        return monday().datesUntil(monday().plusDays(7)).toList();
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(monday()) && !date.isAfter(sunday());
    }

    @Override
    public int compareTo(IsoWeek other) {
        return monday().compareTo(other.monday());
    }

    @Override
    public String toString() {
        return String.format("%04d-W%02d", weekBasedYear, week);
    }
}
