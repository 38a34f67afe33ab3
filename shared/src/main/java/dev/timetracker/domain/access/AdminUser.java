package dev.timetracker.domain.access;

import java.time.Instant;

/** An administrator or manager: they log in with a username; employees log in with their email instead. */
public record AdminUser(
        String id,
        String username,
        String email,
        Role role,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        long version) {}
