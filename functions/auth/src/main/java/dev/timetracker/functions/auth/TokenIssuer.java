package dev.timetracker.functions.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.adapters.auth.TokenSettings;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.config.RefreshingValue;
import dev.timetracker.adapters.config.Secrets;
import dev.timetracker.domain.access.Account;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.TokenIssuing;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Signs access tokens with the current private key (ES256). Only this function holds a private key; every
 * other function verifies with the public key set. The key id in the header says which key signed, so a
 * rotated-out key keeps verifying its tokens until they expire.
 *
 * <p>The key is the AWSCURRENT version of the signing-key secret, read at init and again every
 * {@link RefreshingValue#MAX_AGE}: putting a new private key into the secret switches signing within that time,
 * with no deploy (README, "Key rotation").
 */
final class TokenIssuer implements TokenIssuing {
    /** The name (or ARN) of the Secrets Manager secret that holds the private JWK. */
    static final String SIGNING_KEY_SECRET = "TOKEN_SIGNING_KEY_SECRET";

    /** The private key to sign with at a given time. */
    @FunctionalInterface
    interface SigningKeys {
        ECKey current(Instant now);
    }

    private final SigningKeys signingKeys;
    private final TokenSettings settings;
    private final Clock clock;
    /** The signer of the key last used, rebuilt only when the key changes. */
    private volatile KeySigner signer;

    private record KeySigner(ECKey key, ECDSASigner signer) {}

    TokenIssuer(SigningKeys signingKeys, TokenSettings settings, Clock clock) {
        this.signingKeys = signingKeys;
        this.settings = settings;
        this.clock = clock;
        this.signer = signerOf(signingKeys.current(clock.instant()));
    }

    /** Always the same key (tests, benchmarks). */
    static SigningKeys fixed(ECKey key) {
        return now -> key;
    }

    /** The AWSCURRENT version of the secret named by {@value #SIGNING_KEY_SECRET}, read now and kept fresh. */
    static SigningKeys fromSecret(Environment environment, Clock clock) {
        String secretId = environment.required(SIGNING_KEY_SECRET);
        var secrets = AwsClients.secretsManager(environment);
        var current = new RefreshingValue<>(
                "the token signing key " + secretId, () -> parse(Secrets.current(secrets, secretId)), clock);
        return current::get;
    }

    /** One private EC P-256 JWK in JSON. */
    static ECKey parse(String json) {
        try {
            return ECKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("The token signing key is not an EC JWK");
        }
    }

    private static KeySigner signerOf(ECKey key) {
        if (!key.isPrivate() || key.getKeyID() == null) {
            throw new IllegalStateException("The token signing key must be a private EC key with a key id");
        }
        try {
            return new KeySigner(key, new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable token signing key", e);
        }
    }

    private KeySigner signer(Instant now) {
        ECKey key = signingKeys.current(now);
        KeySigner last = signer;
        if (!last.key().equals(key)) {
            last = signerOf(key);
            signer = last;
        }
        return last;
    }

    @Override
    public IssuedToken issue(Account account) {
        Instant now = clock.instant();
        KeySigner current = signer(now);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(account.subjectId())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.lifetime())))
                .claim("role", account.role().wire())
                .claim("employee_id", account.role() == Role.EMPLOYEE ? account.employeeId() : null)
                .claim("gen", account.tokenGeneration())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(current.key().getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), settings.lifetime());
    }
}
