package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.adapters.auth.TokenKeys;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every way to present a bad token ends in the same 401. Tokens are minted here with the stack's real signing
 * key, changing one thing at a time, so each case fails for exactly the reason it names.
 */
@ExtendWith(LocalAwsExtension.class)
class TokenAttacksTest {
    private static final String PROTECTED = "/api/employees/business-hours/current/";
    private TestStack stack;
    private ECKey signingKey;
    private Fixtures.Caller admin;

    @BeforeEach
    void setUp(TestStack stack) throws Exception {
        this.stack = stack;
        this.signingKey = Fixtures.signingKey(stack);
        this.admin = Fixtures.adminCaller(stack);
    }

    private JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer("https://timetracker.dev")
                .audience("timetracker-api")
                .subject(admin.subjectId())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                .claim("role", "admin")
                .claim("gen", 0L);
    }

    private String signed(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(signingKey.getKeyID())
                        .build(),
                change.apply(validClaims()).build());
        jwt.sign(new ECDSASigner(signingKey));
        return jwt.serialize();
    }

    private Response call(String authorization) {
        return new Api(stack)
                .send(
                        "GET",
                        PROTECTED,
                        null,
                        authorization == null ? Map.of() : Map.of("authorization", authorization));
    }

    private void assertRefused(String authorization) {
        Response response = call(authorization);
        assertEquals(401, response.status(), response::toString);
        assertEquals(
                "https://timetracker.dev/problems/unauthenticated",
                response.json().get("type").asText());
    }

    @Test
    void theUnchangedTokenIsAccepted() throws Exception {
        assertEquals(200, call("Bearer " + signed(claims -> claims)).status());
        assertEquals(200, call("bearer " + signed(claims -> claims)).status(), "the scheme is case-insensitive");
    }

    @Test
    void noOrMalformedAuthorizationHeader() {
        assertRefused(null);
        assertRefused("");
        assertRefused("Bearer");
        assertRefused("Bearer ");
        assertRefused("Basic cm9vdDpwYXNzd29yZA==");
        assertRefused("Bearer not-a-jwt");
        assertRefused("Bearer a.b.c");
        assertRefused("Token " + admin.token());
    }

    @Test
    void algNoneIsRefused() {
        String unsigned = new PlainJWT(validClaims().build()).serialize();
        assertRefused("Bearer " + unsigned);
        // The same, dressed up with our key id and a signature segment.
        String[] parts = admin.token().split("\\.");
        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + signingKey.getKeyID() + "\"}")
                .toString();
        assertRefused("Bearer " + noneHeader + "." + parts[1] + ".");
        assertRefused("Bearer " + noneHeader + "." + parts[1] + "." + parts[2]);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefusedEvenUnderOurKeyId() throws Exception {
        ECKey attackerKey =
                new ECKeyGenerator(Curve.P_256).keyID(signingKey.getKeyID()).generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                validClaims().build());
        jwt.sign(new ECDSASigner(attackerKey));
        assertRefused("Bearer " + jwt.serialize());
        SignedJWT unknownKid = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("attacker").build(),
                validClaims().build());
        unknownKid.sign(new ECDSASigner(attackerKey));
        assertRefused("Bearer " + unknownKid.serialize());
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        // The classic confusion: the verifier's public key used as an HMAC secret.
        String publicKeys = stack.aws().initialSecret("TOKEN_PUBLIC_KEYS");
        byte[] secret = publicKeys.getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                validClaims().build());
        jwt.sign(new MACSigner(secret));
        assertRefused("Bearer " + jwt.serialize());
        SignedJWT withPem = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                validClaims().build());
        withPem.sign(new MACSigner(signingKey.toPublicJWK().toECPublicKey().getEncoded()));
        assertRefused("Bearer " + withPem.serialize());
        var rsa = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        SignedJWT rs256 = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .build(),
                validClaims().build());
        rs256.sign(new RSASSASigner(rsa));
        assertRefused("Bearer " + rs256.serialize());
    }

    @Test
    void expiryAndNotBeforeHoldBeyondTheAllowedSkewOfOneMinute() throws Exception {
        Instant now = Instant.now();
        assertRefused("Bearer " + signed(c -> c.expirationTime(Date.from(now.minusSeconds(90)))));
        assertEquals(
                200,
                call("Bearer " + signed(c -> c.expirationTime(Date.from(now.minusSeconds(20)))))
                        .status(),
                "expired 20 s ago is within the skew");
        assertRefused("Bearer " + signed(c -> c.notBeforeTime(Date.from(now.plusSeconds(120)))));
        assertRefused("Bearer " + signed(c -> c.issueTime(Date.from(now.plusSeconds(120)))));
        assertRefused("Bearer " + signed(c -> c.expirationTime(null)));
        assertRefused("Bearer " + signed(c -> c.issueTime(null)));
        assertRefused("Bearer " + signed(c -> c.notBeforeTime(null)));
    }

    @Test
    void wrongIssuerOrAudienceIsRefused() throws Exception {
        assertRefused("Bearer " + signed(c -> c.issuer("https://evil.example")));
        assertRefused("Bearer " + signed(c -> c.issuer(null)));
        assertRefused("Bearer " + signed(c -> c.audience("another-api")));
        assertRefused("Bearer " + signed(c -> c.audience((String) null)));
    }

    @Test
    void aTamperedPayloadIsRefused() throws Exception {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        String[] parts = employee.token().split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8)
                .replace("\"role\":\"employee\"", "\"role\":\"admin\"");
        String tampered = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
        assertRefused("Bearer " + tampered);
        assertEquals(403, employee.api().get("/api/employees/").status(), "the genuine token stays an employee's");
    }

    @Test
    void claimsThatDoNotFitTogetherAreRefused() throws Exception {
        assertRefused("Bearer " + signed(c -> c.claim("role", "superuser")));
        assertRefused("Bearer " + signed(c -> c.claim("role", "employee")));
        assertRefused("Bearer " + signed(c -> c.subject(null)));
        assertRefused("Bearer " + signed(c -> c.jwtID(null)));
        assertRefused("Bearer " + signed(c -> c.subject(UUID.randomUUID().toString())));
        assertRefused("Bearer " + signed(c -> c.claim("gen", null)));
        assertRefused("Bearer " + signed(c -> c.claim("gen", 1L)));
    }

    @Test
    void aTokenIsRefusedAfterLogoutByEveryFunction() {
        Fixtures.Caller session = Fixtures.login(stack, "root", Fixtures.PASSWORD, null);
        assertEquals(200, session.api().get("/api/auth/admin-users/").status());
        assertEquals(200, session.api().get(PROTECTED).status());
        assertEquals(204, session.api().send("POST", "/api/auth/logout/", null).status());
        assertEquals(401, session.api().get("/api/auth/admin-users/").status(), "auth function");
        assertEquals(401, session.api().get(PROTECTED).status(), "employees function");
        assertEquals(401, session.api().send("POST", "/api/auth/logout/", null).status(), "no second logout");
        assertEquals(200, admin.api().get(PROTECTED).status(), "other sessions of the same user go on");
    }

    @Test
    void deactivatingAnEmployeeOrAdminUserWithdrawsTheirTokens() {
        Fixtures.Caller employee = Fixtures.newEmployee(stack);
        assertEquals(
                200,
                employee.api()
                        .get("/api/employees/" + employee.employeeId() + "/")
                        .status());
        assertEquals(
                204,
                admin.api()
                        .delete("/api/employees/" + employee.employeeId() + "/")
                        .status());
        assertEquals(
                401,
                employee.api()
                        .get("/api/employees/" + employee.employeeId() + "/")
                        .status());
        Response login = new Api(stack)
                .post("/api/auth/login/", Map.of("username", employee.login(), "password", Fixtures.PASSWORD));
        assertEquals(401, login.status(), "an inactive employee cannot log in");
        // Reactivation lets them log in again, but does not revive the withdrawn token.
        assertEquals(
                200,
                admin.api()
                        .put("/api/employees/" + employee.employeeId() + "/", Map.of("is_active", true))
                        .status());
        assertEquals(
                401,
                employee.api()
                        .get("/api/employees/" + employee.employeeId() + "/")
                        .status());
        assertEquals(
                200,
                Fixtures.login(stack, employee.login(), Fixtures.PASSWORD, employee.employeeId())
                        .api()
                        .get("/api/employees/" + employee.employeeId() + "/")
                        .status());

        String username = "temp-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = admin.api()
                .post(
                        "/api/auth/admin-users/",
                        Map.of(
                                "username",
                                username,
                                "email",
                                username + "@example.com",
                                "password",
                                Fixtures.PASSWORD,
                                "role",
                                "admin"));
        Fixtures.Caller other = Fixtures.login(stack, username, Fixtures.PASSWORD, null);
        assertEquals(200, other.api().get("/api/auth/admin-users/").status());
        assertEquals(
                204,
                admin.api()
                        .delete("/api/auth/admin-users/"
                                + created.json().get("id").asText() + "/")
                        .status());
        assertEquals(401, other.api().get("/api/auth/admin-users/").status());
    }

    @Test
    void rotatedKeysKeepVerifyingUntilRemoved() throws Exception {
        ECKey next = new ECKeyGenerator(Curve.P_256)
                .keyID("next-" + UUID.randomUUID())
                .generate();
        SignedJWT withNext = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(next.getKeyID()).build(),
                validClaims().build());
        withNext.sign(new ECDSASigner(next));
        Deployment deployment = stack.deployment("EmployeesFunction");
        var duringRotation = new EmployeesHandler(deployment.withTokenKeys(TokenKeys.parse(
                new JWKSet(java.util.List.of(signingKey.toPublicJWK(), next.toPublicJWK())).toString())));
        var afterRotation = new EmployeesHandler(
                deployment.withTokenKeys(TokenKeys.parse(new JWKSet(next.toPublicJWK()).toString())));
        Api old = new Api(stack).withHeaders(Map.of("authorization", "Bearer " + admin.token()));
        Api rotated = new Api(stack).withHeaders(Map.of("authorization", "Bearer " + withNext.serialize()));
        assertEquals(200, old.via(duringRotation).get(PROTECTED).status(), "the previous key still verifies");
        assertEquals(200, rotated.via(duringRotation).get(PROTECTED).status(), "the new key verifies");
        assertEquals(401, old.via(afterRotation).get(PROTECTED).status(), "a removed key no longer verifies");
        assertEquals(200, rotated.via(afterRotation).get(PROTECTED).status());
        assertEquals(401, rotated.get(PROTECTED).status(), "the deployed set does not know the new key yet");
    }
}
