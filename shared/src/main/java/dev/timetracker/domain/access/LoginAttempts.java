package dev.timetracker.domain.access;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Login attempts counted per login name and per source address, shared by every function instance (so a
 * lockout holds everywhere). Each count lives in fixed windows of its {@link LoginThrottle.Counter#window()}.
 */
public interface LoginAttempts {
    /**
     * Attempts counted in the current window, and when that window started (null when there were none). What
     * remains counted are failures and attempts still being checked: a successful login clears or takes back
     * its own.
     */
    record State(int failures, @Nullable Instant windowStart) {
        public static final State NONE = new State(0, null);
    }

    State current(LoginThrottle.Counter counter, String key);

    /**
     * Counts one attempt, atomically, in the window current at {@code now} (starting a new window when none is),
     * and returns the state that includes it. Called before the password is checked, so that attempts running
     * side by side each get their own number and only the first {@link LoginThrottle.Counter#maxFailures()} of
     * a window get a password check.
     */
    State countAttempt(LoginThrottle.Counter counter, String key, Instant now);

    /** Forgets every attempt counted for the key (a successful login for that name). */
    void clear(LoginThrottle.Counter counter, String key);

    /**
     * Takes back one attempt counted in the window that started at {@code windowStart} (it turned out to be a
     * successful login); nothing when another window has started since.
     */
    void takeBack(LoginThrottle.Counter counter, String key, Instant windowStart);
}
