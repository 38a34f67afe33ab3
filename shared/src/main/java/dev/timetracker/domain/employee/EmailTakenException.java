package dev.timetracker.domain.employee;

import dev.timetracker.domain.ConflictException;

public final class EmailTakenException extends ConflictException {
    public EmailTakenException() {
        super("email-taken", "Another account already logs in with this email address");
    }
}
