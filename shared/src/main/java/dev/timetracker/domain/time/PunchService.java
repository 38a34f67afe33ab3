package dev.timetracker.domain.time;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.RuleViolationException;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.AccessRules;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.ClosedForPunches;
import dev.timetracker.domain.period.PunchGuard;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Punching and reading where an employee stands. A punch is decided by the store's conditional write, not
 * by a read before it, so retries, offline replays and two devices punching at once can never create a wrong
 * or duplicate entry; when the write is refused, the clock it returns says why.
 */
public final class PunchService {
    /** The result of a punch; {@code replayed} is true when the same request had been accepted before. */
    public record PunchResult(TimeEntry entry, WorkStatus status, boolean replayed) {}

    /** A refused write whose clock shows no reason was a race with another punch: try again, a few times. */
    private static final int MAX_ATTEMPTS = 3;

    private final PunchClockStore store;
    private final Supplier<BusinessHoursTimeline> businessHours;
    private final Clock clock;
    private final Supplier<String> ids;
    private final ClosedForPunches closed;

    public PunchService(
            PunchClockStore store, Supplier<BusinessHoursTimeline> businessHours, Clock clock, Supplier<String> ids) {
        this(store, businessHours, clock, ids, ClosedForPunches.NOTHING);
    }

    /** @param closed which work dates refuse punches (the pay-period lock and approved timesheets) */
    public PunchService(
            PunchClockStore store,
            Supplier<BusinessHoursTimeline> businessHours,
            Clock clock,
            Supplier<String> ids,
            ClosedForPunches closed) {
        this.store = store;
        this.businessHours = businessHours;
        this.clock = clock;
        this.ids = ids;
        this.closed = closed;
    }

