package dev.timetracker.domain.access;

import java.util.Optional;

public interface AccountDirectory {
    /** Admin usernames first, then employee emails; both case-insensitive. */
    Optional<Account> findByLogin(String login);
}
