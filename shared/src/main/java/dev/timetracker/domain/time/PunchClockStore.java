package dev.timetracker.domain.time;

import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.audit.AuditStamp;

import java.util.Optional;
import java.util.Set;

/**
 * Where punch clocks live. Appending is one conditional write: it succeeds only if the employee is active,
 * in one of the allowed states, has no later entry, has not used the client punch id, and (for the
 * employee's own token) the token still counts; otherwise nothing is written and the clock as it stood is
 * returned so that the caller can tell which rule refused.
 */
public interface PunchClockStore {

    /** A refused append, with the clock as it stood (null when the employee has no clock). */
    final class Refused extends RuntimeException {
        private final transient PunchClock current;

        public Refused(PunchClock current) {
            super(null, null, false, false);
            this.current = current;
        }

        public PunchClock current() {
            return current;
        }
    }

    /**
     * @param audit the audit record to write in the same transaction (punches for someone else), or null
     * @return the clock after the append
     * @throws Refused when a condition did not hold
     */
    PunchClock append(TimeEntry entry, String requestHash, Set<WorkState> allowedFrom, Principal caller,
                      AuditStamp audit);

    /** The clock, read in the same round trip that confirms the caller's token (unless the caller owns it). */
    Optional<PunchClock> read(String employeeId, Principal caller);

    /** An entry that has left the journal (its work date is final), for replays of old punches. */
    Optional<TimeEntry> finalizedEntry(String employeeId, PunchReceipt receipt);
}
