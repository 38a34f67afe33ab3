package dev.timetracker.domain.period;

import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The organisation's pay-period lock: every work date up to and including {@code through} is closed for everyone.
 * Moving it forward closes more dates; moving it back reopens some and needs a reason. Whether anything still open
 * blocks a move forward is the store's question (it knows the open cycles and pending corrections).
 *
 * <p>Punches see the lock through a cache of at most {@link #PUNCH_CACHE} per function instance (docs/storage.md,
 * "Punches on closed dates"), so a move forward refuses punches only from {@code effectiveAt} on, {@link
 * #TAKES_EFFECT_AFTER} after the move: by then every cache holds it, and every instance refuses the same punches
 * from the same instant. Until then punches see {@code previousThrough}. A move back reopens at once.
 *
 * @param through         null while nothing was ever locked
 * @param effectiveAt     when punches start to see {@code through}; null while nothing was ever locked
 * @param previousThrough what punches see before {@code effectiveAt} (null: nothing)
 */
public record PayPeriodLock(
        @Nullable LocalDate through,
        @Nullable String reason,
        @Nullable String movedBy,
        @Nullable Instant movedAt,
        @Nullable Instant effectiveAt,
        @Nullable LocalDate previousThrough) {

    /** How long a punch function trusts the lock it read. */
    public static final Duration PUNCH_CACHE = Duration.ofSeconds(60);
    /** Longer than {@link #PUNCH_CACHE}, so no instance can still hold the lock from before a move. */
    public static final Duration TAKES_EFFECT_AFTER = Duration.ofMinutes(2);

    public static final PayPeriodLock NONE = new PayPeriodLock(null, null, null, null, null, null);

    /** A lock in force for punches from the moment it was moved (as stored before {@code effective_at} existed). */
    public PayPeriodLock(
            @Nullable LocalDate through, @Nullable String reason, @Nullable String movedBy, @Nullable Instant movedAt) {
        this(through, reason, movedBy, movedAt, movedAt, through);
    }

    /** @param reason required when {@code newThrough} is before the current lock, optional otherwise */
    public PayPeriodLock moveTo(LocalDate newThrough, String reason, Principal caller, Instant now) {
        Objects.requireNonNull(newThrough, "newThrough");
        if (!caller.hasRole(Role.ADMIN)) {
            throw new ForbiddenException("only an admin moves the pay-period lock");
        }
        if (movesBack(newThrough) || reason != null) {
            TextLimits.requireReason("reason", reason);
        }
        LocalDate inForce = throughForPunches(now);
        boolean closesMore = inForce == null || newThrough.isAfter(inForce);
        return closesMore
                ? new PayPeriodLock(newThrough, reason, caller.subjectId(), now, now.plus(TAKES_EFFECT_AFTER), inForce)
                : new PayPeriodLock(newThrough, reason, caller.subjectId(), now, now, newThrough);
    }

    public boolean movesBack(LocalDate newThrough) {
        return through != null && newThrough.isBefore(through);
    }

    /** Whether {@code workDate} is under the lock as stored (corrections read it in their own transaction). */
    public boolean locks(LocalDate workDate) {
        return through != null && !workDate.isAfter(through);
    }

    /** The last date punches are refused on at {@code now} (null: none): {@code previousThrough} until it takes effect. */
    public @Nullable LocalDate throughForPunches(Instant now) {
        if (through == null) {
            return null;
        }
        return effectiveAt == null || !now.isBefore(effectiveAt) ? through : previousThrough;
    }

    /** Whether a punch at {@code now} on {@code workDate} is refused by the lock. */
    public boolean locksForPunches(LocalDate workDate, Instant now) {
        LocalDate inForce = throughForPunches(now);
        return inForce != null && !workDate.isAfter(inForce);
    }
}
