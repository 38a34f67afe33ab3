package dev.timetracker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the benchmark from rotting: the quick run, end to end, as `exec:java -Dexec.args="--quick"` runs it.
 * An integration test (failsafe, after `package`): the cold-start benchmark starts the functions' shaded jars and
 * bench/target/baseline.jar, which exist only from the package phase on. Tagged so that a plain {@code mvn verify}
 * leaves it out and {@code -Pbench-smoke} (CI's moto lane) runs it (bench/pom.xml).
 */
@Tag("benchmark-smoke")
class BenchmarkSmokeIT {
    private static final List<String> SECTIONS = List.of(
            RouteBenchmark.ROUND_TRIPS_TITLE,
            ColdStartBenchmark.TITLE,
            ColdStartBenchmark.PRIMING_TITLE,
            RouteBenchmark.LATENCY_TITLE,
            RouteBenchmark.OWN_TIME_TITLE,
            AggregationBenchmark.TITLE,
            ScaleBenchmark.TITLE,
            ExportBenchmark.TITLE,
            HttpLoadBenchmark.TITLE);
    private static final Pattern DIGIT = Pattern.compile(".*\\d.*");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theQuickRunMeasuresEverything(@TempDir Path results) throws IOException {
        Report report = Benchmarks.run(BenchOptions.quick(results));

        for (String title : SECTIONS) {
            Table table = report.table(title.substring(0, 2));
            assertNotNull(table, "no section " + title);
            assertEquals(title, table.title());
            assertFalse(table.rows().isEmpty(), title + " has no rows");
            for (List<String> row : table.rows()) {
                for (int column = 0; column < row.size(); column++) {
                    String cell = row.get(column);
                    String where =
                            title + " / " + row.get(0) + " / " + table.headers().get(column) + ": '" + cell + "'";
                    assertFalse(cell.isBlank(), "empty cell at " + where);
                    assertFalse(
                            cell.contains("NaN")
                                    || cell.contains("Infinity")
                                    || cell.contains("failed")
                                    || cell.equals(ColdStartBenchmark.NOT_BUILT),
                            where);
                    if (column > 0
                            && !table.headers().get(column).startsWith("Function")
                            && !table.headers().get(column).contains("operations")
                            && !table.headers().get(column).startsWith("Goal")
                            && !table.headers().get(column).equals("Verdict")
                            && !table.headers().get(column).startsWith("JAVA_TOOL_OPTIONS")
                            && !table.headers().get(column).equals("First call of an instance")) {
                        assertTrue(DIGIT.matcher(cell).matches(), "not a figure at " + where);
                    }
                }
            }
        }

        Table roundTrips = report.table("1.");
        // The read of the clock and the one transaction that also keeps the live totals (docs/storage.md).
        assertEquals(
                "2", roundTrips.cell(RouteBenchmark.OWN_PUNCH, "Warm: DynamoDB calls"), "own punch: two round trips");
        assertEquals(
                "1", roundTrips.cell(RouteBenchmark.OWN_STATUS, "Warm: DynamoDB calls"), "own status: one round trip");
        assertEquals("0", report.table("6.").cell(HttpLoadBenchmark.ALL, "Errors"), "errors under load");
        // Each function starts under its own template flags (AuthFunction's and PunchFunction's differ).
        SamTemplate template = SamTemplate.load(SamTemplate.locate());
        for (String function : List.of("AuthFunction", "PunchFunction")) {
            String flags = String.valueOf(template.functions().stream()
                    .filter(f -> f.logicalId().equals(function))
                    .findFirst()
                    .orElseThrow()
                    .environment()
                    .get("JAVA_TOOL_OPTIONS"));
            List<String> row = report.table("2.").rows().stream()
                    .filter(r -> r.get(0).startsWith(function + " "))
                    .findFirst()
                    .orElseThrow();
            assertEquals(flags, row.get(1), function + "'s cold start flags");
        }

        List<Path> written = report.write(results, "quick");
        String markdown = Files.readString(written.get(0));
        assertEquals(results.resolve("latest-quick.md"), written.get(0));
        SECTIONS.forEach(title -> assertTrue(markdown.contains("## " + title), title + " in " + written.get(0)));
    }
}
