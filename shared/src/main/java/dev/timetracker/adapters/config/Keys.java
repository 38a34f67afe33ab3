package dev.timetracker.adapters.config;

import java.nio.charset.StandardCharsets;

/** Key material a deployment provides; never in the repository. */
public final class Keys {
    private static final int MIN_KEY_CHARACTERS = 32;

    private Keys() {
    }

    /** Signs listing cursors: a random string of at least 32 characters (template.yaml has it generated). */
    public static byte[] cursorKey(Environment environment) {
        String key = environment.required("CURSOR_KEY");
        if (key.length() < MIN_KEY_CHARACTERS) {
            throw new IllegalStateException("CURSOR_KEY must have at least " + MIN_KEY_CHARACTERS + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
