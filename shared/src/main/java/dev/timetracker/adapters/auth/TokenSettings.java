package dev.timetracker.adapters.auth;

import dev.timetracker.adapters.config.Environment;
import java.time.Duration;

/** What every token we issue says about itself and how long it lives. */
public record TokenSettings(String issuer, String audience, Duration lifetime, Duration clockSkew) {
    public static final String ISSUER = "https://timetracker.dev";
    public static final String AUDIENCE = "timetracker-api";
    /** Short-lived on purpose: logout and deactivation also block a token, but expiry bounds any miss. */
    static final int DEFAULT_LIFETIME_SECONDS = 15 * 60;

    static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    public static TokenSettings from(Environment environment) {
        return new TokenSettings(
                ISSUER,
                AUDIENCE,
                Duration.ofSeconds(environment.integer("TOKEN_LIFETIME_SECONDS", DEFAULT_LIFETIME_SECONDS)),
                MAX_CLOCK_SKEW);
    }
}
