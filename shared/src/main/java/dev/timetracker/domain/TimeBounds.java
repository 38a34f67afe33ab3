package dev.timetracker.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The dates and instants the API accepts: from 1970-01-01 (the epoch, where the default business hours begin)
 * through 2999-12-31, instants likewise in UTC. Every derived value (the next day, a week's Monday, a zone's
 * offset, a shift's end) then stays a four-digit year, which our fixed-width sort keys and the contract's
 * YYYY-MM-DD need; a year such as +10000 never reaches a computation or a key. Documented in docs/openapi.yaml.
 */
public final class TimeBounds {
    public static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    public static final LocalDate LATEST_DATE = LocalDate.of(2999, 12, 31);
    public static final Instant EARLIEST_INSTANT =
            EARLIEST_DATE.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Exclusive: the first instant after 2999-12-31 in UTC. */
    public static final Instant INSTANT_LIMIT =
            LATEST_DATE.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** Exactly YYYY-MM-DD: java.time alone would also take "+10000-01-01". */
    private static final Pattern DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    private static final String DATE_RULE = "must be a date as YYYY-MM-DD from " + EARLIEST_DATE + " to " + LATEST_DATE;
    private static final String INSTANT_RULE =
            "must be an ISO-8601 instant with offset, such as 2026-03-29T08:55:00+02:00, from " + EARLIEST_DATE + " to "
                    + LATEST_DATE + " (UTC)";

    private TimeBounds() {}

    /** @throws ValidationException naming the field when the text is no date or lies outside the bounds */
    public static LocalDate date(String field, String text) {
        LocalDate date = null;
        if (text != null && DATE.matcher(text).matches()) {
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeException e) {
                date = null;
            }
        }
        if (date == null || !contains(date)) {
            throw new ValidationException(field, DATE_RULE);
        }
        return date;
    }

    /** Adds the field's error and returns null when the text is no instant with offset or lies outside the bounds. */
    public static @Nullable Instant instant(FieldErrors errors, String field, @Nullable String text) {
        try {
            Instant instant = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
            if (contains(instant)) {
                return instant;
            }
        } catch (DateTimeException e) {
            // reported below, like an instant out of bounds
        }
        errors.add(field, INSTANT_RULE);
        return null;
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(EARLIEST_DATE) && !date.isAfter(LATEST_DATE);
    }

    public static boolean contains(Instant instant) {
        return !instant.isBefore(EARLIEST_INSTANT) && instant.isBefore(INSTANT_LIMIT);
    }
}
