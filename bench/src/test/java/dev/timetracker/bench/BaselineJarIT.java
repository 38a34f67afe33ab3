package dev.timetracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The cold-start baseline is only a baseline if it carries the functions' libraries, at the functions' versions:
 * a different slf4j (as bench's own dependency tree once resolved) loads other classes and times something else.
 * The shaded jars keep no META-INF/maven/** (the shade filter drops it), so the check is on the classes
 * themselves: every third-party entry of bench/target/baseline.jar is in every function's jar with the same CRC
 * (same bytes, so the same library version), and every third-party entry all function jars share is in the
 * baseline (no library of theirs missing). An integration test: the shaded jars exist from `package` on.
 */
class BaselineJarIT {
    private static final Path ROOT = SamTemplate.locate().getParent();

    @Test
    void theBaselineHoldsTheFunctionsLibrariesAtTheirVersions() throws IOException {
        Map<String, Long> baseline = thirdParty(ROOT.resolve("bench/target/baseline.jar"));
        assertFalse(baseline.isEmpty(), "no third-party classes in baseline.jar");
        Set<String> sharedByAllFunctions = null;
        List<String> checked = new ArrayList<>();
        for (FunctionResource function : SamTemplate.load(SamTemplate.locate()).functions()) {
            Path jar = ROOT.resolve(function.codeUri());
            assertTrue(Files.isRegularFile(jar), jar + " not built");
            Map<String, Long> entries = thirdParty(jar);
            Set<String> differing = new TreeSet<>();
            baseline.forEach((name, crc) -> {
                if (!crc.equals(entries.get(name))) {
                    differing.add(name);
                }
            });
            assertEquals(
                    Set.of(),
                    summary(differing),
                    function.logicalId() + ": baseline entries missing from " + jar.getFileName()
                            + " or with other bytes (another library version)");
            if (sharedByAllFunctions == null) {
                sharedByAllFunctions = new HashSet<>(entries.keySet());
            } else {
                sharedByAllFunctions.retainAll(entries.keySet());
            }
            checked.add(function.logicalId());
        }
        assertTrue(checked.size() >= 7, "functions checked: " + checked);
        Set<String> missing = new TreeSet<>(sharedByAllFunctions);
        missing.removeAll(baseline.keySet());
        assertEquals(Set.of(), summary(missing), "libraries every function carries but the baseline does not");
    }

    /** Class and resource entries of libraries: not the project's own classes, not META-INF (merged notices). */
    private static Map<String, Long> thirdParty(Path jar) throws IOException {
        Map<String, Long> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && !name.startsWith("dev/timetracker/") && !name.startsWith("META-INF/")) {
                    entries.put(name, entry.getCrc());
                }
            }
        }
        return entries;
    }

    /** The packages of the entries named, so that a failure reads "org/slf4j/helpers" rather than 50 classes. */
    private static Set<String> summary(Set<String> names) {
        Set<String> packages = new TreeSet<>();
        names.forEach(name -> packages.add(name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : name));
        return packages;
    }
}
