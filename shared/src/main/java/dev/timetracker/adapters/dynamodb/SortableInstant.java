package dev.timetracker.adapters.dynamodb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants in sort keys need one fixed width: {@link Instant#toString()} drops zero fractions, and
 * "…:00Z" would then sort after "…:00.5Z".
 */
final class SortableInstant {
    private static final DateTimeFormatter FIXED_WIDTH =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SortableInstant() {}

    static String format(Instant instant) {
        return FIXED_WIDTH.format(instant);
    }
}
