package dev.timetracker.adapters.password;

import dev.timetracker.adapters.config.Environment;
import dev.timetracker.domain.access.PasswordHashing;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 with a 128-bit per-user salt and a 256-bit hash, stored as
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}: a stored hash names its own work factor, so the deployment's
 * work factor can rise later while old hashes keep verifying. The JDK implements it: no library needed, and it
 * stays out of functions that do not handle passwords.
 *
 * <p>The work factor is the deployment's ({@code PasswordHashIterations} in template.yaml, {@value
 * #RECOMMENDED_ITERATIONS} by default, as the OWASP Password Storage Cheat Sheet recommends for PBKDF2-HMAC-SHA256).
 * Test stacks lower it; never below {@value #MINIMUM_ITERATIONS}, NIST SP 800-132's minimum.
 */
public final class Pbkdf2PasswordHasher implements PasswordHashing {
    public static final int RECOMMENDED_ITERATIONS = 600_000;
    public static final int MINIMUM_ITERATIONS = 1_000;
    /** The variable template.yaml sets from PasswordHashIterations for each function that hashes passwords. */
    public static final String ITERATIONS_VARIABLE = "PASSWORD_HASH_ITERATIONS";

    private static final String PREFIX = "pbkdf2_sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keys derived by this process: lets a check see that a path hashed (SnapStart priming must), without a timer. */
    private static final LongAdder DERIVATIONS = new LongAdder();
    /** PBKDF2 iterations run by this process: the work a login does, measured without a timer. */
    private static final LongAdder ITERATIONS_RUN = new LongAdder();

    private final int iterations;
    /** A fixed hash at this work factor, to verify against when the account does not exist. */
    private final String decoy;

    public Pbkdf2PasswordHasher(int iterations) {
        if (iterations < MINIMUM_ITERATIONS) {
            throw new IllegalArgumentException(
                    "PBKDF2 needs at least " + MINIMUM_ITERATIONS + " iterations (NIST SP 800-132), not " + iterations);
        }
        this.iterations = iterations;
        this.decoy = format(iterations, new byte[SALT_BYTES], new byte[HASH_BITS / 8]);
    }

    /** The work factor template.yaml gives this function. */
    public static Pbkdf2PasswordHasher configured(Environment environment) {
        String value = environment.required(ITERATIONS_VARIABLE);
        try {
            return new Pbkdf2PasswordHasher(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(ITERATIONS_VARIABLE + " must be a whole number, not '" + value + "'", e);
        }
    }

    public int iterations() {
        return iterations;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(iterations, salt, derive(password, salt, iterations));
    }

    @Override
    public boolean matches(String password, String storedHash) {
        String[] parts = storedHash == null ? new String[0] : storedHash.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            matchNothing(password);
            return false;
        }
        int storedIterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, storedIterations));
    }

    @Override
    public void matchNothing(String password) {
        matches(password, decoy);
    }

    /** How many keys this process has derived so far (every hash, match and decoy match derives one). */
    public static long derivations() {
        return DERIVATIONS.sum();
    }

    /** How many PBKDF2 iterations this process has run so far, over every key it derived. */
    public static long iterationsRun() {
        return ITERATIONS_RUN.sum();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        DERIVATIONS.increment();
        ITERATIONS_RUN.add(iterations);
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        return PREFIX + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }
}