    /**
     * A punch by a caller whose session the store's write checks (the punch route costs one DynamoDB call): the
     * employee's own against their clock's copy of the token state, someone else's in the same transaction.
     */
    public PunchResult punch(UnconfirmedPrincipal caller, PunchCommand command) {
        boolean forSomeoneElse = !caller.isEmployee(command.employeeId());
        if (forSomeoneElse) {
            AccessRules.requireSelfOrRole(caller, command.employeeId(), Role.ADMIN, Role.MANAGER);
            if (command.notes() == null || command.notes().isBlank()) {
                throw new ValidationException("notes", "is required when punching for someone else: say why");
            }
        }
        Instant reading = clock.instant();
        Instant now = TimePrecision.of(reading);
        EntrySource source = forSomeoneElse
                ? EntrySource.ADMIN
                : command.clientTimestamp() != null ? EntrySource.OFFLINE : EntrySource.APP;
        TimeEntry entry = new TimeEntry(
                ids.get(),
                command.employeeId(),
                command.action(),
                command.clientTimestamp() == null ? now : command.clientTimestamp(),
                now,
                null,
                source,
                command.notes(),
                command.clientPunchId());
        // The entry holds its instants at TimePrecision: every rule below judges exactly what will be stored.
        PunchTimestampRules.check(entry.timestamp(), now, null);
        // The audit trail is not time tracking: it keeps the clock's full reading, which orders its records (newest
        // first) also within one second.
        AuditStamp audit = forSomeoneElse
                ? new AuditStamp(
                        ids.get(), reading, caller.actor(), command.action().wire(), command.notes())
                : null;
        String requestHash = command.requestHash();
        // Read before the write: once the punch is stored, nothing may fail any more (the client would get a 503
        // for a punch that happened).
        BusinessHoursTimeline timeline = businessHours.get();
        PunchGuard guard =
                closed.needsClock(entry, now) ? decidedOnClock(caller, entry, now) : closed.guard(entry, now);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            PunchGuard writeGuard = guard;
            try {
                PunchClock after = readable(
                        caller,
                        command.employeeId(),
                        () -> store.append(
                                entry,
                                requestHash,
                                PunchStateMachine.allowedFrom(command.action()),
                                caller,
                                audit,
                                writeGuard,
                                timeline));
                TimeEntry stored = after.entry(entry.id()).orElseThrow();
                return new PunchResult(stored, after.ledger().status(timeline, now), false);
            } catch (PunchClockStore.Refused refused) {
                PunchClock current = refused.current();
                if (current == null) {
                    throw new NotFoundException("No employee has id " + command.employeeId());
                }
                PunchResult replay =
                        explain(current, refused.full(), entry, command, requestHash, caller, now, timeline);
                if (replay != null) {
                    return replay;
                }
                // Every other rule lets it pass: the refusal was a race or the guard. Decide on the clock it returned
                // and write on exactly that clock.
                closed.requireOpen(current, entry, now);
                guard = PunchGuard.pinned(current.version());
            }
        }
        throw new ConflictException("concurrent-punch", "The clock kept changing under this punch; try again");
    }

    /**
     * A punch whose date may be under the lock, decided on the clock as read (its zone gives the date); the write
     * then holds only on that version. A clock whose state does not allow the punch is left to the write to refuse
     * (409 names the state).
     */
    private PunchGuard decidedOnClock(UnconfirmedPrincipal caller, TimeEntry entry, Instant now) {
        PunchClock current = readable(caller, entry.employeeId(), () -> store.read(entry.employeeId(), caller))
                .orElseThrow(() -> new NotFoundException("No employee has id " + entry.employeeId()));
        if (caller.isEmployee(entry.employeeId())) {
            requireTokenCounts(current, caller);
        }
        if (PunchStateMachine.allowedFrom(entry.action()).contains(current.state())) {
            closed.requireOpen(current, entry, now);
        }
        return PunchGuard.pinned(current.version());
    }

    /**
     * Where the employee stands now; employees see only their own clock. The caller's session is checked by the
     * one read: an employee's against their clock's copy of the token state, anyone else's by the store.
     */
    public WorkStatus status(UnconfirmedPrincipal caller, String employeeId) {
        AccessRules.requireSelfOrRole(caller, employeeId, Role.ADMIN, Role.MANAGER);
        PunchClock punchClock = readable(caller, employeeId, () -> store.read(employeeId, caller))
                .orElseThrow(() -> new NotFoundException("No employee has id " + employeeId));
        if (caller.isEmployee(employeeId)) {
            requireTokenCounts(punchClock, caller);
        }
        return punchClock.ledger().status(businessHours.get(), TimePrecision.of(clock.instant()));
    }

    /**
     * Runs a store call on the employee's clock; when the clock cannot be interpreted, the employee's own token is
     * still checked against what could be read of it, so that a revoked token gets a 401 and nothing else.
     */
    private static <T> T readable(UnconfirmedPrincipal caller, String employeeId, Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (UnreadableClockException unreadable) {
            if (caller.isEmployee(employeeId) && !unreadable.tokenCounts(caller)) {
                throw new UnauthenticatedException("This token was revoked or withdrawn");
            }
            throw unreadable;
        }
    }

    /**
     * Why the store refused, given the clock it returned and whether that was full; throws the matching failure, or returns the earlier result of the same request.
     * Returns null when no rule refuses any more (another punch raced this one): the caller tries again.
     */
    private @Nullable PunchResult explain(
            PunchClock current,
            boolean full,
            TimeEntry entry,
            PunchCommand command,
            String requestHash,
            UnconfirmedPrincipal caller,
            Instant now,
            BusinessHoursTimeline timeline) {
        // A revoked token gets nothing, not even the replay of an earlier punch.
        if (caller.isEmployee(command.employeeId())) {
            requireTokenCounts(current, caller);
        }
        // This very punch is on the clock: the write went through but its answer was lost, and the SDK's retry
        // of the same write was refused. It is this request's entry, so the answer is the one it would have got.
        var landed = current.entry(entry.id());
        if (landed.isPresent()) {
            return new PunchResult(landed.get(), current.ledger().status(timeline, now), false);
        }
        PunchReceipt receipt =
                command.clientPunchId() == null ? null : current.receipts().get(command.clientPunchId());
        if (receipt != null) {
            if (!receipt.requestHash().equals(requestHash)) {
                throw new ConflictException(
                        "idempotency-key-reused", "This client_punch_id was used for a different punch");
            }
            TimeEntry earlier = current.entry(receipt.entryId())
                    .or(() -> store.finalizedEntry(command.employeeId(), receipt))
                    .orElseThrow(() -> new ConflictException(
                            "idempotency-key-reused",
                            "This client_punch_id belongs to a punch that is no longer available"));
            return new PunchResult(earlier, current.ledger().status(timeline, now), true);
        }
        if (!current.active()) {
            throw new RuleViolationException("employee-inactive", "The employee is deactivated and cannot punch");
        }
        if (full) {
            throw new RuleViolationException(
                    "clock-full",
                    "This employee's clock holds as many punches as it can "
                            + "until the nightly job finalises the work days that are over; nothing was recorded. Punches are "
                            + "accepted again after that run.");
        }
        PunchStateMachine.next(current.state(), command.action());
        PunchTimestampRules.check(entry.timestamp(), now, current.latestAt().orElse(null));
        return null;
    }

    /** The employee's own token, confirmed against their clock's copy of the token state. */
    private static void requireTokenCounts(PunchClock punchClock, UnconfirmedPrincipal caller) {
        caller.confirmedBy(punchClock);
    }
}
