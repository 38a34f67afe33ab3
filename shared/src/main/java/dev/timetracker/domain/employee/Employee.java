package dev.timetracker.domain.employee;

import java.time.Instant;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * A person who punches in and out. Deactivation keeps the record (and so its history); {@code version}
 * increases with every change and guards concurrent updates.
 */
public record Employee(
        String id,
        String email,
        String firstName,
        String lastName,
        @Nullable String employeeCode,
        @Nullable String department,
        @Nullable String position,
        ZoneId timezone,
        boolean active,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public String fullName() {
        return firstName + " " + lastName;
    }

    /** Emails are unique regardless of case: {@code Ann@x.io} and {@code ann@x.io} are one address. */
    public String emailKey() {
        return EmailAddress.key(email);
    }
}
