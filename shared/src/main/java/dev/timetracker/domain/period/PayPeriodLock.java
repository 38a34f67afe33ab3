package dev.timetracker.domain.period;

import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The organisation's pay-period lock: every work date up to and including {@code through} is closed for everyone.
 * Moving it forward closes more dates; moving it back reopens some and needs a reason. Whether anything still open
 * blocks a move forward is the store's question (it knows the open cycles and pending corrections).
 *
 * @param through null while nothing was ever locked
 */
public record PayPeriodLock(LocalDate through, String reason, String movedBy, Instant movedAt) {

    public static final PayPeriodLock NONE = new PayPeriodLock(null, null, null, null);

    /** @param reason required when {@code newThrough} is before the current lock, optional otherwise */
    public PayPeriodLock moveTo(LocalDate newThrough, String reason, Principal caller, Instant now) {
        Objects.requireNonNull(newThrough, "newThrough");
        if (!caller.hasRole(Role.ADMIN)) {
            throw new ForbiddenException("only an admin moves the pay-period lock");
        }
        if (movesBack(newThrough) || reason != null) {
            TextLimits.requireReason("reason", reason);
        }
        return new PayPeriodLock(newThrough, reason, caller.subjectId(), now);
    }

    public boolean movesBack(LocalDate newThrough) {
        return through != null && newThrough.isBefore(through);
    }

    public boolean locks(LocalDate workDate) {
        return through != null && !workDate.isAfter(through);
    }
}
