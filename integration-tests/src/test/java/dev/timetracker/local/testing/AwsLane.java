package dev.timetracker.local.testing;

import java.util.Locale;

/**
 * Which implementation of DynamoDB and S3 a test run talks to, chosen with {@code -Dtt.aws}: this project's
 * emulators (the default) or moto's server ({@code -Dtt.aws=moto}, README "Run the tests").
 */
public enum AwsLane {
    EMULATOR,
    MOTO;

    public static final String PROPERTY = "tt.aws";

    public static AwsLane current() {
        String value = System.getProperty(PROPERTY, "emulator");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": use emulator or moto", e);
        }
    }

    public static boolean onMoto() {
        return current() == MOTO;
    }
}
