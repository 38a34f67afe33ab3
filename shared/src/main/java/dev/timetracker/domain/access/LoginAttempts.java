package dev.timetracker.domain.access;

import java.time.Instant;

/** Login attempts counted per login name, shared by every function instance (so a lockout holds everywhere). */
public interface LoginAttempts {
    /**
     * Attempts counted in the current window, and when that window started (null when there were none). A
     * successful login clears them, so what remains counted are failures and attempts still being checked.
     */
    record State(int failures, Instant windowStart) {
        public static final State NONE = new State(0, null);
    }

    State current(String loginKey);

    /**
     * Counts one attempt, atomically, in the window current at {@code now} (starting a new window when none is),
     * and returns the state that includes it. Called before the password is checked, so that attempts running
     * side by side each get their own number and only the first {@link LoginThrottle#MAX_FAILURES} of a window
     * get a password check.
     */
    State countAttempt(String loginKey, Instant now);

    void clear(String loginKey);
}
