package dev.timetracker.domain.time;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An employee's stored punch clock that this version cannot interpret: entries out of order or breaking the
 * punch state machine (as an older version could leave them), or an attribute that does not parse. It concerns
 * that one employee only: their own routes answer 409 {@code clock-unreadable}, reports flag them, the nightly
 * job skips them, and nothing else stops. The records are kept as they are for an admin to repair.
 *
 * <p>{@code reason} says what is wrong, for logs and the audit trail; clients get a fixed text, never stored
 * values or internal names. The token facts stored with the clock are carried along when they could be read, so
 * that an employee's revoked token still gets a 401 rather than this answer. When the entries themselves could be
 * read but not folded (out of order, or breaking the state machine), the problem lists them as recorded
 * ({@code recorded_entries}: id, action, timestamp), so that an admin can void or move the ones at fault with a
 * correction.
 */
public final class UnreadableClockException extends ConflictException {
    private final String employeeId;
    private final String reason;
    private final @Nullable Long tokenGeneration;
    private final @Nullable Set<String> revokedTokenIds;
    private final List<TimeEntry> recorded;

    public UnreadableClockException(
            String employeeId, String reason, @Nullable Long tokenGeneration, @Nullable Set<String> revokedTokenIds) {
        this(employeeId, reason, tokenGeneration, revokedTokenIds, List.of());
    }

    /** @param recorded the entries that could be read but not folded, in recording order; empty when none could */
    public UnreadableClockException(
            String employeeId,
            String reason,
            @Nullable Long tokenGeneration,
            @Nullable Set<String> revokedTokenIds,
            List<TimeEntry> recorded) {
        this(employeeId, reason, tokenGeneration, revokedTokenIds, recorded, "Nothing was recorded.");
    }

    private UnreadableClockException(
            String employeeId,
            String reason,
            @Nullable Long tokenGeneration,
            @Nullable Set<String> revokedTokenIds,
            List<TimeEntry> recorded,
            String outcome) {
        super(
                "clock-unreadable",
                "The time records of employee " + employeeId + " hold data that cannot be "
                        + "interpreted, so they cannot be shown or computed until an admin repairs them. " + outcome
                        + " Other employees are not affected.",
                extensions(employeeId, recorded));
        this.employeeId = Objects.requireNonNull(employeeId, "employeeId");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.tokenGeneration = tokenGeneration;
        this.revokedTokenIds = revokedTokenIds == null ? null : Set.copyOf(revokedTokenIds);
        this.recorded = List.copyOf(recorded);
    }

    private static Map<String, Object> extensions(String employeeId, List<TimeEntry> recorded) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("employee_id", employeeId);
        if (!recorded.isEmpty()) {
            extensions.put(
                    "recorded_entries",
                    recorded.stream()
                            .map(entry -> Map.of(
                                    "id",
                                    entry.id(),
                                    "action",
                                    entry.action().wire(),
                                    "timestamp",
                                    entry.timestamp().toString()))
                            .toList());
        }
        return extensions;
    }

    /** The same failure, for a punch that the store did record before it found the clock unreadable. */
    public UnreadableClockException afterRecording() {
        return new UnreadableClockException(
                employeeId, reason, tokenGeneration, revokedTokenIds, recorded, "The punch was recorded.");
    }

    /** The entries as recorded, when they could be read but not folded; empty otherwise. */
    public List<TimeEntry> recorded() {
        return recorded;
    }

    public String employeeId() {
        return employeeId;
    }

    public String reason() {
        return reason;
    }

    /** Whether the clock's token facts let this employee's token count; facts that could not be read do not refuse. */
    public boolean tokenCounts(UnconfirmedPrincipal caller) {
        return (tokenGeneration == null || tokenGeneration == caller.tokenGeneration())
                && (revokedTokenIds == null || !revokedTokenIds.contains(caller.tokenId()));
    }
}
