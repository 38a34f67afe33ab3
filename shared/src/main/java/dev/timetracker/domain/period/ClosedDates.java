package dev.timetracker.domain.period;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Which work dates of one employee are closed: those under the organisation's lock and those of their approved
 * timesheets. Dates are the employee's work dates (their zone), so one instant can be closed for one employee and
 * open for another.
 */
public record ClosedDates(PayPeriodLock lock, List<Timesheet> timesheets) {

    public ClosedDates {
        Objects.requireNonNull(lock, "lock");
        timesheets = List.copyOf(timesheets);
    }

    public boolean isClosed(LocalDate workDate) {
        return lock.locks(workDate)
                || timesheets.stream()
                        .anyMatch(sheet -> sheet.locksItsDates() && sheet.week().contains(workDate));
    }

    /** @throws PeriodLockedException when {@code workDate} is closed, saying by what */
    public void requireOpen(LocalDate workDate) {
        if (lock.locks(workDate)) {
            throw new PeriodLockedException(workDate, "the pay period is locked through " + lock.through());
        }
        for (Timesheet sheet : timesheets) {
            if (sheet.locksItsDates() && sheet.week().contains(workDate)) {
                throw new PeriodLockedException(workDate, "the timesheet of " + sheet.week() + " is approved");
            }
        }
    }
}
