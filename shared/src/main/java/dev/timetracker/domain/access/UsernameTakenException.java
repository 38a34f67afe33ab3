package dev.timetracker.domain.access;

import dev.timetracker.domain.ConflictException;

public final class UsernameTakenException extends ConflictException {
    public UsernameTakenException() {
        super("username-taken", "Another user already has this username");
    }
}
