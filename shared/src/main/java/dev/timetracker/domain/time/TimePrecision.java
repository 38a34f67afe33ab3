package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one precision of every instant the time domain records, compares and returns: whole seconds. The contract
 * writes instants to the second ({@code 2026-03-29T06:55:00Z}) and counts durations in whole seconds, so a finer
 * fraction could only ever be invisible, and two values that look equal to a client must be equal here: an
 * entry at {@code …00.0009Z} followed by one at {@code …00.0001Z} are two punches of the same second, in the
 * order they were recorded, not an entry before its predecessor.
 */
public final class TimePrecision {
    public static final ChronoUnit UNIT = ChronoUnit.SECONDS;

    private TimePrecision() {}

    /** The instant as the time domain keeps it. */
    public static Instant of(Instant instant) {
        return instant.truncatedTo(UNIT);
    }
}
