package dev.timetracker.domain.access;

import org.jspecify.annotations.Nullable;

/** A change to an admin user as the client sent it; null components were not sent and stay as they are. */
public record AdminUserChanges(
        @Nullable String username,
        @Nullable String email,
        @Nullable String password,
        @Nullable String role,
        @Nullable Boolean active) {}
