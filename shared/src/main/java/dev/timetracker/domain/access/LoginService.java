package dev.timetracker.domain.access;

import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.UnauthenticatedException;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Login: throttle check, account lookup, password check, token. Every failure looks the same to the caller,
 * and an unknown login name costs one password hash like a known one, so neither the answer nor its timing
 * tells which names exist.
 */
public final class LoginService {
    public record LoginResult(TokenIssuing.IssuedToken token, Account account) {
    }

    private final AccountDirectory accounts;
    private final LoginAttempts attempts;
    private final PasswordHashing passwords;
    private final TokenIssuing tokens;
    private final Clock clock;

    public LoginService(AccountDirectory accounts, LoginAttempts attempts, PasswordHashing passwords,
                        TokenIssuing tokens, Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
    }

    public LoginResult login(String login, String password) {
        String loginKey = login.toLowerCase(Locale.ROOT);
        Optional<Duration> locked = LoginThrottle.lockedFor(attempts.current(loginKey), clock.instant());
        if (locked.isPresent()) {
            throw new RetryLaterException(RetryLaterException.Reason.THROTTLED,
                    "Too many failed logins for this user; try again later", locked.get());
        }
        Optional<Account> account = accounts.findByLogin(login);
        boolean valid;
        if (account.isPresent() && account.get().passwordHash() != null) {
            valid = passwords.matches(password, account.get().passwordHash()) && account.get().active();
        } else {
            passwords.matchNothing(password);
            valid = false;
        }
        if (!valid) {
            attempts.recordFailure(loginKey, clock.instant());
            throw new UnauthenticatedException("Wrong username or password");
        }
        attempts.clear(loginKey);
        return new LoginResult(tokens.issue(account.get()), account.get());
    }
}
