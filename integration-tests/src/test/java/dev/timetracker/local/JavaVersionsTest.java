package dev.timetracker.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, item 8: the bytecode level (pom.xml), the Lambda runtime (template.yaml) and README agree, and the
 * level is stated once. A Java N runtime runs bytecode of level N or lower, never higher.
 */
class JavaVersionsTest {
    private static final Path ROOT = SamTemplate.locate().getParent();

    @Test
    void theBytecodeLevelIsStatedOnceRunsOnEveryTemplateRuntimeAndReadmeSaysBoth() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        List<Integer> releases = numbers(pom, "<maven\\.compiler\\.release>(\\d+)</maven\\.compiler\\.release>");
        assertEquals(1, releases.size(), "maven.compiler.release is set exactly once in pom.xml");
        assertFalse(
                Pattern.compile("<(release|source|target)>\\s*\\d+")
                        .matcher(pom)
                        .find(),
                "the compiler plugin takes the level from maven.compiler.release, not a second number");
        int release = releases.get(0);

        List<Integer> runtimes = numbers(Files.readString(ROOT.resolve("template.yaml")), "Runtime:\\s*java(\\d+)");
        assertFalse(runtimes.isEmpty(), "template.yaml names a Java runtime");
        runtimes.forEach(runtime -> assertTrue(
                release <= runtime, "Java " + release + " bytecode does not run on the java" + runtime + " runtime"));

        String readme = Files.readString(ROOT.resolve("README.md"));
        assertTrue(readme.contains("compiled for **Java " + release + "**"), "README states the bytecode level");
        runtimes.forEach(runtime -> assertTrue(
                readme.contains("**`java" + runtime + "`** runtime"), "README states the runtime java" + runtime));
    }

    private static List<Integer> numbers(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        return matcher.results()
                .map(result -> Integer.parseInt(result.group(1)))
                .toList();
    }
}
