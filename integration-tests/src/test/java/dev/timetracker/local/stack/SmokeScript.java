package dev.timetracker.local.stack;

import dev.timetracker.local.template.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/smoke-test.sh} (README, "Deploying") as a user does: bash, the password in the environment. */
final class SmokeScript {
    static final String MISSING_TOOLS =
            "scripts/smoke-test.sh needs bash, curl and python3 on the PATH; one of them is missing here";

    record Result(int exit, String output) {}

    private SmokeScript() {}

    static boolean toolsPresent() {
        return onPath("bash") && onPath("curl") && onPath("python3");
    }

    /** @param environment TT_ADMIN_PASSWORD and any TT_SMOKE_* setting; the output goes to {@code log} too */
    static Result run(String apiUrl, String adminUser, Map<String, String> environment, Path log)
            throws IOException, InterruptedException {
        Path script = SamTemplate.locate().getParent().resolve("scripts/smoke-test.sh");
        ProcessBuilder smoke = new ProcessBuilder("bash", script.toString(), apiUrl, adminUser)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // never waits for a prompt
        smoke.environment().putAll(environment);
        Process process = smoke.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        return new Result(process.exitValue(), output);
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
