package dev.timetracker.domain.access;

import dev.timetracker.domain.UnauthenticatedException;
import org.jspecify.annotations.Nullable;

/**
 * A caller whose token's signature and claims were verified, but not yet its session: the token may have been
 * revoked by a logout since, or its owner deactivated. The routes that check the session inside their own single
 * DynamoDB call (punch and status, docs/handlers.md) get the caller as this type, never as a {@link Principal},
 * so it cannot be used as a confirmed caller by mistake. Who the caller says they are is signed and may be
 * judged ({@link AccessRules}); that their session still counts is known only once a store that read or wrote the
 * token state in the same call turns it into a {@link Principal} with {@link #confirmedBy(TokenState)}.
 */
public final class UnconfirmedPrincipal {
    private final Principal claims;

    private UnconfirmedPrincipal(Principal claims) {
        this.claims = claims;
    }

    /**
     * A verified token's claims, before its session is confirmed. Any principal may be taken back to this (a store
     * that checks the session anyway may be called with a confirmed one); the way forward is
     * {@link #confirmedBy(TokenState)} only.
     */
    public static UnconfirmedPrincipal of(Principal verifiedClaims) {
        return new UnconfirmedPrincipal(verifiedClaims);
    }

    /**
     * The confirmed principal, once the token state a store holds lets this token count: not revoked, and of the
     * principal's current token generation.
     *
     * @throws UnauthenticatedException when the token was revoked or withdrawn
     */
    public Principal confirmedBy(TokenState stored) {
        if (stored.tokenGeneration() != claims.tokenGeneration() || stored.isRevoked(claims.tokenId())) {
            throw new UnauthenticatedException("This token was revoked or withdrawn");
        }
        return claims;
    }

    public String subjectId() {
        return claims.subjectId();
    }

    public Role role() {
        return claims.role();
    }

    /** The employee the token names (null for an admin user's token). */
    public @Nullable String employeeId() {
        return claims.employeeId();
    }

    public String tokenId() {
        return claims.tokenId();
    }

    public long tokenGeneration() {
        return claims.tokenGeneration();
    }

    public boolean hasRole(Role... roles) {
        return claims.hasRole(roles);
    }

    /** Whether the token names the employee with that id. */
    public boolean isEmployee(String id) {
        return claims.isEmployee(id);
    }

    /**
     * Who acts, for an audit record written in the same transaction as the checks of this caller's session: the
     * record is stored only if the session counts.
     */
    public Actor actor() {
        return claims.actor();
    }

    @Override
    public String toString() {
        return "UnconfirmedPrincipal[" + claims.subjectId() + ", " + claims.role() + "]";
    }
}
