package dev.timetracker.domain.period;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The approval state of one employee's ISO week: the employee submits it, an admin or manager approves it (which
 * locks its dates for that employee), and only an admin reopens it, with a reason. Each transition returns the new
 * state; a transition that the current state does not allow is a 409 naming that state.
 */
public record Timesheet(
        String employeeId,
        IsoWeek week,
        TimesheetStatus status,
        @Nullable Instant submittedAt,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt) {

    public Timesheet {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(status, "status");
    }

    /** A week nobody has submitted yet. */
    public static Timesheet open(String employeeId, IsoWeek week) {
        return new Timesheet(employeeId, week, TimesheetStatus.OPEN, null, null, null);
    }

    public Timesheet submit(Principal caller, Instant now) {
        if (!caller.isEmployee(employeeId)) {
            throw new ForbiddenException("only the employee submits their own timesheet");
        }
        require(TimesheetStatus.OPEN, "submit");
        return new Timesheet(employeeId, week, TimesheetStatus.SUBMITTED, now, null, null);
    }

    public Timesheet approve(Principal caller, Instant now) {
        if (!caller.hasRole(Role.ADMIN, Role.MANAGER) || caller.isEmployee(employeeId)) {
            throw new ForbiddenException("an admin or manager other than the employee approves a timesheet");
        }
        require(TimesheetStatus.SUBMITTED, "approve");
        return new Timesheet(employeeId, week, TimesheetStatus.APPROVED, submittedAt, caller.subjectId(), now);
    }

    /** @param reason why payroll's numbers may move again (3 to 500 characters) */
    public Timesheet reopen(Principal caller, String reason) {
        if (!caller.hasRole(Role.ADMIN)) {
            throw new ForbiddenException("only an admin reopens a timesheet");
        }
        TextLimits.requireReason("reason", reason);
        if (status == TimesheetStatus.OPEN) {
            throw conflict("reopen");
        }
        return open(employeeId, week);
    }

    /** Whether this week's dates are closed for the employee. */
    public boolean locksItsDates() {
        return status == TimesheetStatus.APPROVED;
    }

    private void require(TimesheetStatus expected, String transition) {
        if (status != expected) {
            throw conflict(transition);
        }
    }

    private ConflictException conflict(String transition) {
        return new ConflictException(
                "invalid-timesheet-transition",
                "cannot " + transition + " the timesheet of " + week + ": it is " + status.wire(),
                Map.of("current_status", status.wire()));
    }
}
