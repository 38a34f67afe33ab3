package dev.timetracker.adapters.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Pbkdf2PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery staple";

    @Test
    void aHashNamesItsWorkFactorAndSaltAndChecksOnlyItsPassword() {
        var hasher = new Pbkdf2PasswordHasher(2_000);
        String hash = hasher.hash(PASSWORD);

        String[] parts = hash.split("\\$");
        assertEquals("pbkdf2_sha256", parts[0]);
        assertEquals("2000", parts[1]);
        assertTrue(hasher.matches(PASSWORD, hash));
        assertFalse(hasher.matches(PASSWORD + "!", hash));
        assertNotEquals(hash, hasher.hash(PASSWORD), "a fresh salt for every hash");
    }

    @Test
    void aStoredHashIsCheckedAtItsOwnWorkFactorSoRaisingTheDeploymentsNeedsNoMigration() {
        String before = new Pbkdf2PasswordHasher(1_000).hash(PASSWORD);
        var raised = new Pbkdf2PasswordHasher(3_000);

        long iterations = Pbkdf2PasswordHasher.iterationsRun();
        assertTrue(raised.matches(PASSWORD, before));
        assertEquals(1_000, Pbkdf2PasswordHasher.iterationsRun() - iterations);
    }

    @Test
    void anUnknownAccountOrAMalformedHashCostsTheDeploymentsWorkFactorAndMatchesNothing() {
        var hasher = new Pbkdf2PasswordHasher(1_500);
        for (String stored : new String[] {null, "", "plain-text", "md5$1$x$y"}) {
            long iterations = Pbkdf2PasswordHasher.iterationsRun();
            assertFalse(hasher.matches(PASSWORD, stored), String.valueOf(stored));
            assertEquals(1_500, Pbkdf2PasswordHasher.iterationsRun() - iterations, String.valueOf(stored));
        }
        long iterations = Pbkdf2PasswordHasher.iterationsRun();
        hasher.matchNothing(PASSWORD);
        assertEquals(1_500, Pbkdf2PasswordHasher.iterationsRun() - iterations);
    }

    @Test
    void theWorkFactorComesFromTheFunctionsEnvironmentAndNeverBelowNistsMinimum() {
        assertEquals(
                Pbkdf2PasswordHasher.RECOMMENDED_ITERATIONS,
                Pbkdf2PasswordHasher.configured(environment("600000")).iterations());
        assertEquals(1_000, Pbkdf2PasswordHasher.configured(environment("1000")).iterations());

        var tooLow = assertThrows(IllegalArgumentException.class, () -> new Pbkdf2PasswordHasher(999));
        assertTrue(tooLow.getMessage().contains("1000"), tooLow.getMessage());
        var notANumber =
                assertThrows(IllegalStateException.class, () -> Pbkdf2PasswordHasher.configured(environment("lots")));
        assertTrue(notANumber.getMessage().contains("PASSWORD_HASH_ITERATIONS"), notANumber.getMessage());
        var missing = assertThrows(
                IllegalStateException.class, () -> Pbkdf2PasswordHasher.configured(new Environment(Map.of())));
        assertTrue(missing.getMessage().contains("PASSWORD_HASH_ITERATIONS"), missing.getMessage());
    }

    private static Environment environment(String iterations) {
        return new Environment(Map.of(Pbkdf2PasswordHasher.ITERATIONS_VARIABLE, iterations));
    }
}
