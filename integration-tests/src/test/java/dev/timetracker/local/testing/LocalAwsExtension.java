package dev.timetracker.local.testing;

import dev.timetracker.local.LocalAws;
import dev.timetracker.local.dynamodb.Realism;
import dev.timetracker.local.template.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the emulated AWS of template.yaml: started once per test JVM on free loopback ports (the first
 * test class that asks starts it, the JVM's exit stops it; integration-tests/pom.xml runs two such JVMs side by side, each
 * with a stack of its own), tables and bucket created from the template, every function invocable
 * with an API Gateway event. Use with {@code @ExtendWith(LocalAwsExtension.class)}
 * and a {@link TestStack} parameter.
 *
 * <p>DynamoDB runs with {@link Realism#suite} (global indexes lag, batches come back in part, TTL deletes late),
 * as AWS does; {@code -Dtimetracker.realism=off} turns that off, {@code -Dtimetracker.realism.seed=N} repeats
 * the random choices of a run (the seed is printed at start).
 *
 * <p>With {@code -Dtt.aws=moto} ({@link AwsLane}) the run starts moto's server instead of the emulators.
 *
 * <p>A class marked {@link OwnStack} gets a stack of its own, stopped when the class ends: for state that is one per
 * deployment (the pay-period lock), which would otherwise depend on which classes ran before it in its JVM.
 */
public final class LocalAwsExtension implements ParameterResolver {
    /**
     * The JVM's stack. Not in JUnit's root store: surefire with more than one fork (integration-tests/pom.xml) starts a launcher
     * session per test class, whose end would close the stack and start another for the next class, while
     * class-wide caches (callers' tokens) still point at the old one.
     */
    private static TestStack shared;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return stack(context);
    }

    public static synchronized TestStack stack(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        if (classContext.getRequiredTestClass().isAnnotationPresent(OwnStack.class)) {
            return classContext
                    .getStore(ExtensionContext.Namespace.create(LocalAwsExtension.class))
                    // JUnit closes an AutoCloseable value when the class's context ends.
                    .getOrComputeIfAbsent(TestStack.class, key -> start(), TestStack.class);
        }
        if (shared == null) {
            TestStack started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-aws-stop"));
            shared = started;
        }
        return shared;
    }

    private static TestStack start() {
        SamTemplate template = SamTemplate.load(SamTemplate.locate()).withParameters(TestStack.PARAMETERS);
        if (AwsLane.onMoto()) {
            // Maven runs the tests in the module's folder: moto's log stays beside the surefire reports, one per
            // test JVM (integration-tests/pom.xml runs two), as each JVM starts a moto of its own.
            Path target = Path.of("target");
            String log = "moto-server-" + ProcessHandle.current().pid() + ".log";
            return new TestStack(
                    LocalAws.startOnMoto(template, Files.isDirectory(target) ? target.resolve(log) : null));
        }
        return new TestStack(LocalAws.start(template, null, 0, 0, realism()));
    }

    private static Realism realism() {
        if ("off".equals(System.getProperty("timetracker.realism"))) {
            return Realism.off();
        }
        long seed = Long.getLong("timetracker.realism.seed", System.nanoTime());
        System.out.println("[LocalAwsExtension] DynamoDB realism on, seed " + seed + " (-Dtimetracker.realism.seed="
                + seed + " repeats it, -Dtimetracker.realism=off turns it off)");
        return Realism.suite(seed);
    }
}
