package dev.timetracker.domain.access;

/**
 * What a store holds of a principal's tokens, read or written in the same call as the work it guards: the
 * current token generation (a deactivation, a new password or a new role starts one, which withdraws every token
 * issued before) and the token ids a logout revoked. An {@link UnconfirmedPrincipal} is confirmed against it.
 */
public interface TokenState {
    long tokenGeneration();

    boolean isRevoked(String tokenId);
}
