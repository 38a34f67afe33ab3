package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.testing.EmulatorOnly;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The nightly run finalises sessions and, in the same invocation, writes the daily files and aggregates of the
 * dates that became final. Global indexes lag behind the table (eventually consistent), so the files must not
 * come from an index that may not show the sessions the run has just written: they are written once and never
 * again. Here the index propagation is held for the whole run, the longest lag there is.
 */
@EmulatorOnly("holds the emulator's index propagation")
@ExtendWith(LocalAwsExtension.class)
class NightlyExportConsistencyTest {
    private static final List<LocalDate> WEEK = LocalDate.parse("2026-03-23")
            .datesUntil(LocalDate.parse("2026-03-30"))
            .toList();

    @Test
    void theDailyFilesOfARunHoldTheSessionsItFinalisedWhileTheIndexesLag(TestStack stack) {
        Dataset data = Dataset.fresh(stack);
        Week.seed(data, Instant.now());
        stack.awaitIndexes(); // seeded long before the night: every clock is in the clocks index
        var indexes = stack.dynamoEmulator().indexes();
        indexes.hold();
        ObjectNode summary;
        try {
            summary = data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                    .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        } finally {
            indexes.release();
        }
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertEquals(WEEK.size(), summary.get("exports").size(), summary::toString);
        Map<LocalDate, byte[]> files = new LinkedHashMap<>();
        Map<LocalDate, Map<String, AttributeValue>> aggregates = new LinkedHashMap<>();
        WEEK.forEach(date -> {
            files.put(date, data.object("exports/daily/" + date + ".csv"));
            aggregates.put(date, data.item(data.timeTable, "DAILY", date.toString()));
        });
        String wednesday = new String(files.get(LocalDate.parse("2026-03-25")), StandardCharsets.UTF_8);
        assertEquals(3, wednesday.lines().count(), "header, Anna and Bob: " + wednesday);
        assertEquals(
                "2",
                aggregates
                        .get(LocalDate.parse("2026-03-25"))
                        .get("employees_present")
                        .n());

        // The same files written again once everything has settled (backfills) are the same bytes.
        stack.awaitIndexes();
        for (LocalDate date : WEEK) {
            data.aggregation(Clock.fixed(Week.AFTER_WEEK.plusSeconds(3600), ZoneOffset.UTC))
                    .handle(
                            Json.mapper().valueToTree(Map.of("date", date.toString(), "run", "settled")),
                            () -> Long.MAX_VALUE);
            assertArrayEquals(data.object("exports/daily/" + date + ".csv"), files.get(date), date.toString());
            assertEquals(data.item(data.timeTable, "DAILY", date.toString()), aggregates.get(date), date.toString());
        }
    }

    /**
     * The run walks the clocks through an index, whose copy of a clock may lack its latest punches: Bob's phone
     * syncs his Sunday shift (offline punches) just before the run reaches his clock. The run must close the
     * clock as it is stored, or it finds nothing to close, and Sunday's file is written without Bob.
     */
    @Test
    void aRunClosesEachClockAsStoredNotAsTheLaggingIndexShowsIt(TestStack stack) {
        Dataset data = Dataset.fresh(stack);
        Week.seed(data, Instant.now());
        data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        stack.awaitIndexes();
        Instant synced = Week.AFTER_WEEK.plusSeconds(3600);
        Instant nextRun = Week.AFTER_WEEK.plusSeconds(2 * 3600);
        var indexes = stack.dynamoEmulator().indexes();
        indexes.hold();
        try {
            data.appendOffline(
                    Week.BOB,
                    List.of(
                            new Dataset.Punch("punch_in", Instant.parse("2026-03-29T14:00:00Z")),
                            new Dataset.Punch("punch_out", Instant.parse("2026-03-29T18:00:00Z"))),
                    synced);
            ObjectNode summary = data.aggregation(Clock.fixed(nextRun, ZoneOffset.UTC))
                    .handle(Week.scheduledEvent(nextRun), () -> Long.MAX_VALUE);
            assertEquals("done", summary.get("status").asText(), summary::toString);
        } finally {
            indexes.release();
        }
        var session = data.item(data.timeTable, "EMPLOYEE#" + Week.BOB, "SESSION#2026-03-29");
        assertEquals(
                "14400", session == null ? null : session.get("worked_seconds").n(), "Bob's Sunday is final");
        String sunday = new String(data.object("exports/daily/2026-03-29.csv"), StandardCharsets.UTF_8);
        assertEquals(3, sunday.lines().count(), "header, Anna and Bob: " + sunday);
    }
}
