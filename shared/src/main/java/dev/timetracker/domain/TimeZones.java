package dev.timetracker.domain;

import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The time zones the API accepts: IANA region zones in the tz database's Area/Location form (Europe/Berlin,
 * America/Argentina/Buenos_Aires), and UTC. A fixed offset such as {@code +02:00} cannot follow DST; Java's
 * extra ids ({@code SystemV/AST4}), the POSIX-style {@code EST5EDT}, the {@code Etc/GMT+5} offsets (whose sign
 * is inverted) and the legacy country aliases ({@code US/Eastern}, {@code Japan}) are refused, so that every
 * stored zone is one a client, a database or another system reads the same way.
 */
public final class TimeZones {
    /** The continent and ocean areas of the tz database's region zones (its files africa, ..., europe). */
    private static final Pattern REGION = Pattern.compile(
            "^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(/[A-Za-z][A-Za-z0-9_+-]*){1,2}$");
    /** UTC under its tz database name and its common alias. */
    private static final Set<String> UTC = Set.of("UTC", "Etc/UTC");
    /** The longest tz name is America/Argentina/ComodRivadavia (32); anything longer is none. */
    public static final int MAX_LENGTH = 64;

    public static final String RULE = "must be an IANA region time zone (Area/Location, such as Europe/Berlin) or UTC";

    private TimeZones() {}

    public static Optional<ZoneId> parseIana(@Nullable String name) {
        if (name == null
                || name.length() > MAX_LENGTH
                || !(UTC.contains(name) || REGION.matcher(name).matches())
                || !ZoneId.getAvailableZoneIds().contains(name)) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(name));
    }
}
