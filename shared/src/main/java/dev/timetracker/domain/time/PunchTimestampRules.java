package dev.timetracker.domain.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Limits on the timestamp a client may claim for a punch. Offline devices sync late, so the past is generous; the
 * future only allows for clock drift. Both bounds are inclusive.
 */
public final class PunchTimestampRules {

    public static final Duration MAX_BEFORE_NOW = Duration.ofDays(3);
    public static final Duration MAX_AFTER_NOW = Duration.ofMinutes(2);

    private PunchTimestampRules() {}

    /**
     * @param latestEntryAt timestamp of the employee's latest entry, or null if they never punched; a punch at the
     *                      same instant is accepted
     * @throws PunchRuleViolationException naming the first rule the timestamp breaks
     */
    public static void check(Instant timestamp, Instant now, @Nullable Instant latestEntryAt) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(now, "now");
        if (timestamp.isBefore(now.minus(MAX_BEFORE_NOW))) {
            throw new PunchRuleViolationException(
                    PunchRuleViolationException.Rule.TOO_FAR_IN_THE_PAST,
                    "punch timestamp " + timestamp + " is more than " + MAX_BEFORE_NOW.toHours()
                            + " h before the server time " + now);
        }
        if (timestamp.isAfter(now.plus(MAX_AFTER_NOW))) {
            throw new PunchRuleViolationException(
                    PunchRuleViolationException.Rule.TOO_FAR_IN_THE_FUTURE,
                    "punch timestamp " + timestamp + " is more than " + MAX_AFTER_NOW.toMinutes()
                            + " min after the server time " + now);
        }
        if (latestEntryAt != null && timestamp.isBefore(latestEntryAt)) {
            throw new PunchRuleViolationException(
                    PunchRuleViolationException.Rule.BEFORE_LATEST_ENTRY,
                    "punch timestamp " + timestamp + " is before the employee's latest entry at " + latestEntryAt);
        }
    }
}
