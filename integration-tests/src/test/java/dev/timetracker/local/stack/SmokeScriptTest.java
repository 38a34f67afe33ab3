package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timetracker.local.api.OpenApiContract;
import dev.timetracker.local.testing.EmulatorOnly;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, item 9: {@code scripts/smoke-test.sh}, the check users run after {@code sam deploy}, passes against the
 * local stack as a developer starts it ({@code --bootstrap-admin}, its own JVM, free ports), and it really covers
 * every operation of docs/openapi.yaml with and without the trailing slash.
 */
@EmulatorOnly("starts the local stack, which runs the emulators")
class SmokeScriptTest {
    private static final String ADMIN = "smoke-root";
    private static final String PASSWORD = "smoke-test-password-1";
    /** The script's line for a passed request: "  ok    GET /api/employees/{id}/ [token] -> 200". */
    private static final Pattern PASSED_REQUEST =
            Pattern.compile("^\\s+ok\\s+([A-Z]+) (/\\S*)( \\[token])? -> \\d{3}$");

    @Test
    void theSmokeScriptPassesAgainstTheLocalStackOnEveryRouteWithAndWithoutTheTrailingSlash(@TempDir Path dataDir)
            throws Exception {
        assumeTrue(SmokeScript.toolsPresent(), SmokeScript.MISSING_TOOLS);
        SmokeScript.Result smoke;
        try (LocalStackProcess stack =
                LocalStackProcess.start(dataDir, Map.of("TT_ADMIN_PASSWORD", PASSWORD), "--bootstrap-admin", ADMIN)) {
            // TT_SMOKE_EXPORT_WAIT=0: the stack runs without its schedules, so no export worker would write a 202
            // export.
            smoke = SmokeScript.run(
                    stack.api().toString(),
                    ADMIN,
                    Map.of("TT_ADMIN_PASSWORD", PASSWORD, "TT_SMOKE_EXPORT_WAIT", "0"),
                    dataDir.resolve("smoke.log"));
            stack.stop();
        }
        String output = smoke.output();

        assertEquals(0, smoke.exit(), "smoke-test.sh failed against the local stack:\n" + output);
        assertTrue(output.contains(" passed, 0 failed"), output);
        assertEquals(
                Set.of(), uncovered(output), "operations the smoke script did not pass with and without the slash");
    }

    /** Every documented operation, once with and once without its trailing slash, minus what the script passed. */
    private static Set<String> uncovered(String output) {
        List<String> templates = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String operation : OpenApiContract.get().documentedOperations()) {
            templates.add(operation);
            expected.add(operation);
            expected.add(operation.substring(0, operation.length() - 1)); // the same without the slash
        }
        // A literal route wins over a parameter one (/api/employees/by_email/ is not /api/employees/{id}/).
        templates.sort(Comparator.comparingLong(
                operation -> operation.chars().filter(c -> c == '{').count()));
        Set<String> missing = new TreeSet<>(expected);
        for (String line : output.split("\n")) {
            Matcher passed = PASSED_REQUEST.matcher(line);
            if (!passed.matches()) {
                continue;
            }
            String path = passed.group(2).replaceFirst("\\?.*", "");
            boolean slash = path.endsWith("/");
            String bare = slash ? path.substring(0, path.length() - 1) : path;
            for (String operation : templates) {
                String method = operation.substring(0, operation.indexOf(' '));
                String template = operation.substring(method.length() + 1, operation.length() - 1);
                String regex = Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                if (method.equals(passed.group(1)) && bare.matches(regex)) {
                    missing.remove(method + " " + template + (slash ? "/" : ""));
                    break;
                }
            }
        }
        return missing;
    }
}
