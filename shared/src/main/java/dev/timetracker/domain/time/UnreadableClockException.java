package dev.timetracker.domain.time;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.access.Principal;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An employee's stored punch clock that this version cannot interpret: entries out of order or breaking the
 * punch state machine (as an older version could leave them), or an attribute that does not parse. It concerns
 * that one employee only: their own routes answer 409 {@code clock-unreadable}, reports flag them, the nightly
 * job skips them, and nothing else stops. The records are kept as they are for an admin to repair.
 *
 * <p>{@code reason} says what is wrong, for logs and the audit trail; clients get a fixed text, never stored
 * values or internal names. The token facts stored with the clock are carried along when they could be read, so
 * that an employee's revoked token still gets a 401 rather than this answer.
 */
public final class UnreadableClockException extends ConflictException {
    private final String employeeId;
    private final String reason;
    private final Long tokenGeneration;
    private final Set<String> revokedTokenIds;

    public UnreadableClockException(String employeeId, String reason, Long tokenGeneration, Set<String> revokedTokenIds) {
        this(employeeId, reason, tokenGeneration, revokedTokenIds, "Nothing was recorded.");
    }

    private UnreadableClockException(String employeeId, String reason, Long tokenGeneration,
                                     Set<String> revokedTokenIds, String outcome) {
        super("clock-unreadable", "The time records of employee " + employeeId + " hold data that cannot be "
                        + "interpreted, so they cannot be shown or computed until an admin repairs them. " + outcome
                        + " Other employees are not affected.",
                Map.of("employee_id", employeeId));
        this.employeeId = Objects.requireNonNull(employeeId, "employeeId");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.tokenGeneration = tokenGeneration;
        this.revokedTokenIds = revokedTokenIds == null ? null : Set.copyOf(revokedTokenIds);
    }

    /** The same failure, for a punch that the store did record before it found the clock unreadable. */
    public UnreadableClockException afterRecording() {
        return new UnreadableClockException(employeeId, reason, tokenGeneration, revokedTokenIds,
                "The punch was recorded.");
    }

    public String employeeId() {
        return employeeId;
    }

    public String reason() {
        return reason;
    }

    /** Whether the clock's token facts let this employee's token count; facts that could not be read do not refuse. */
    public boolean tokenCounts(Principal caller) {
        return (tokenGeneration == null || tokenGeneration == caller.tokenGeneration())
                && (revokedTokenIds == null || !revokedTokenIds.contains(caller.tokenId()));
    }
}
