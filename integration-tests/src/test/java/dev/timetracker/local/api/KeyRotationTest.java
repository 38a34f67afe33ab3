package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.timetracker.adapters.auth.TokenSettings;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.config.RefreshingValue;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.LocalSecrets;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Issue 14, item 2: a key rotation without a deploy, step by step as README's "Key rotation" says, with the
 * functions' own clients reading Secrets Manager and Parameter Store (their own policies) and the clock moved
 * instead of waiting. Each test rotates a copy of the signing secret and of the public key parameter, so the
 * stack's own keys stay as other tests expect them.
 */
@ExtendWith(LocalAwsExtension.class)
class KeyRotationTest {
    private static final String PROTECTED = "/api/employees/business-hours/current/";
    /** Past a cached value's age, so the next request reads the secret or parameter again. */
    private static final Duration CACHE_EXPIRY = RefreshingValue.MAX_AGE.plusSeconds(1);

    private TestStack stack;
    private MutableClock clock;
    private ECKey oldKey;
    private ECKey newKey;
    private String signingSecret;
    private String publicKeys;
    private AuthHandler auth;
    private EmployeesHandler employees;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        Fixtures.adminCaller(stack); // the first admin exists
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        oldKey = LocalSecrets.newSigningKey();
        newKey = LocalSecrets.newSigningKey();
        Environment authEnvironment = stack.aws().environmentOf("AuthFunction");
        signingSecret = stack.freshSecret(authEnvironment.required("TOKEN_SIGNING_KEY_SECRET"), oldKey.toJSONString());
        publicKeys = stack.freshParameter(authEnvironment.required("TOKEN_PUBLIC_KEYS_PARAMETER"), publicSet(oldKey));
        Map<String, String> copies =
                Map.of("TOKEN_SIGNING_KEY_SECRET", signingSecret, "TOKEN_PUBLIC_KEYS_PARAMETER", publicKeys);
        auth = new AuthHandler(AuthHandler.Config.of(Deployment.fromEnvironment(authEnvironment.with(copies), clock)));
        employees = new EmployeesHandler(Deployment.fromEnvironment(
                stack.aws().environmentOf("EmployeesFunction").with(copies), clock));
    }

    @Test
    void aFullRotationCutsNoTokenOffAndEndsWithTheOldKeyGone() throws Exception {
        String signedWithOld = login();
        assertEquals(oldKey.getKeyID(), keyIdOf(signedWithOld));
        assertEquals(200, callWith(signedWithOld).status());

        // 1. Publish the new public key next to the old one; after the cache expired both verify.
        publish(oldKey, newKey);
        clock.advance(CACHE_EXPIRY);
        String forgedOnlyByTheNewKey = sign(newKey);
        assertEquals(200, callWith(signedWithOld).status(), "the old key still verifies");
        assertEquals(200, callWith(forgedOnlyByTheNewKey).status(), "the new key verifies");
        String lastSignedWithOld = login();
        assertEquals(oldKey.getKeyID(), keyIdOf(lastSignedWithOld), "signing has not switched yet");

        // 2. Switch signing: the new private key becomes the secret's AWSCURRENT version (the old one AWSPREVIOUS).
        stack.aws()
                .secretsManager()
                .putSecretValue(put -> put.secretId(signingSecret).secretString(newKey.toJSONString()));
        GetSecretValueResponse previous = stack.aws()
                .secretsManager()
                .getSecretValue(get -> get.secretId(signingSecret).versionStage("AWSPREVIOUS"));
        assertEquals(oldKey.toJSONString(), previous.secretString(), "the old key stays as AWSPREVIOUS");
        clock.advance(CACHE_EXPIRY);
        String signedWithNew = login();
        assertEquals(newKey.getKeyID(), keyIdOf(signedWithNew), "new tokens carry the new key id");
        assertEquals(200, callWith(signedWithNew).status());
        assertEquals(200, callWith(lastSignedWithOld).status(), "tokens signed before the switch still verify");

        // 3. Remove the old public key: once the cache expired, tokens of the old key are refused (before they
        // would have expired by themselves), tokens of the new key are not.
        publish(newKey);
        assertEquals(200, callWith(lastSignedWithOld).status(), "the cached set still has the old key");
        clock.advance(CACHE_EXPIRY);
        assertEquals(true, clock.instant().isBefore(expiryOf(lastSignedWithOld)), "not expired by itself");
        assertEquals(401, callWith(lastSignedWithOld).status(), "the removed key no longer verifies");
        assertEquals(401, callWith(signedWithOld).status());
        assertEquals(200, callWith(signedWithNew).status());
    }

    @Test
    void aTokenOfAKeyPublishedAMomentAgoVerifiesAtOnceButUnknownKeysCannotMakeTheSetBeReadOnEveryRequest()
            throws Exception {
        assertEquals(200, callWith(login()).status()); // the set is cached
        publish(oldKey, newKey);
        assertEquals(200, callWith(sign(newKey)).status(), "an unknown key id reads the set again at once");

        ECKey third = LocalSecrets.newSigningKey();
        publish(oldKey, newKey, third);
        clock.advance(Duration.ofSeconds(1));
        assertEquals(401, callWith(sign(third)).status(), "one early read per interval: this one waits");
        clock.advance(RefreshingValue.MIN_INTERVAL);
        assertEquals(200, callWith(sign(third)).status(), "the next interval reads the set again");
    }

    private String login() {
        Response response = new Api(stack)
                .via(auth)
                .post("/api/auth/login/", Map.of("username", "root", "password", Fixtures.PASSWORD));
        assertEquals(200, response.status(), response.toString());
        return response.json().get("access_token").asText();
    }

    private Response callWith(String token) {
        return new Api(stack)
                .withHeaders(Map.of("authorization", "Bearer " + token))
                .via(employees)
                .get(PROTECTED);
    }

    private void publish(ECKey... keys) {
        stack.aws().putParameter(publicKeys, publicSet(keys));
    }

    private static String publicSet(ECKey... keys) {
        List<JWK> publicKeys =
                Arrays.stream(keys).map(key -> (JWK) key.toPublicJWK()).toList();
        return new JWKSet(publicKeys).toString();
    }

    /** A token the auth function could have issued to the first admin, signed with this key. */
    private String sign(ECKey key) throws Exception {
        JWTClaimsSet issued = SignedJWT.parse(login()).getJWTClaimsSet();
        String admin = issued.getSubject();
        Long generation = issued.getLongClaim("gen");
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder()
                        .issuer(TokenSettings.ISSUER)
                        .audience(TokenSettings.AUDIENCE)
                        .subject(admin)
                        .jwtID(UUID.randomUUID().toString())
                        .issueTime(Date.from(now))
                        .notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(15))))
                        .claim("role", "admin")
                        .claim("gen", generation)
                        .build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static String keyIdOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    private static Instant expiryOf(String token) throws Exception {
        return SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
    }
}
