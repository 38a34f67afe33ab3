package dev.timetracker.domain.access;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as their verified token says. {@code subjectId} is an admin user's id or, for an employee,
 * the employee's id (then equal to {@code employeeId}). {@code tokenGeneration} is the account's token
 * generation at login; deactivation starts a new one, which withdraws every token of the old.
 */
public record Principal(
        String subjectId,
        Role role,
        @Nullable String employeeId,
        String tokenId,
        Instant issuedAt,
        Instant expiresAt,
        long tokenGeneration) {

    public boolean hasRole(Role... roles) {
        for (Role candidate : roles) {
            if (candidate == role) {
                return true;
            }
        }
        return false;
    }

    /** Whether this caller is the employee with that id: the one way an employee reaches a record. */
    public boolean isEmployee(String id) {
        return role == Role.EMPLOYEE && employeeId != null && employeeId.equals(id);
    }

    public Actor actor() {
        return new Actor(subjectId, role);
    }
}
