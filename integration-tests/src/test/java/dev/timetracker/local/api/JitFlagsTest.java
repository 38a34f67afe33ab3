package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.http.JvmFlags;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each function's JIT level as the JVM reports it when started with that function's template JAVA_TOOL_OPTIONS
 * the way Lambda starts it: C2 (level 4) for the functions that hash passwords, C1 only (level 1) for the others.
 * The flag is read back from HotSpot in a child JVM ({@link JvmFlags}, what the functions log at init), not from
 * the option string.
 */
class JitFlagsTest {
    /**
     * Lambda's java17/java21 default, which the function's own options must override to get C2: "For Java 17 and
     * Java 21, Lambda configures the JVM to stop tiered compilation at level 1 by default"
     * (https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html). Put first, so that the function's own
     * options (later in the same variable) win, as they do in Lambda.
     */
    private static final String LAMBDA_DEFAULT = "-XX:TieredStopAtLevel=1";
    /** The functions that hash passwords (PBKDF2, 600,000 iterations) get C2; the others start faster with C1. */
    private static final Map<String, String> INTENDED_LEVEL = Map.of(
            "AuthFunction", "4",
            "EmployeesFunction", "4",
            "PunchFunction", "1",
            "StatusFunction", "1",
            "ReportsFunction", "1",
            "PeriodsFunction", "1",
            "DailyAggregationFunction", "1");

    @Test
    void everyFunctionRunsAtTheJitLevelItsTemplateIntends() throws Exception {
        SamTemplate template = SamTemplate.load(SamTemplate.locate());
        Map<String, String> effective = new TreeMap<>();
        for (FunctionResource function : template.functions()) {
            Object options = function.environment().get("JAVA_TOOL_OPTIONS");
            effective.put(
                    function.logicalId(),
                    effectiveFlags(options == null ? "" : options.toString()).get("TieredStopAtLevel"));
        }
        assertEquals(new TreeMap<>(INTENDED_LEVEL), effective);
    }

    @Test
    void tieredCompilationAloneLeavesLambdaAtC1() throws Exception {
        // What AuthFunction had: the flag that reads like "C2 on" and is not.
        assertEquals("1", effectiveFlags("-XX:+TieredCompilation").get("TieredStopAtLevel"));
    }

    /** The flags a fresh JVM reports (see {@link PrintFlags}) under {@code LAMBDA_DEFAULT functionOptions}. */
    private static Map<String, String> effectiveFlags(String functionOptions) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PrintFlags.class.getName());
        builder.environment().remove("_JAVA_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().put("JAVA_TOOL_OPTIONS", (LAMBDA_DEFAULT + " " + functionOptions).trim());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, process.exitValue(), output);
        Map<String, String> flags = new TreeMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                flags.put(line.substring(0, equals), line.substring(equals + 1).trim());
            }
        }
        return flags;
    }

    /** The child JVM: prints each flag {@link JvmFlags} reads, as {@code name=value}. */
    public static final class PrintFlags {
        public static void main(String[] args) {
            JvmFlags.effective().forEach((name, value) -> System.out.println(name + "=" + value));
        }
    }
}
