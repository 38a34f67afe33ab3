package dev.timetracker.domain.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.UnauthenticatedException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An unconfirmed caller becomes a principal only against the token state a store holds, and only if it counts. */
class UnconfirmedPrincipalTest {
    private static final Principal CLAIMS =
            new Principal("emp-1", Role.EMPLOYEE, "emp-1", "jti-1", Instant.EPOCH, Instant.EPOCH.plusSeconds(900), 4);

    private record Stored(long tokenGeneration, Set<String> revoked) implements TokenState {
        @Override
        public boolean isRevoked(String tokenId) {
            return revoked.contains(tokenId);
        }
    }

    @Test
    void isNoPrincipalAndGivesNoneAwayWithoutAStoredState() {
        assertFalse(Principal.class.isAssignableFrom(UnconfirmedPrincipal.class));
        for (var method : UnconfirmedPrincipal.class.getMethods()) {
            if (method.getReturnType() == Principal.class) {
                assertEquals("confirmedBy", method.getName(), "the one way to a Principal");
                assertEquals(TokenState.class, method.getParameterTypes()[0]);
            }
        }
    }

    @Test
    void aTokenOfTheCurrentGenerationThatWasNotRevokedIsConfirmed() {
        assertSame(CLAIMS, UnconfirmedPrincipal.of(CLAIMS).confirmedBy(new Stored(4, Set.of("jti-other"))));
    }

    @Test
    void aRevokedOrWithdrawnTokenIsNot() {
        UnconfirmedPrincipal caller = UnconfirmedPrincipal.of(CLAIMS);
        assertThrows(UnauthenticatedException.class, () -> caller.confirmedBy(new Stored(4, Set.of("jti-1"))));
        assertThrows(UnauthenticatedException.class, () -> caller.confirmedBy(new Stored(5, Set.of())));
    }

    @Test
    void itsSignedClaimsAreJudgedByTheSameOwnershipRule() {
        UnconfirmedPrincipal caller = UnconfirmedPrincipal.of(CLAIMS);
        assertTrue(caller.isEmployee("emp-1"));
        AccessRules.requireSelfOrRole(caller, "emp-1", Role.ADMIN);
        assertThrows(ForbiddenException.class, () -> AccessRules.requireSelfOrRole(caller, "emp-2", Role.ADMIN));
        assertEquals(new Actor("emp-1", Role.EMPLOYEE), caller.actor());
    }
}
