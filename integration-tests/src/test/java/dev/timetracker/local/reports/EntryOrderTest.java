package dev.timetracker.local.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Entries of the same second keep the order they were recorded in, in every listing, before and after the
 * nightly job finalises them (issue 10). Final entries are items sorted by key; before, the key ended with the
 * entry's random id after the timestamp, so a list could show break_end before break_start once final.
 */
@ExtendWith(LocalAwsExtension.class)
class EntryOrderTest {
    private static final String EMPLOYEE = "emp-same-second";
    private static final List<String> CYCLE = List.of("punch_in", "break_start", "break_end", "punch_out");

    @Test
    void entriesOfOneSecondAreListedInTheOrderRecordedBeforeAndAfterTheNightlyJob(TestStack stack) {
        Dataset data = Dataset.fresh(stack).employee(EMPLOYEE, "Sam", "Second", "S-1", "Ops", "UTC", true);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant second = now.minus(Duration.ofHours(30));
        LocalDate workDate = LocalDate.ofInstant(second, ZoneOffset.UTC);
        Api admin = Callers.admin(stack);
        Api punches = admin.via(
                new PunchHandler(data.deployment("PunchFunction").withClock(Clock.fixed(now, ZoneOffset.UTC))));
        // Five whole cycles within one second, as a device syncing a backlog or a burst of taps can record them.
        List<String> recorded = new ArrayList<>();
        for (int cycle = 0; cycle < 5; cycle++) {
            for (String action : CYCLE) {
                Response punched = punches.post(
                        "/api/timetracking/punch/",
                        Map.of(
                                "employee_id",
                                EMPLOYEE,
                                "action",
                                action,
                                "timestamp",
                                second.toString(),
                                "notes",
                                "backlog " + cycle));
                assertEquals(201, punched.status(), punched::toString);
                recorded.add(punched.json().at("/entry/id").asText());
            }
        }
        Api reads = admin.via(data.status());
        String listing = "/api/timetracking/entries/?employee_id=" + EMPLOYEE + "&from=" + workDate + "&to=" + workDate
                + "&limit=7";
        assertEquals(recorded, ids(reads, listing), "in the journal");

        data.stack.awaitIndexes(); // the clock exists long before the night: the clocks index has it
        var summary = data.aggregation(Clock.fixed(now, ZoneOffset.UTC))
                .handle(Json.mapper().valueToTree(Map.of("date", workDate.toString())), () -> Long.MAX_VALUE);
        assertEquals("done", summary.get("status").asText(), summary::toString);
        assertNotNull(data.item(data.timeTable, "EMPLOYEE#" + EMPLOYEE, "SESSION#" + workDate), "the date is final");
        assertTrue(data.item(data.timeTable, "EMPLOYEE#" + EMPLOYEE, "CLOCK")
                .get("journal")
                .l()
                .isEmpty());

        assertEquals(recorded, ids(reads, listing), "final, read back through the table's sort keys");
        Response sessions = reads.get(
                "/api/timetracking/sessions/?employee_id=" + EMPLOYEE + "&from=" + workDate + "&to=" + workDate);
        assertEquals(200, sessions.status(), sessions::toString);
        assertEquals(5, sessions.json().at("/items/0/cycles").size(), sessions::toString);
    }

    /** Every page of the listing, in order. */
    private static List<String> ids(Api api, String listing) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = api.get(cursor == null ? listing : listing + "&cursor=" + cursor);
            assertEquals(200, page.status(), page::toString);
            page.json().get("items").forEach(entry -> ids.add(entry.get("id").asText()));
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        return ids;
    }
}
