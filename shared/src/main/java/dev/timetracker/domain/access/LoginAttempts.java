package dev.timetracker.domain.access;

import java.time.Instant;

/** Failed-login counting per login name, shared by every function instance (so a lockout holds everywhere). */
public interface LoginAttempts {
    /** Failures within the current window, and when that window started (null when there were none). */
    record State(int failures, Instant windowStart) {
        public static final State NONE = new State(0, null);
    }

    State current(String loginKey);

    void recordFailure(String loginKey, Instant now);

    void clear(String loginKey);
}
