package dev.timetracker.domain.access;

import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.UnauthenticatedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
        Instant now = clock.instant();
        // While locked, refused without being counted.
        refuseIfLocked(attempts.current(loginKey), now);
        // Counted before the password is checked, atomically: attempts that run side by side would otherwise all
        // pass the check above before any failure is recorded, and a burst of guesses would get far more than
        // MAX_FAILURES tries. Only the first MAX_FAILURES attempts of a window get a password check.
        LoginAttempts.State counted = attempts.countAttempt(loginKey, now);
        if (counted.failures() > LoginThrottle.MAX_FAILURES) {
            refuseIfLocked(counted, now);
            // Its window is current, so it is locked; should a clock edge say otherwise, still no password check.
            throw throttled(Duration.ofSeconds(1));
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
            // This attempt is already counted as a failure.
            throw new UnauthenticatedException("Wrong username or password");
        }
        attempts.clear(loginKey);
        return new LoginResult(tokens.issue(account.get()), account.get());
    }

    private static void refuseIfLocked(LoginAttempts.State state, Instant now) {
        Optional<Duration> locked = LoginThrottle.lockedFor(state, now);
        if (locked.isPresent()) {
            throw throttled(locked.get());
        }
    }

    private static RetryLaterException throttled(Duration retryAfter) {
        return new RetryLaterException(RetryLaterException.Reason.THROTTLED,
                "Too many failed logins for this user; try again later", retryAfter);
    }
}
