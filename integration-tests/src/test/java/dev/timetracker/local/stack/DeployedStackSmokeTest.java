package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in ({@code mvn -B -Paws-integration -pl integration-tests -am verify}, README "Deploying"): scripts/smoke-test.sh against a
 * stack deployed with {@code sam deploy}. Skipped, saying why, without the profile or without the stack's address
 * and an admin's login. The script only speaks HTTPS to the API, so it needs no AWS credentials of its own.
 */
class DeployedStackSmokeTest {
    static final String PROFILE_PROPERTY = "tt.aws-integration";
    private static final List<String> REQUIRED = List.of("TT_API_URL", "TT_ADMIN_USER", "TT_ADMIN_PASSWORD");

    @Test
    void theSmokeScriptPassesAgainstTheDeployedStack(@TempDir Path dir) throws Exception {
        assumeTrue(
                Boolean.getBoolean(PROFILE_PROPERTY),
                "opt-in: run with -Paws-integration and TT_API_URL, TT_ADMIN_USER, TT_ADMIN_PASSWORD to test a deployed stack");
        List<String> missing =
                REQUIRED.stream().filter(name -> isBlank(System.getenv(name))).toList();
        if (!missing.isEmpty()) {
            String reason = "-Paws-integration: no deployed stack to test, " + String.join(", ", missing) + " not set "
                    + "(TT_API_URL is the stack's ApiUrl output: aws cloudformation describe-stacks --region <region> "
                    + "--stack-name time-tracker --query \"Stacks[0].Outputs\")";
            System.out.println("[aws-integration] skipped: " + reason);
            assumeTrue(false, reason);
        }
        assumeTrue(SmokeScript.toolsPresent(), SmokeScript.MISSING_TOOLS);

        SmokeScript.Result smoke = SmokeScript.run(
                System.getenv("TT_API_URL"), System.getenv("TT_ADMIN_USER"), Map.of(), dir.resolve("smoke.log"));

        assertEquals(
                0,
                smoke.exit(),
                "smoke-test.sh failed against " + System.getenv("TT_API_URL") + ":\n" + smoke.output());
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
