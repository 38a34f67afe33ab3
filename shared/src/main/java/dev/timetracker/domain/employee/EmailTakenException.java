package dev.timetracker.domain.employee;

import dev.timetracker.domain.ConflictException;

public final class EmailTakenException extends ConflictException {
    public EmailTakenException() {
        super("email-taken", "Another employee already uses this email address");
    }
}
