package dev.timetracker.domain.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection, counted twice: per login name (guessing one account's password) and per source
 * address (guesses spread over many names, or a flood of made-up names). When either count reaches its limit
 * within its window, every attempt it covers is refused until that window has passed, even with the right
 * password. Refused attempts cost no password hash.
 */
public final class LoginThrottle {

    /** What is counted, and its limit: at most {@code maxFailures} failed logins in one fixed window. */
    public enum Counter {
        /**
         * A login name, case-folded: 5 failures lock it for the rest of its 15 minutes. A successful login
         * clears the count.
         */
        LOGIN_NAME(5, Duration.ofMinutes(15)),
        /**
         * A client's address (IPv4, or the /64 network of an IPv6 address, which one client usually holds
         * whole): 50 failures lock it for the rest of its 15 minutes. An office behind one address shares this
         * budget, so successful logins do not use it up; 50 mistyped passwords in 15 minutes are far more than
         * people make, and far fewer than a guessing script needs.
         */
        SOURCE_ADDRESS(50, Duration.ofMinutes(15));

        private final int maxFailures;
        private final Duration window;

        Counter(int maxFailures, Duration window) {
            this.maxFailures = maxFailures;
            this.window = window;
        }

        public int maxFailures() {
            return maxFailures;
        }

        public Duration window() {
            return window;
        }
    }

    private LoginThrottle() {}

    /** @return how long the counted name or address stays locked, or empty when it may try */
    public static Optional<Duration> lockedFor(Counter counter, LoginAttempts.State state, Instant now) {
        if (state.failures() < counter.maxFailures() || state.windowStart() == null) {
            return Optional.empty();
        }
        Instant unlock = state.windowStart().plus(counter.window());
        return now.isBefore(unlock) ? Optional.of(Duration.between(now, unlock)) : Optional.empty();
    }
}
