package dev.timetracker.domain.period;

import dev.timetracker.domain.audit.AuditStamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where timesheets and the pay-period lock are kept. Every change is one atomic write with its audit record,
 * conditional on the state it was decided from, so two people deciding at once cannot both win.
 */
public interface PeriodStore {

    /** The stored state of a week; empty when nobody ever submitted it (it is open). */
    Optional<Timesheet> timesheet(String employeeId, IsoWeek week);

    /** The stored weeks of an employee from {@code from} to {@code to}, inclusive (weeks never submitted are absent). */
    List<Timesheet> timesheets(String employeeId, IsoWeek from, IsoWeek to);

    /**
     * Stores {@code after} if the week is still as {@code before} (open also when never stored).
     *
     * @throws TimesheetChanged with the stored state when it is not
     */
    void saveTimesheet(Timesheet before, Timesheet after, AuditStamp audit);

    /** The lock and the version it was read at; {@link PayPeriodLock#NONE} at version 0 when never set. */
    VersionedLock lock();

    /**
     * Stores {@code after} if the lock is still at {@code before}'s version.
     *
     * @throws dev.timetracker.domain.ConflictException (lock-moved) when it is not
     */
    void moveLock(VersionedLock before, PayPeriodLock after, AuditStamp audit);

    /**
     * Cycles still open whose work date (in the employee's zone) is on or before {@code through}, at most
     * {@code limit}. Found through an index, so a punch_in of the last second may be missing; a cycle punched out
     * is never listed.
     */
    List<OpenCycle> openCyclesThrough(LocalDate through, int limit);

    /**
     * Corrections still pending whose work date is after {@code after} (null: from the first date) and on or before
     * {@code through}, at most {@code limit}. Found through an index, so a request of the last second may be
     * missing; a correction already decided is never listed.
     */
    List<PendingCorrection> pendingCorrections(@Nullable LocalDate after, LocalDate through, int limit);

    record VersionedLock(PayPeriodLock lock, long version) {
        public boolean exists() {
            return version > 0;
        }
    }

    /** An employee's cycle that was punched in on {@code workDate} and not out yet. */
    record OpenCycle(String employeeId, LocalDate workDate) {}

    /** A correction of {@code workDate} waiting for a decision. */
    record PendingCorrection(String correctionId, String employeeId, LocalDate workDate) {}

    /** The week changed between the read and the write: {@code current} is what it is now. */
    final class TimesheetChanged extends RuntimeException {
        private final transient Timesheet current;

        public TimesheetChanged(Timesheet current) {
            super("the timesheet changed meanwhile", null, false, false);
            this.current = current;
        }

        public Timesheet current() {
            return current;
        }
    }
}
