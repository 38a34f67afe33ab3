package dev.timetracker.domain.access;

import java.time.Duration;

public interface TokenIssuing {
    record IssuedToken(String token, Duration lifetime) {}

    IssuedToken issue(Account account);
}
