package dev.timetracker.domain.access;

/** A new admin user as the client sent it; null components were not sent. */
public record AdminUserInput(String username, String email, String password, String role) {}
