package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timetracker.domain.time.PunchRuleViolationException.Rule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PunchTimestampRulesTest {

    private static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

    private static PunchRuleViolationException rejected(Instant timestamp, Instant latestEntryAt) {
        return assertThrows(
                PunchRuleViolationException.class, () -> PunchTimestampRules.check(timestamp, NOW, latestEntryAt));
    }

    @Test
    void exactly72HoursAgoIsAccepted() {
        assertDoesNotThrow(() -> PunchTimestampRules.check(Instant.parse("2026-03-02T12:00:00Z"), NOW, null));
    }

    @Test
    void oneSecondMoreThan72HoursAgoIsRejected() {
        PunchRuleViolationException violation = rejected(Instant.parse("2026-03-02T11:59:59Z"), null);

        assertEquals(Rule.TOO_FAR_IN_THE_PAST, violation.rule());
        assertEquals(
                "punch timestamp 2026-03-02T11:59:59Z is more than 72 h before the server time "
                        + "2026-03-05T12:00:00Z",
                violation.getMessage());
        assertEquals(
                Rule.TOO_FAR_IN_THE_PAST,
                rejected(Instant.parse("2026-03-02T11:59:59.999Z"), null).rule());
    }

    @Test
    void exactlyTwoMinutesAheadIsAccepted() {
        assertDoesNotThrow(() -> PunchTimestampRules.check(Instant.parse("2026-03-05T12:02:00Z"), NOW, null));
    }

    @Test
    void oneSecondMoreThanTwoMinutesAheadIsRejected() {
        PunchRuleViolationException violation = rejected(Instant.parse("2026-03-05T12:02:01Z"), null);

        assertEquals(Rule.TOO_FAR_IN_THE_FUTURE, violation.rule());
        assertEquals(
                "punch timestamp 2026-03-05T12:02:01Z is more than 2 min after the server time "
                        + "2026-03-05T12:00:00Z",
                violation.getMessage());
        assertEquals(
                Rule.TOO_FAR_IN_THE_FUTURE,
                rejected(Instant.parse("2026-03-05T12:02:00.001Z"), null).rule());
    }

    @Test
    void aPunchAtTheSameInstantAsTheLatestEntryIsAccepted() {
        Instant latest = Instant.parse("2026-03-04T08:00:00Z");

        assertDoesNotThrow(() -> PunchTimestampRules.check(latest, NOW, latest));
    }

    @Test
    void aPunchBeforeTheLatestEntryIsRejected() {
        PunchRuleViolationException violation =
                rejected(Instant.parse("2026-03-04T07:59:59Z"), Instant.parse("2026-03-04T08:00:00Z"));

        assertEquals(Rule.BEFORE_LATEST_ENTRY, violation.rule());
        assertEquals(
                "punch timestamp 2026-03-04T07:59:59Z is before the employee's latest entry at "
                        + "2026-03-04T08:00:00Z",
                violation.getMessage());
    }

    @Test
    void theLatestEntryMayItselfBeAheadOfTheServer() {
        Instant latest = Instant.parse("2026-03-05T12:01:00Z");

        assertEquals(Rule.BEFORE_LATEST_ENTRY, rejected(NOW, latest).rule());
        assertDoesNotThrow(() -> PunchTimestampRules.check(Instant.parse("2026-03-05T12:01:30Z"), NOW, latest));
    }

    @Test
    void ruleWireNames() {
        assertEquals("too_far_in_the_past", Rule.TOO_FAR_IN_THE_PAST.wire());
        assertEquals("too_far_in_the_future", Rule.TOO_FAR_IN_THE_FUTURE.wire());
        assertEquals("before_latest_entry", Rule.BEFORE_LATEST_ENTRY.wire());
    }
}
