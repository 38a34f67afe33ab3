package dev.timetracker.domain.period;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a punch's one conditional write must also hold so that it cannot change a closed work date, decided before
 * the employee's zone is known (it is on the clock item): either conservative conditions that refuse whenever the
 * punch's date might be closed, or, once the date was decided exactly on a clock as read, that clock's version.
 * A refused write returns the clock, and {@link ClosedForPunches#requireOpen} decides on it exactly.
 *
 * @param openCycleSince   the open cycle's punch_in must be at or after this (a punch_out or break), or null
 * @param unapprovedWeeks  weeks that must not be among the employee's approved ones
 * @param pinnedVersion    the clock version the punch was decided on exactly (then the other conditions are moot), or null
 */
public record PunchGuard(
        @Nullable Instant openCycleSince,
        List<IsoWeek> unapprovedWeeks,
        @Nullable Long pinnedVersion) {
    public static final PunchGuard NONE = new PunchGuard(null, List.of(), null);

    public PunchGuard {
        unapprovedWeeks = List.copyOf(unapprovedWeeks);
    }

    public static PunchGuard pinned(long version) {
        return new PunchGuard(null, List.of(), version);
    }
}
