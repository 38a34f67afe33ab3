package dev.timetracker.adapters.auth;

import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.util.Locale;
import java.util.Optional;

/**
 * Bearer token in, principal out: the signature and claims are checked in memory, then the session store
 * confirms the token was not revoked and its owner is still active (one DynamoDB round trip).
 */
public final class Authenticator {
    private final TokenVerifier verifier;
    private final SessionStore sessions;

    public Authenticator(TokenVerifier verifier, SessionStore sessions) {
        this.verifier = verifier;
        this.sessions = sessions;
    }

    public Principal authenticate(Optional<String> authorizationHeader) {
        Principal claims = verifier.verify(bearerToken(authorizationHeader));
        try {
            return sessions.confirm(UnconfirmedPrincipal.of(claims));
        } catch (UnauthenticatedException noStoredState) {
            // A priming caller exists nowhere, so it has no state to confirm: the read above is what priming needs.
            if (!verifier.signedByPrimingKey(claims)) {
                throw noStoredState;
            }
            return claims;
        }
    }

    /** Tokens for SnapStart priming, which this authenticator accepts until they are closed. */
    public PrimingCredentials openPriming() {
        return PrimingCredentials.open(verifier);
    }

    /**
     * Signature and claims only: the caller's session is left to be confirmed by the store the endpoint calls
     * (e.g. inside its own transaction), hence the type.
     */
    public UnconfirmedPrincipal verifyOnly(Optional<String> authorizationHeader) {
        return UnconfirmedPrincipal.of(verifier.verify(bearerToken(authorizationHeader)));
    }

    private static String bearerToken(Optional<String> authorizationHeader) {
        String header = authorizationHeader.orElseThrow(
                () -> new UnauthenticatedException("Send an Authorization: Bearer <token> header"));
        if (header.length() < 8
                || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new UnauthenticatedException("The Authorization header must be: Bearer <token>");
        }
        return header.substring(7).trim();
    }
}
