package dev.timetracker.local.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class or method that runs only against this project's emulators, and is skipped, with this reason
 * shown, in the moto lane ({@code -Dtt.aws=moto}, see {@link AwsLane}).
 *
 * <p>Use it for a test that checks the emulator itself or needs what only the local stack has: the emulator's
 * own API ({@code DynamoDbEmulator}, its realistic mode, injected lag or conflicts), per-function credentials
 * and IAM checks, the limits the emulator enforces. Everything else must pass against moto too, because moto
 * is an independent implementation of the same AWS API.
 *
 * <p>Do not use it where moto differs from AWS: that is {@link MotoDeviates}, which names the AWS page that
 * decides.
 *
 * <pre>{@code
 * @EmulatorOnly("checks the emulator's 4 KB expression limit; moto does not enforce it")
 * class ExpressionLimitsTest { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(AwsLaneCondition.class)
public @interface EmulatorOnly {
    /** Why the test cannot run against moto; shown as the reason it was skipped. */
    String value();
}
