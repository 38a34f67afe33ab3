package dev.timetracker.adapters.auth;

import dev.timetracker.adapters.config.RefreshingValue;
import dev.timetracker.adapters.config.Secrets;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The public key set as operators publish it in Parameter Store, read at init and again every
 * {@link RefreshingValue#MAX_AGE}: a key added to the set verifies within that time, a key removed stops
 * verifying within it, with no deploy (README, "Key rotation"). A token whose key id the cached set does not
 * know makes the set be read again at once, at most once per {@link RefreshingValue#MIN_INTERVAL}, so a token
 * from a key published a moment ago verifies without waiting and made-up key ids cannot flood Parameter Store.
 */
final class PublishedTokenKeys implements TokenKeys {
    private final RefreshingValue<TokenKeySet> published;

    PublishedTokenKeys(SsmClient ssm, String parameterName, Clock clock) {
        this.published = new RefreshingValue<>(
                "the public token keys " + parameterName,
                () -> TokenKeySet.parse(Secrets.parameter(ssm, parameterName)),
                clock);
    }

    @Override
    public Optional<ECPublicKey> key(String keyId, Instant now) {
        Optional<ECPublicKey> key = published.get(now).key(keyId);
        return key.isPresent() || keyId == null
                ? key
                : published.refreshEarly(now).key(keyId);
    }
}
