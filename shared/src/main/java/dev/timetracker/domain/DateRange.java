package dev.timetracker.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** An inclusive range of dates, at most 366 days long, as every {@code from}/{@code to} query names it. */
public record DateRange(LocalDate from, LocalDate to) {
    public static final int MAX_DAYS = 366;

    public DateRange {
        if (to.isBefore(from)) {
            throw new ValidationException("to", "must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new ValidationException("to", "a range covers at most " + MAX_DAYS + " days");
        }
    }

    /** Both bounds optional: a missing one takes the other's value, or the default when both are missing. */
    public static DateRange parse(@Nullable String from, @Nullable String to, LocalDate defaultDate) {
        LocalDate start = from == null ? null : date("from", from);
        LocalDate end = to == null ? null : date("to", to);
        if (start == null) {
            return end == null ? new DateRange(defaultDate, defaultDate) : new DateRange(end, end);
        }
        return new DateRange(start, end == null ? start : end);
    }

    /** A date the API accepts: YYYY-MM-DD within {@link TimeBounds}. */
    public static LocalDate date(String field, String value) {
        return TimeBounds.date(field, value);
    }

    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
