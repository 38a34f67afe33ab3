package dev.timetracker.local;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The values AWS keeps in Secrets Manager and Parameter Store (the cursor key, the private signing key, the public
 * key set). Locally they are generated at first start and kept in the data folder (git-ignored), so tokens and
 * cursors stay valid across restarts; tests get fresh ones each run. {@link LocalAws} puts them into its Secrets
 * Manager and SSM at every start, where the functions read them; no function's environment holds them.
 */
public final class LocalSecrets {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> values;

    private LocalSecrets(Map<String, String> values) {
        this.values = values;
    }

    public static LocalSecrets generate() {
        Map<String, String> values = new TreeMap<>();
        values.put("CURSOR_KEY", randomKey());
        ECKey signingKey = newSigningKey();
        values.put("TOKEN_SIGNING_KEY", signingKey.toJSONString());
        values.put("TOKEN_PUBLIC_KEYS", new JWKSet(signingKey.toPublicJWK()).toString());
        return new LocalSecrets(values);
    }

    /** A fresh P-256 key for ES256 tokens, with a key id that says when it was made. */
    public static ECKey newSigningKey() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID("local-" + java.time.LocalDate.now(java.time.ZoneId.systemDefault()) + "-"
                            + randomKey().substring(0, 6))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC key", e);
        }
    }

    public static LocalSecrets loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("secrets.properties");
        LocalSecrets fresh = generate();
        Properties stored = new Properties();
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file)) {
                    stored.load(reader);
                }
            }
            boolean changed = false;
            for (var entry : fresh.values.entrySet()) {
                if (stored.getProperty(entry.getKey()) == null) {
                    stored.setProperty(entry.getKey(), entry.getValue());
                    changed = true;
                }
            }
            if (changed) {
                try (Writer writer = Files.newBufferedWriter(file)) {
                    stored.store(writer, "Local Time Tracker secrets: generated once, never committed");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new TreeMap<>();
        stored.stringPropertyNames().forEach(name -> values.put(name, stored.getProperty(name)));
        return new LocalSecrets(values);
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    private static String randomKey() {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 64; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.toString();
    }
}
