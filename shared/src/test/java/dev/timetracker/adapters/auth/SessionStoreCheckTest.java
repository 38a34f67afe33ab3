package dev.timetracker.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The session checks on the auth-table items a caller read, without a table: what each item state means. */
class SessionStoreCheckTest {
    private static final Instant NOW = Instant.parse("2026-03-23T08:00:00Z");
    private static final UnconfirmedPrincipal CALLER = UnconfirmedPrincipal.of(
            new Principal("emp-1", Role.EMPLOYEE, "emp-1", "jti-1", NOW, NOW.plusSeconds(900), 3));

    private static Map<String, AttributeValue> principalItem(Map<String, AttributeValue> state) {
        Map<String, AttributeValue> item = new HashMap<>(state);
        item.put("pk", AttributeValue.fromS("PRINCIPAL#emp-1"));
        return item;
    }

    @Test
    void anActivePrincipalOfTheTokensGenerationIsConfirmed() {
        Principal confirmed = SessionStore.checkItems(
                CALLER,
                List.of(principalItem(Map.of(
                        "is_active", AttributeValue.fromBool(true), "token_generation", AttributeValue.fromN("3")))));
        assertEquals("emp-1", confirmed.subjectId());
    }

    @Test
    void aPrincipalItemMissingItsStateIsNoActivePrincipalNotAServerError() {
        for (Map<String, AttributeValue> state : List.of(
                Map.<String, AttributeValue>of("token_generation", AttributeValue.fromN("3")),
                Map.<String, AttributeValue>of("is_active", AttributeValue.fromBool(true)),
                Map.<String, AttributeValue>of())) {
            assertThrows(
                    UnauthenticatedException.class,
                    () -> SessionStore.checkItems(CALLER, List.of(principalItem(state))),
                    state.toString());
        }
        assertThrows(UnauthenticatedException.class, () -> SessionStore.checkItems(CALLER, List.of()), "no item");
    }

    @Test
    void aRevokedTokenOrAnotherGenerationIsRefused() {
        Map<String, AttributeValue> active = principalItem(
                Map.of("is_active", AttributeValue.fromBool(true), "token_generation", AttributeValue.fromN("4")));
        assertThrows(UnauthenticatedException.class, () -> SessionStore.checkItems(CALLER, List.of(active)));
        Map<String, AttributeValue> ofThisGeneration = principalItem(
                Map.of("is_active", AttributeValue.fromBool(true), "token_generation", AttributeValue.fromN("3")));
        Map<String, AttributeValue> revoked = Map.of("pk", AttributeValue.fromS("REVOKED#jti-1"));
        assertThrows(
                UnauthenticatedException.class,
                () -> SessionStore.checkItems(CALLER, List.of(revoked, ofThisGeneration)),
                "revoked by a logout");
    }
}
