package dev.timetracker.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.auth.TokenKeys;
import dev.timetracker.adapters.auth.TokenSettings;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/**
 * The router hands an {@link UnconfirmedPrincipal} only to an endpoint declared with
 * {@link Router#routeCheckingSession}, and that endpoint's request carries no {@link Principal}; an endpoint declared
 * with {@link Router#route} gets a confirmed one and never sees an unconfirmed caller (its signature has no place for
 * one). An unconfirmed caller becomes a principal only through the store that checks its session.
 */
class SessionCheckedRoutesTest {
    private static final String AUTH_TABLE = "auth";
    private static final String SUBJECT = "emp-1";

    private final ECKey signingKey = key();
    private final AuthTable auth = new AuthTable();
    private final SessionStore sessions = new SessionStore(auth, AUTH_TABLE);
    private final AtomicReference<Object> seen = new AtomicReference<>();
    private final AtomicReference<RuntimeException> principalRefused = new AtomicReference<>();

    private final HttpFunction function =
            new HttpFunction(
                    new Router()
                            .route("GET", "/api/confirmed/", Access.ANY_ROLE, request -> {
                                seen.set(request.principal());
                                return ApiResponse.json(
                                        200,
                                        TextNode.valueOf(request.principal().subjectId()));
                            })
                            .routeCheckingSession("GET", "/api/checked/", Access.ANY_ROLE, (request, caller) -> {
                                seen.set(caller);
                                principalRefused.set(assertThrows(IllegalStateException.class, request::principal));
                                // The endpoint's own store call checks the session; here the session store's, standing
                                // in.
                                Principal confirmed = sessions.confirm(caller);
                                return ApiResponse.json(200, TextNode.valueOf(confirmed.subjectId()));
                            })
                            .routeCheckingSession(
                                    "GET", "/api/admins-only/", Access.roles(Role.ADMIN), (request, caller) -> {
                                        seen.set(caller);
                                        return ApiResponse.noContent();
                                    }),
                    deployment()) {
                @Override
                protected void prime(Priming priming) {}
            };

    @Test
    void aSessionCheckingEndpointGetsTheCallerUnconfirmedAndNoPrincipal() {
        ApiResponse response = function.handle(event("/api/checked/", token(Role.EMPLOYEE, 0)));

        assertEquals(200, response.status(), response.body());
        assertInstanceOf(UnconfirmedPrincipal.class, seen.get());
        assertEquals(SUBJECT, ((UnconfirmedPrincipal) seen.get()).subjectId());
        assertInstanceOf(IllegalStateException.class, principalRefused.get(), "its request has no principal");
        assertEquals(1, auth.batchGets.get(), "only the endpoint's own call read the session");
    }

    @Test
    void aRevokedTokenReachesTheSessionCheckingEndpointWhoseStoreRefusesIt() {
        auth.revoked = true;

        ApiResponse response = function.handle(event("/api/checked/", token(Role.EMPLOYEE, 0)));

        assertEquals(401, response.status(), response.body());
        assertInstanceOf(UnconfirmedPrincipal.class, seen.get(), "the router did not check the session");
    }

    @Test
    void anOrdinaryEndpointGetsAConfirmedPrincipalAndNeverRunsForARevokedToken() {
        ApiResponse response = function.handle(event("/api/confirmed/", token(Role.EMPLOYEE, 0)));
        assertEquals(200, response.status(), response.body());
        assertInstanceOf(Principal.class, seen.get());
        assertEquals(1, auth.batchGets.get(), "the router confirmed the session before the endpoint ran");

        seen.set(null);
        auth.revoked = true;
        assertEquals(
                401,
                function.handle(event("/api/confirmed/", token(Role.EMPLOYEE, 0)))
                        .status());
        assertNull(seen.get());
    }

    @Test
    void aSessionCheckingRouteStillChecksTheRoleAndTheTokenItself() {
        assertEquals(
                403,
                function.handle(event("/api/admins-only/", token(Role.EMPLOYEE, 0)))
                        .status());
        assertEquals(401, function.handle(event("/api/checked/", null)).status());
        assertEquals(
                401,
                function.handle(event("/api/checked/", "Bearer not-a-token")).status());
        assertNull(seen.get());
        assertEquals(0, auth.batchGets.get());
    }

    @Test
    void aPublicRouteHasNoSessionToCheck() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Router()
                        .routeCheckingSession(
                                "GET", "/api/public/", Access.PUBLIC, (request, caller) -> ApiResponse.noContent()));
    }

    /** The auth table as {@link SessionStore} reads it: the caller's state, and their token's revocation if any. */
    private static final class AuthTable implements DynamoDbClient {
        final AtomicInteger batchGets = new AtomicInteger();
        volatile boolean revoked;

        @Override
        public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
            batchGets.incrementAndGet();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            Map<String, AttributeValue> state = new HashMap<>(SessionStore.principalKey(SUBJECT));
            state.put("is_active", AttributeValue.fromBool(true));
            state.put("token_generation", AttributeValue.fromN("0"));
            items.add(state);
            if (revoked) {
                items.add(SessionStore.revocationKey("jti-1"));
            }
            return BatchGetItemResponse.builder()
                    .responses(Map.of(AUTH_TABLE, items))
                    .build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {}
    }

    private Deployment deployment() {
        return new Deployment(
                new Environment(Map.of()),
                auth,
                new TableNames(null, AUTH_TABLE, null, null, null, null),
                new CursorCodec(new byte[32]),
                TokenKeys.parse(new JWKSet(signingKey.toPublicJWK()).toString()),
                settings(),
                Clock.systemUTC());
    }

    private static TokenSettings settings() {
        return new TokenSettings(
                TokenSettings.ISSUER, TokenSettings.AUDIENCE, Duration.ofMinutes(15), Duration.ofSeconds(60));
    }

    private String token(Role role, long generation) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(TokenSettings.ISSUER)
                .audience(TokenSettings.AUDIENCE)
                .subject(SUBJECT)
                .jwtID("jti-1")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .claim("role", role.wire())
                .claim("employee_id", role == Role.EMPLOYEE ? SUBJECT : null)
                .claim("gen", generation)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(signingKey));
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
        return "Bearer " + jwt.serialize();
    }

    private static JsonNode event(String path, String authorization) {
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("rawPath", path);
        ObjectNode headers = event.putObject("headers");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "r1");
        context.putObject("http").put("method", "GET").put("path", path).put("sourceIp", "127.0.0.1");
        return event;
    }

    private static ECKey key() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("test").generate();
        } catch (JOSEException e) {
            throw new AssertionError(e);
        }
    }
}
