package dev.timetracker.local.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class gets a stack of its own instead of its JVM's shared one ({@link LocalAwsExtension}): for a class
 * that moves or relies on state a deployment has once (the pay-period lock), so that neither it nor the classes
 * after it depend on the order surefire runs them in.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OwnStack {}
