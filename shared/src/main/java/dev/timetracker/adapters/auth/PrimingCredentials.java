package dev.timetracker.adapters.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.domain.access.Role;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Bearer tokens for SnapStart priming, so that a priming request passes the real token check and reaches its
 * endpoint. They are signed by a P-256 key generated in this process when priming starts; the verifier accepts that
 * key only until {@link #close()}, which runs before the snapshot is taken: the key exists in no configuration, no
 * snapshot can hold a verifier that accepts it, and a token signed with it is refused afterwards like any forgery.
 *
 * <p>The tokens name {@link #NO_SUCH_ID} as subject (and as employee id for the employee role): no account has it,
 * so every lookup a priming request makes finds nothing and every conditional write it makes is refused.
 */
public final class PrimingCredentials implements AutoCloseable {
    /**
     * An id no account or employee can have: ours are random (version 4) UUIDs, and the nil UUID is not one. It
     * still passes {@code Identifiers}' syntax, so requests naming it reach their lookups.
     */
    public static final String NO_SUCH_ID = "00000000-0000-0000-0000-000000000000";

    private static final long LIFETIME_SECONDS = 300;

    private final TokenVerifier verifier;
    private final Runnable endAdmission;
    private final String keyId = "snapstart-priming-" + UUID.randomUUID();
    private @Nullable ECDSASigner signer;

    private PrimingCredentials(TokenVerifier verifier, KeyPair keyPair) throws JOSEException {
        this.verifier = verifier;
        this.signer = new ECDSASigner((ECPrivateKey) keyPair.getPrivate());
        this.endAdmission = verifier.admitWhilePriming(keyId, (ECPublicKey) keyPair.getPublic());
    }

    /** Generates the priming key and has {@code verifier} accept it until {@link #close()}. */
    public static PrimingCredentials open(TokenVerifier verifier) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new PrimingCredentials(verifier, generator.generateKeyPair());
        } catch (GeneralSecurityException | JOSEException e) {
            throw new IllegalStateException("Cannot make a priming key", e);
        }
    }

    /** {@code Bearer <token>} for a caller with this role that does not exist (see {@link #NO_SUCH_ID}). */
    public String bearer(Role role) {
        if (signer == null) {
            throw new IllegalStateException("Priming is over");
        }
        TokenSettings settings = verifier.settings();
        Instant now = verifier.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(settings.audience())
                .subject(NO_SUCH_ID)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(LIFETIME_SECONDS)))
                .claim("role", role.wire())
                .claim("employee_id", role == Role.EMPLOYEE ? NO_SUCH_ID : null)
                .claim("gen", 0L)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(keyId)
                        .build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a priming token", e);
        }
        return "Bearer " + jwt.serialize();
    }

    /** The verifier forgets the key and every token it verified with it; the private key is dropped. */
    @Override
    public void close() {
        signer = null;
        endAdmission.run();
    }
}
