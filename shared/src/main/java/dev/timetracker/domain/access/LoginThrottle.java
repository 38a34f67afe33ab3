package dev.timetracker.domain.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection: after {@link #MAX_FAILURES} failed logins for one login name within
 * {@link #WINDOW}, every attempt is refused until that window has passed, even with the right password.
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 5;
    public static final Duration WINDOW = Duration.ofMinutes(15);

    private LoginThrottle() {
    }

    /** @return how long the login name stays locked, or empty when it may try */
    public static Optional<Duration> lockedFor(LoginAttempts.State state, Instant now) {
        if (state.failures() < MAX_FAILURES || state.windowStart() == null) {
            return Optional.empty();
        }
        Instant unlock = state.windowStart().plus(WINDOW);
        return now.isBefore(unlock) ? Optional.of(Duration.between(now, unlock)) : Optional.empty();
    }

    /** Whether a failure at {@code now} still counts in the window that started at {@code windowStart}. */
    public static boolean inWindow(Instant windowStart, Instant now) {
        return windowStart != null && now.isBefore(windowStart.plus(WINDOW));
    }
}
