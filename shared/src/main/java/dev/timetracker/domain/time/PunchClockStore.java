package dev.timetracker.domain.time;

import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.PunchGuard;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where punch clocks live. Appending is one conditional write: it succeeds only if the employee is active,
 * in one of the allowed states, has no later entry, has not used the client punch id, the clock has room for
 * the entry, and (for the employee's own token) the token still counts; otherwise nothing is written and the
 * clock as it stood is returned so that the caller can tell which rule refused.
 *
 * <p>Reading a clock the store cannot interpret throws {@link UnreadableClockException}.
 */
public interface PunchClockStore {

    /**
     * A refused append, with the clock as it stood (null when the employee has no clock); {@code full} when the
     * clock had no room left for the entry (how much one clock holds is the store's limit, not a domain rule).
     */
    final class Refused extends RuntimeException {
        private final transient @Nullable PunchClock current;
        private final boolean full;

        public Refused(@Nullable PunchClock current, boolean full) {
            super(null, null, false, false);
            this.current = current;
            this.full = full;
        }

        public @Nullable PunchClock current() {
            return current;
        }

        public boolean full() {
            return full;
        }
    }

    /**
     * @param caller whose session the write checks: for the employee's own clock against the clock's copy of their
     *               token state, for someone else's in the auth table, in the same call
     * @param audit the audit record to write in the same transaction (punches for someone else), or null
     * @param guard what the write must also hold so that it cannot change a closed work date
     * @return the clock after the append
     * @throws Refused when a condition did not hold
     * @param timeline the business hours the live totals' delta is judged with
     * @throws UnreadableClockException when the clock cannot be interpreted (nothing is recorded)
     */
    PunchClock append(
            TimeEntry entry,
            String requestHash,
            Set<WorkState> allowedFrom,
            UnconfirmedPrincipal caller,
            @Nullable AuditStamp audit,
            PunchGuard guard,
            BusinessHoursTimeline timeline);

    /**
     * The clock, read in the same round trip that confirms the caller's token, unless the caller owns it: then
     * the clock carries their token state, and the caller confirms the token against it
     * ({@link UnconfirmedPrincipal#confirmedBy}).
     */
    Optional<PunchClock> read(String employeeId, UnconfirmedPrincipal caller);

    /** The clock, for a caller whose session is confirmed already (someone else's clock checks it again). */
    default Optional<PunchClock> read(String employeeId, Principal caller) {
        return read(employeeId, UnconfirmedPrincipal.of(caller));
    }

    /** An entry that has left the journal (its work date is final), for replays of old punches. */
    Optional<TimeEntry> finalizedEntry(String employeeId, PunchReceipt receipt);
}
