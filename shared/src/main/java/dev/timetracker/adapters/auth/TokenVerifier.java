package dev.timetracker.adapters.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Checks a bearer token without any I/O: the algorithm must be exactly ES256 (so neither "none" nor an
 * HMAC keyed with our public key can pass), the key id must name one of our keys, the signature must hold,
 * and issuer, audience, expiry, not-before and issued-at must be right within the allowed clock skew.
 */
public final class TokenVerifier {
    /**
     * Tokens whose signature and claims already checked out, by their exact text: a client sends the same
     * token with every request for 15 minutes, and the signature check is most of a warm request's own work.
     * Only the identical string hits; time-bound claims are checked again on every hit, and so is that the key
     * which signed it is still published (a key removed by a rotation stops its tokens here too).
     */
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private static final int MAX_REMEMBERED = 10_000;

    private final TokenKeys keys;
    private final TokenSettings settings;
    private final Clock clock;
    /** The SnapStart priming key while {@link PrimingCredentials} are open, else null; never from configuration. */
    private volatile @Nullable PrimingKey primingKey;

    /** A key generated in this process for priming, and the ids of the tokens it signed that verified. */
    private record PrimingKey(String keyId, ECPublicKey key, Set<String> verifiedTokenIds) {}

    public TokenVerifier(TokenKeys keys, TokenSettings settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
    }

    private record Verified(Principal principal, String keyId) {}

    public Principal verify(String token) {
        Verified remembered = verified.get(token);
        if (remembered != null) {
            return stillValid(remembered);
        }
        Verified checked = verifySignatureAndClaims(token);
        if (signedByPrimingKey(checked.principal())) {
            return checked.principal();
        }
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(token, checked);
        return checked.principal();
    }

    private Principal stillValid(Verified remembered) {
        Principal principal = remembered.principal();
        Instant now = clock.instant();
        if (keys.key(remembered.keyId(), now).isEmpty()) {
            throw invalid();
        }
        if (now.isAfter(principal.expiresAt().plus(settings.clockSkew()))
                || principal.issuedAt().isAfter(now.plus(settings.clockSkew()))) {
            throw invalid();
        }
        return principal;
    }

    private Verified verifySignatureAndClaims(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid();
        }
        if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())) {
            throw invalid();
        }
        String keyId = jwt.getHeader().getKeyID();
        PrimingKey priming = primingKey;
        PrimingKey signedForPriming = priming != null && priming.keyId().equals(keyId) ? priming : null;
        ECPublicKey key = signedForPriming != null
                ? signedForPriming.key()
                : keys.key(keyId, clock.instant()).orElseThrow(TokenVerifier::invalid);
        try {
            if (!jwt.verify(new ECDSAVerifier(key))) {
                throw invalid();
            }
            Principal principal = principal(jwt.getJWTClaimsSet());
            if (signedForPriming != null) {
                signedForPriming.verifiedTokenIds().add(principal.tokenId());
            }
            return new Verified(principal, keyId);
        } catch (JOSEException | ParseException e) {
            throw invalid();
        }
    }

    private Principal principal(JWTClaimsSet claims) throws ParseException {
        Instant now = clock.instant();
        Instant expires = instant(claims.getExpirationTime());
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant issued = instant(claims.getIssueTime());
        if (!settings.issuer().equals(claims.getIssuer())
                || claims.getAudience() == null
                || !claims.getAudience().contains(settings.audience())
                || now.isAfter(expires.plus(settings.clockSkew()))
                || now.isBefore(notBefore.minus(settings.clockSkew()))
                || issued.isAfter(now.plus(settings.clockSkew()))
                || claims.getSubject() == null
                || claims.getJWTID() == null) {
            throw invalid();
        }
        Role role = Role.fromWire(claims.getStringClaim("role"));
        String employeeId = claims.getStringClaim("employee_id");
        Long generation = claims.getLongClaim("gen");
        if (role == null || (role == Role.EMPLOYEE) != (employeeId != null) || generation == null) {
            throw invalid();
        }
        return new Principal(claims.getSubject(), role, employeeId, claims.getJWTID(), issued, expires, generation);
    }

    /**
     * The seam SnapStart priming uses (see {@link PrimingCredentials}): tokens signed by {@code key} verify as
     * {@code keyId} until the returned action runs, which forgets the key and every token verified so far, so that no
     * token signed for priming outlives it (they are never remembered by their text either). The key set read from
     * configuration is neither read nor changed.
     */
    Runnable admitWhilePriming(String keyId, ECPublicKey key) {
        primingKey = new PrimingKey(keyId, key, ConcurrentHashMap.newKeySet());
        return () -> {
            primingKey = null;
            verified.clear();
        };
    }

    /** Whether this principal came from a token signed by the priming key, while that key is admitted. */
    boolean signedByPrimingKey(Principal principal) {
        PrimingKey priming = primingKey;
        return priming != null && priming.verifiedTokenIds().contains(principal.tokenId());
    }

    TokenSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    private static Instant instant(Date date) {
        if (date == null) {
            throw invalid();
        }
        return date.toInstant();
    }

    /** One answer for every failure, so that an attacker learns nothing from which check refused. */
    private static UnauthenticatedException invalid() {
        return new UnauthenticatedException("The access token is missing, invalid or expired");
    }
}
