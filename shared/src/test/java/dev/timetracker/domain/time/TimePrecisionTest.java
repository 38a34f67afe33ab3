package dev.timetracker.domain.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One precision for every instant of the time domain (whole seconds), and what happens to a clock that cannot be
 * read whatever the precision: it is one employee's problem, named as such.
 */
class TimePrecisionTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    private static TimeEntry entry(String id, PunchAction action, String at) {
        return new TimeEntry(
                id, "emp", action, Instant.parse(at), Instant.parse(at), null, EntrySource.OFFLINE, null, null);
    }

    private static PunchClock clock(List<TimeEntry> journal) {
        return new PunchClock(
                "emp", UTC, true, journal, Map.of(), 3, Map.of("revoked-token", Instant.EPOCH), 7, 0, null, null);
    }

    @Test
    void anEntryKeepsItsInstantsToTheSecondWhateverItWasGiven() {
        TimeEntry entry = new TimeEntry(
                "e1",
                "emp",
                PunchAction.PUNCH_IN,
                Instant.parse("2026-03-05T21:00:00.0009Z"),
                Instant.parse("2026-03-05T21:00:30.999999999Z"),
                null,
                EntrySource.OFFLINE,
                null,
                null);

        assertEquals(Instant.parse("2026-03-05T21:00:00Z"), entry.timestamp());
        assertEquals(Instant.parse("2026-03-05T21:00:30Z"), entry.recordedAt());
        assertEquals(Instant.parse("2026-03-05T21:00:00Z"), TimePrecision.of(Instant.parse("2026-03-05T21:00:00.5Z")));
    }

    /** The reproduction: each passed the millisecond check, and the clock could no longer be read. */
    @Test
    void punchesWithSubSecondTimestampsInReverseOrderAreTwoPunchesOfOneSecondInTheOrderRecorded() {
        List<TimeEntry> journal = List.of(
                entry("in", PunchAction.PUNCH_IN, "2026-03-05T21:00:00.0009Z"),
                entry("break", PunchAction.BREAK_START, "2026-03-05T21:00:00.0001Z"));

        PunchLedger ledger = clock(journal).ledger();

        assertEquals(
                List.of("in", "break"),
                ledger.datedEntries().stream().map(TimeEntry::id).toList());
        assertEquals(WorkState.ON_BREAK, ledger.state());
        WorkStatus status = ledger.status(BusinessHoursTimeline.empty(), Instant.parse("2026-03-05T21:10:00Z"));
        assertEquals(Instant.parse("2026-03-05T21:00:00Z"), status.since());
        // A punch of the same second is not earlier than the latest entry; one of the second before is.
        PunchTimestampRules.check(
                journal.get(1).timestamp(),
                Instant.parse("2026-03-05T21:10:00Z"),
                clock(journal).latestAt().orElseThrow());
        assertThrows(
                PunchRuleViolationException.class,
                () -> PunchTimestampRules.check(
                        entry("x", PunchAction.BREAK_END, "2026-03-05T20:59:59.9999Z")
                                .timestamp(),
                        Instant.parse("2026-03-05T21:10:00Z"),
                        clock(journal).latestAt().orElseThrow()));
    }

    @Test
    void aJournalOutOfOrderByWholeSecondsIsAnUnreadableClockOfThatEmployee() {
        List<TimeEntry> journal = List.of(
                entry("in", PunchAction.PUNCH_IN, "2026-03-05T21:00:05Z"),
                entry("break", PunchAction.BREAK_START, "2026-03-05T21:00:01Z"));

        UnreadableClockException unreadable = assertThrows(UnreadableClockException.class, () -> clock(journal));

        assertEquals("emp", unreadable.employeeId());
        assertEquals("clock-unreadable", unreadable.slug());
        assertTrue(unreadable.reason().contains("comes before the previous entry"), unreadable.reason());
        assertFalse(
                unreadable.detail().contains("2026"), "no stored values in the client's text: " + unreadable.detail());
        // The clock's token facts still decide for the employee's own token.
        assertTrue(unreadable.tokenCounts(principal("fresh-token", 3)));
        assertFalse(unreadable.tokenCounts(principal("revoked-token", 3)));
        assertFalse(unreadable.tokenCounts(principal("fresh-token", 2)));
    }

    @Test
    void aJournalBreakingTheStateMachineIsUnreadableToo() {
        assertThrows(
                UnreadableClockException.class,
                () -> clock(List.of(
                        entry("in", PunchAction.PUNCH_IN, "2026-03-05T21:00:00Z"),
                        entry("in-again", PunchAction.PUNCH_IN, "2026-03-05T21:00:01Z"))));
    }

    private static UnconfirmedPrincipal principal(String tokenId, long generation) {
        return UnconfirmedPrincipal.of(new Principal(
                "emp", Role.EMPLOYEE, "emp", tokenId, Instant.EPOCH, Instant.EPOCH.plusSeconds(900), generation));
    }
}
