package dev.timetracker.domain.access;

import dev.timetracker.domain.ConflictException;

public final class UsernameTakenException extends ConflictException {
    public UsernameTakenException() {
        super(
                "username-taken",
                "Another account already logs in with this username (usernames and employee emails are one namespace)");
    }
}
