package dev.timetracker.adapters.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Key material a deployment provides; never in the repository, never in the environment. */
public final class Keys {
    /** The ARN of the cursor key's secret (template.yaml: {@code !Ref CursorKeySecret}). */
    public static final String CURSOR_KEY_SECRET = "CURSOR_KEY_SECRET_ARN";

    private static final int MIN_KEY_CHARACTERS = 32;

    private Keys() {}

    /**
     * Signs listing cursors: the {@code key} field of the secret CloudFormation generates (a random string of at
     * least 32 characters), read once at init. A new cursor key only invalidates cursors clients hold, so it is
     * not refreshed while the function runs.
     */
    public static byte[] cursorKey(Environment environment) {
        String secret;
        try (SecretsManagerClient client = AwsClients.secretsManager(environment)) {
            secret = Secrets.current(client, environment.required(CURSOR_KEY_SECRET));
        }
        String key;
        try {
            JsonNode field = Json.mapper().readTree(secret).path("key");
            key = field.isTextual() ? field.asText() : "";
        } catch (IOException e) {
            throw new IllegalStateException("The cursor key secret is not JSON with a \"key\" field");
        }
        if (key.length() < MIN_KEY_CHARACTERS) {
            throw new IllegalStateException("The cursor key must have at least " + MIN_KEY_CHARACTERS + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
