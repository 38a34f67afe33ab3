package dev.timetracker.domain;

import java.time.ZoneId;
import java.util.Optional;

/** Only IANA region names are accepted: a fixed offset such as {@code +02:00} cannot follow DST. */
public final class TimeZones {
    private TimeZones() {
    }

    public static Optional<ZoneId> parseIana(String name) {
        if (name == null || !ZoneId.getAvailableZoneIds().contains(name)) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(name));
    }
}
