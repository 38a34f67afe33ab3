package dev.timetracker.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * New tokens for a caller who logged in, as the auth function would issue at their next login: the claims of
 * their real token (subject, role, employee id, token generation, issuer, audience, lifetime) with a new token id
 * and issue time, signed with this stack's signing key. Each is a token no function has verified yet, so a
 * request with it pays the full signature check; no password is hashed to make it (a login takes ~0.2 s here).
 */
final class TokenMinter {
    private final ECKey key;
    private final ECDSASigner signer;

    TokenMinter(BenchStack stack) {
        try {
            this.key = ECKey.parse(stack.aws().initialSecret("TOKEN_SIGNING_KEY"));
            this.signer = new ECDSASigner(key);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The local signing key is unusable", e);
        }
    }

    /** A new token with the claims of {@code loggedIn}, issued now. */
    String fresh(String loggedIn) {
        try {
            JWTClaimsSet claims = SignedJWT.parse(loggedIn).getJWTClaimsSet();
            Duration lifetime = Duration.between(
                    claims.getIssueTime().toInstant(),
                    claims.getExpirationTime().toInstant());
            Instant now = Instant.now();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .type(JOSEObjectType.JWT)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder(claims)
                            .jwtID(UUID.randomUUID().toString())
                            .issueTime(Date.from(now))
                            .notBeforeTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(lifetime)))
                            .build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("Cannot mint a token like " + loggedIn, e);
        }
    }
}
