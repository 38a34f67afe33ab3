package dev.timetracker.local.api;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Passwords of fixture employees, stored directly as the credential item the employees function writes, at 1,000
 * PBKDF2 iterations (the test stacks' work factor too, TestStack.PARAMETERS): one derivation per JVM
 * instead of a hash per fixture employee, and no API call. A stored hash names its own work factor
 * ({@code pbkdf2_sha256$<iterations>$<salt>$<hash>}, Pbkdf2PasswordHasher), so a login checks it at 1,000 whatever
 * the deployment's. LoginTest, PasswordChangeTest and AuditTrailTest set passwords through the API.
 */
final class FixturePasswords {
    private static final int ITERATIONS = 1_000;
    private static final byte[] SALT = "fixture-salt-16b".getBytes(StandardCharsets.US_ASCII);
    /** One derivation per JVM: every fixture employee gets the same password, so the same stored hash. */
    private static final String HASH = hashOf(Fixtures.PASSWORD);

    private FixturePasswords() {}

    /** Stores Fixtures.PASSWORD as the employee's credential, the item the employees function writes for one. */
    static void store(TestStack stack, String employeeId) {
        SessionStore sessions = stack.deployment("EmployeesFunction").sessions();
        stack.dynamoDb()
                .transactWriteItems(TransactWriteItemsRequest.builder()
                        .transactItems(List.of(sessions.credentialChange(employeeId, HASH)))
                        .build());
    }

    private static String hashOf(String password) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), SALT, ITERATIONS, 256);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            Base64.Encoder base64 = Base64.getEncoder();
            return "pbkdf2_sha256$" + ITERATIONS + "$" + base64.encodeToString(SALT) + "$"
                    + base64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }
}
