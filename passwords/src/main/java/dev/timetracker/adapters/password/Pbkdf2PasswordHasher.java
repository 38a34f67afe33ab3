package dev.timetracker.adapters.password;

import dev.timetracker.domain.access.PasswordHashing;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 as OWASP recommends it (600,000 iterations, 128-bit per-user salt, 256-bit hash),
 * stored as {@code pbkdf2_sha256$<iterations>$<salt>$<hash>} so the work factor can rise later while old
 * hashes keep verifying. The JDK implements it: no library needed, and it stays out of functions that do not
 * handle passwords.
 */
public final class Pbkdf2PasswordHasher implements PasswordHashing {
    public static final int ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2_sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Keys derived by this process: lets a check see that a path hashed (SnapStart priming must), without a timer. */
    private static final java.util.concurrent.atomic.LongAdder DERIVATIONS =
            new java.util.concurrent.atomic.LongAdder();
    /** A fixed hash to verify against when the account does not exist. */
    private static final String DECOY = format(ITERATIONS, new byte[SALT_BYTES], new byte[HASH_BITS / 8]);

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    @Override
    public boolean matches(String password, String storedHash) {
        String[] parts = storedHash == null ? new String[0] : storedHash.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            matchNothing(password);
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    @Override
    public void matchNothing(String password) {
        matches(password, DECOY);
    }

    /** How many keys this process has derived so far (every hash, match and decoy match derives one). */
    public static long derivations() {
        return DERIVATIONS.sum();
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        DERIVATIONS.increment();
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
