package dev.timetracker.domain.access;

/**
 * What login needs to know about whoever owns a login name: an admin user (by username) or an employee (by
 * email). {@code username} is what the client sees in the login response.
 */
public record Account(
        String subjectId,
        String username,
        Role role,
        String employeeId,
        String passwordHash,
        boolean active,
        long tokenGeneration) {}
