package dev.timetracker.domain.access;

import static dev.timetracker.domain.access.LoginThrottle.Counter.LOGIN_NAME;
import static dev.timetracker.domain.access.LoginThrottle.Counter.SOURCE_ADDRESS;

import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Login: throttle checks (per source address, then per login name), account lookup, password check, token.
 * Every failure looks the same to the caller, and an unknown login name costs one password hash like a known
 * one, so neither the answer nor its timing tells which names exist.
 */
public final class LoginService {
    public record LoginResult(TokenIssuing.IssuedToken token, Account account) {}

    private final AccountDirectory accounts;
    private final LoginAttempts attempts;
    private final PasswordHashing passwords;
    private final TokenIssuing tokens;
    private final Clock clock;

    public LoginService(
            AccountDirectory accounts,
            LoginAttempts attempts,
            PasswordHashing passwords,
            TokenIssuing tokens,
            Clock clock) {
        this.accounts = accounts;
        this.attempts = attempts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** @param sourceAddress the client's IP address, as API Gateway saw it */
    public LoginResult login(String login, String password, String sourceAddress) {
        String loginKey = LoginName.key(login);
        String sourceKey = SourceAddress.throttleKey(sourceAddress);
        Instant now = clock.instant();
        // While locked, refused without being counted: a flood from a locked address costs one read per attempt.
        refuseIfLocked(SOURCE_ADDRESS, attempts.current(SOURCE_ADDRESS, sourceKey), now);
        refuseIfLocked(LOGIN_NAME, attempts.current(LOGIN_NAME, loginKey), now);
        // Counted before the password is checked, atomically: attempts that run side by side would otherwise all
        // pass the checks above before any failure is recorded, and a burst of guesses would get far more tries
        // than the limits allow. Only the first attempts of a window, up to each limit, get a password check.
        LoginAttempts.State bySource = count(SOURCE_ADDRESS, sourceKey, now);
        count(LOGIN_NAME, loginKey, now);
        Optional<Account> account = accounts.findByLogin(login);
        boolean valid;
        if (account.isPresent() && account.get().passwordHash() != null) {
            valid = passwords.matches(password, account.get().passwordHash())
                    && account.get().active();
        } else {
            passwords.matchNothing(password);
            valid = false;
        }
        if (!valid) {
            // This attempt is already counted as a failure, on both counters.
            throw new UnauthenticatedException("Wrong username or password");
        }
        attempts.clear(LOGIN_NAME, loginKey);
        attempts.takeBack(
                SOURCE_ADDRESS,
                sourceKey,
                Objects.requireNonNull(bySource.windowStart(), "a counted attempt has its window"));
        return new LoginResult(tokens.issue(account.get()), account.get());
    }

    private LoginAttempts.State count(LoginThrottle.Counter counter, String key, Instant now) {
        LoginAttempts.State counted = attempts.countAttempt(counter, key, now);
        if (counted.failures() > counter.maxFailures()) {
            refuseIfLocked(counter, counted, now);
            // Its window is current, so it is locked; should a clock edge say otherwise, still no password check.
            throw throttled(counter, Duration.ofSeconds(1));
        }
        return counted;
    }

    private static void refuseIfLocked(LoginThrottle.Counter counter, LoginAttempts.State state, Instant now) {
        Optional<Duration> locked = LoginThrottle.lockedFor(counter, state, now);
        if (locked.isPresent()) {
            throw throttled(counter, locked.get());
        }
    }

    private static RetryLaterException throttled(LoginThrottle.Counter counter, Duration retryAfter) {
        return new RetryLaterException(
                RetryLaterException.Reason.THROTTLED,
                counter == SOURCE_ADDRESS
                        ? "Too many failed logins from your network; try again later"
                        : "Too many failed logins for this user; try again later",
                retryAfter);
    }
}
