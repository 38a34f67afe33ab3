package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchScript.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BusinessHoursTimelineTest {

    private static final BusinessHours JANUARY =
            hours("bh-jan", "09:00", "17:00", 10, 5, 12, 480, Instant.parse("2026-01-01T00:00:00Z"));
    private static final BusinessHours MARCH =
            hours("bh-mar", "08:00", "16:00", 10, 5, 12, 480, Instant.parse("2026-03-01T00:00:00Z"));
    private static final BusinessHoursTimeline TIMELINE = new BusinessHoursTimeline(List.of(MARCH, JANUARY));

    private static String idInForceAt(String instant) {
        return TIMELINE.inForceAt(Instant.parse(instant)).orElseThrow().id();
    }

    @Test
    void theNewestConfigurationThatHasStartedIsInForce() {
        assertEquals("bh-jan", idInForceAt("2026-02-28T23:59:59Z"));
        assertEquals("bh-mar", idInForceAt("2026-03-01T00:00:00Z"));
        assertEquals("bh-mar", idInForceAt("2027-01-01T00:00:00Z"));
    }

    @Test
    void beforeAnyConfigurationTheEarliestApplies() {
        assertEquals("bh-jan", idInForceAt("2025-06-01T00:00:00Z"));
    }

    @Test
    void configurationsAreKeptInEffectiveOrder() {
        assertEquals(List.of(JANUARY, MARCH), TIMELINE.configurations());
    }

    @Test
    void ofTwoConfigurationsStartingTogetherTheOneCreatedLastWins() {
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        BusinessHours first = new BusinessHours(
                "bh-first",
                PunchScript.BERLIN,
                PunchScript.MONDAY_TO_FRIDAY,
                JANUARY.startTime(),
                JANUARY.endTime(),
                10,
                5,
                12,
                480,
                from,
                Instant.parse("2026-02-01T00:00:00Z"),
                "admin-1",
                null);
        BusinessHours second = new BusinessHours(
                "bh-second",
                PunchScript.BERLIN,
                PunchScript.MONDAY_TO_FRIDAY,
                JANUARY.startTime(),
                JANUARY.endTime(),
                10,
                5,
                12,
                480,
                from,
                Instant.parse("2026-02-02T00:00:00Z"),
                "admin-1",
                null);

        assertEquals(
                "bh-second",
                BusinessHoursTimeline.of(second, first)
                        .inForceAt(from)
                        .orElseThrow()
                        .id());
    }

    @Test
    void anEmptyTimelineHasNothingInForce() {
        assertTrue(BusinessHoursTimeline.empty().isEmpty());
        assertEquals(Optional.empty(), BusinessHoursTimeline.empty().inForceAt(Instant.EPOCH));
    }
}
