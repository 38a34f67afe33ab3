package dev.timetracker.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The priming key is a way in only while priming runs, and only through the verifier it was opened on. */
class PrimingCredentialsTest {
    private final TokenVerifier verifier = verifier();

    @Test
    void aPrimingTokenVerifiesWhilePrimingAndIsRefusedAfterwards() {
        String token;
        try (PrimingCredentials credentials = PrimingCredentials.open(verifier)) {
            token = bare(credentials.bearer(Role.ADMIN));
            Principal principal = verifier.verify(token);
            assertEquals(PrimingCredentials.NO_SUCH_ID, principal.subjectId());
            assertTrue(verifier.signedByPrimingKey(principal));
            assertEquals(principal, verifier.verify(token));
        }
        assertThrows(UnauthenticatedException.class, () -> verifier.verify(token));
    }

    @Test
    void afterPrimingNoPrincipalCountsAsAPrimingOne() {
        Principal principal;
        try (PrimingCredentials credentials = PrimingCredentials.open(verifier)) {
            principal = verifier.verify(bare(credentials.bearer(Role.EMPLOYEE)));
            assertEquals(PrimingCredentials.NO_SUCH_ID, principal.employeeId());
        }
        assertFalse(verifier.signedByPrimingKey(principal));
    }

    @Test
    void anotherVerifierNeverAcceptsAPrimingToken() {
        try (PrimingCredentials credentials = PrimingCredentials.open(verifier)) {
            String token = bare(credentials.bearer(Role.ADMIN));
            assertThrows(UnauthenticatedException.class, () -> verifier().verify(token));
        }
    }

    @Test
    void noTokensAreSignedOncePrimingIsOver() {
        PrimingCredentials credentials = PrimingCredentials.open(verifier);
        credentials.close();
        assertThrows(IllegalStateException.class, () -> credentials.bearer(Role.ADMIN));
    }

    private static String bare(String bearer) {
        return bearer.substring("Bearer ".length());
    }

    private static TokenVerifier verifier() {
        try {
            String keys = new JWKSet(new ECKeyGenerator(Curve.P_256)
                            .keyID("real")
                            .generate()
                            .toPublicJWK())
                    .toString();
            return new TokenVerifier(
                    TokenKeys.parse(keys),
                    new TokenSettings(
                            TokenSettings.ISSUER,
                            TokenSettings.AUDIENCE,
                            java.time.Duration.ofMinutes(15),
                            java.time.Duration.ofSeconds(60)),
                    Clock.systemUTC());
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new AssertionError(e);
        }
    }
}
