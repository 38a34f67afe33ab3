package dev.timetracker.adapters.auth;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.Optional;

/** The public keys tokens are verified with, by key id, as they are at a given time. */
public interface TokenKeys {
    /** The Parameter Store parameter that holds the public key set (a JWK Set in JSON). */
    String PARAMETER = "TOKEN_PUBLIC_KEYS_PARAMETER";

    /** Verifies nothing: for a function without the parameter (it serves no API, so it checks no token). */
    TokenKeys NONE = (keyId, now) -> Optional.empty();

    /** @param now the verifier's time, against which a cached key set is judged fresh or not */
    Optional<ECPublicKey> key(String keyId, java.time.Instant now);

    /** A fixed set (tests). */
    static TokenKeys parse(String jwkSetJson) {
        return TokenKeySet.parse(jwkSetJson);
    }

    /** The published set named by {@value #PARAMETER}, read now and kept fresh; {@link #NONE} without it. */
    static TokenKeys from(Environment environment, Clock clock) {
        return environment
                .optional(PARAMETER)
                .<TokenKeys>map(name -> new PublishedTokenKeys(AwsClients.ssm(environment), name, clock))
                .orElse(NONE);
    }
}
