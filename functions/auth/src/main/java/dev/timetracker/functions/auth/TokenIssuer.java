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
import dev.timetracker.adapters.config.Environment;
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
 */
final class TokenIssuer implements TokenIssuing {
    private final ECKey signingKey;
    private final ECDSASigner signer;
    private final TokenSettings settings;
    private final Clock clock;

    TokenIssuer(ECKey signingKey, TokenSettings settings, Clock clock) {
        if (!signingKey.isPrivate() || signingKey.getKeyID() == null) {
            throw new IllegalStateException("The token signing key must be a private EC key with a key id");
        }
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("Unusable token signing key", e);
        }
        this.signingKey = signingKey;
        this.settings = settings;
        this.clock = clock;
    }

    /** From the TOKEN_SIGNING_KEY setting: one private EC P-256 JWK in JSON. */
    static ECKey signingKey(Environment environment) {
        try {
            return ECKey.parse(environment.required("TOKEN_SIGNING_KEY"));
        } catch (ParseException e) {
            throw new IllegalStateException("TOKEN_SIGNING_KEY is not an EC JWK", e);
        }
    }

    @Override
    public IssuedToken issue(Account account) {
        Instant now = clock.instant();
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
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(signingKey.getKeyID()).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return new IssuedToken(jwt.serialize(), settings.lifetime());
    }
}
