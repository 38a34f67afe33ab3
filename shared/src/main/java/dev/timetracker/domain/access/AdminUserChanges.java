package dev.timetracker.domain.access;

/** A change to an admin user as the client sent it; null components were not sent and stay as they are. */
public record AdminUserChanges(String username, String email, String password, String role, Boolean active) {
}
