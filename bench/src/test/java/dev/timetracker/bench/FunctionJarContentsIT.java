package dev.timetracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * A function jar holds the optional modules only if the function uses them (README, "Development": the modules):
 * the export adapters and the S3 SDK (module {@code exports}) are in the reports, periods and daily-aggregation jars
 * only, password hashing (module {@code passwords}) in the auth and employees jars only. So punch.jar and
 * status.jar, the hottest cold starts, load neither. Every jar template.yaml names is checked, in both directions:
 * what a jar must carry is found (the check sees the classes), what it must not is absent. An integration test: the
 * shaded jars exist from {@code package} on.
 */
class FunctionJarContentsIT {
    private static final Path ROOT = SamTemplate.locate().getParent();

    /** The optional parts, by the entry-name prefix of their classes. */
    private static final Map<String, String> PARTS = Map.of(
            "report adapters", "dev/timetracker/adapters/report/",
            "S3 adapters", "dev/timetracker/adapters/s3/",
            "S3 SDK", "software/amazon/awssdk/services/s3/",
            "password hashing", "dev/timetracker/adapters/password/");

    private static final Set<String> EXPORTS = Set.of("report adapters", "S3 adapters", "S3 SDK");
    private static final Set<String> PASSWORDS = Set.of("password hashing");

    /** The parts each function's jar carries, by jar name; a jar not named here carries none. */
    private static final Map<String, Set<String>> EXPECTED = Map.of(
            "auth.jar", PASSWORDS,
            "employees.jar", PASSWORDS,
            "reports.jar", EXPORTS,
            "periods.jar", EXPORTS,
            "daily-aggregation.jar", EXPORTS);

    @Test
    void eachFunctionJarCarriesTheOptionalModulesItUsesAndNoOthers() throws IOException {
        Map<String, Set<String>> found = new TreeMap<>();
        Map<String, Set<String>> expected = new TreeMap<>();
        for (FunctionResource function : SamTemplate.load(SamTemplate.locate()).functions()) {
            Path jar = ROOT.resolve(function.codeUri());
            assertTrue(Files.isRegularFile(jar), jar + " not built");
            String name = jar.getFileName().toString();
            found.put(name, parts(jar));
            expected.put(name, new TreeSet<>(EXPECTED.getOrDefault(name, Set.of())));
        }
        assertTrue(found.keySet().containsAll(Set.of("punch.jar", "status.jar")), "jars checked: " + found.keySet());
        assertTrue(found.keySet().containsAll(EXPECTED.keySet()), "jars checked: " + found.keySet());
        assertEquals(expected, found, "optional modules in each function jar");
    }

    private static Set<String> parts(Path jar) throws IOException {
        Set<String> parts = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                PARTS.forEach((part, prefix) -> {
                    if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                        parts.add(part);
                    }
                });
            }
        }
        return parts;
    }
}
