package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.PunchScript.BERLIN;
import static dev.timetracker.domain.time.PunchScript.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.RejudgeRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FinalDaysRejudgingTest {
    private static final BusinessHours NINE =
            hours("bh-nine", "09:00", "17:00", 5, 5, 12, 480, Instant.parse("2026-01-01T00:00:00Z"));
    /** Saved on 10 March, effective from 2 March: a backdated version. */
    private static final BusinessHours TEN = new BusinessHours(
            "bh-ten",
            BERLIN,
            PunchScript.MONDAY_TO_FRIDAY,
            java.time.LocalTime.of(10, 0),
            java.time.LocalTime.of(17, 0),
            5,
            5,
            12,
            480,
            Instant.parse("2026-03-02T00:00:00Z"),
            Instant.parse("2026-03-10T12:00:00Z"),
            "admin",
            null);

    private static final LocalDate MONDAY = LocalDate.parse("2026-03-02");
    private static final LocalDate TUESDAY = LocalDate.parse("2026-03-03");

    /** Late by an hour on both days under the 09:00 start, on time under the 10:00 one. */
    private static final PunchLedger LEDGER = PunchScript.in(BERLIN)
            .at("2026-03-02T10:00", PunchAction.PUNCH_IN)
            .at("2026-03-02T14:00", PunchAction.PUNCH_OUT)
            .at("2026-03-03T10:00", PunchAction.PUNCH_IN)
            .at("2026-03-03T14:00", PunchAction.PUNCH_OUT)
            .ledger();

    private static Map<LocalDate, WorkSession> storedUnder(BusinessHoursTimeline timeline) {
        Map<LocalDate, WorkSession> stored = new TreeMap<>();
        LEDGER.sessions(timeline, Instant.parse("2026-03-04T00:00:00Z"))
                .forEach(session -> stored.put(session.workDate(), session));
        return stored;
    }

    private static List<FinalDaysRejudging.Rejudged> rejudged(
            BusinessHoursTimeline timeline, java.util.function.Predicate<LocalDate> mayChange) {
        return FinalDaysRejudging.changedDays(
                BERLIN, LEDGER.datedEntries(), storedUnder(BusinessHoursTimeline.of(NINE)), null, timeline, mayChange);
    }

    @Test
    void daysJudgedWithTheSameRulesComeOutEqualToTheirStoredSessions() {
        assertEquals(
                3600, storedUnder(BusinessHoursTimeline.of(NINE)).get(MONDAY).lateSeconds());
        assertTrue(rejudged(BusinessHoursTimeline.of(NINE), date -> true).isEmpty());
    }

    @Test
    void aBackdatedVersionJudgesEveryFinalDayFromItsEffectiveFromAgain() {
        List<FinalDaysRejudging.Rejudged> changed = rejudged(BusinessHoursTimeline.of(NINE, TEN), date -> true);

        assertEquals(
                List.of(MONDAY, TUESDAY),
                changed.stream().map(FinalDaysRejudging.Rejudged::workDate).toList());
        for (FinalDaysRejudging.Rejudged day : changed) {
            assertEquals(3600, day.stored().lateSeconds());
            assertEquals(0, day.judged().lateSeconds(), day::toString);
            assertEquals(storedUnder(BusinessHoursTimeline.of(NINE, TEN)).get(day.workDate()), day.judged());
        }
    }

    @Test
    void aDateThatMayNotChangeKeepsItsSession() {
        List<FinalDaysRejudging.Rejudged> changed =
                rejudged(BusinessHoursTimeline.of(NINE, TEN), date -> !date.equals(MONDAY));

        assertEquals(
                List.of(TUESDAY),
                changed.stream().map(FinalDaysRejudging.Rejudged::workDate).toList());
    }

    @Test
    void aDateWithoutAStoredSessionIsNotFinalAndIsLeftToTheNightlyClosing() {
        Map<LocalDate, WorkSession> onlyTuesday = new TreeMap<>(storedUnder(BusinessHoursTimeline.of(NINE)));
        onlyTuesday.remove(MONDAY);

        List<FinalDaysRejudging.Rejudged> changed = FinalDaysRejudging.changedDays(
                BERLIN, LEDGER.datedEntries(), onlyTuesday, null, BusinessHoursTimeline.of(NINE, TEN), date -> true);

        assertEquals(
                List.of(TUESDAY),
                changed.stream().map(FinalDaysRejudging.Rejudged::workDate).toList());
    }

    @Test
    void onlyAVersionEffectiveBeforeItWasSavedAsksForARejudgeFromItsEarliestDateInAnyZone() {
        RejudgeRequest request = RejudgeRequest.of(TEN).orElseThrow();
        assertEquals("bh-ten", request.versionId());
        // 2 March 00:00 UTC is still 1 March at UTC-18:00.
        assertEquals(LocalDate.parse("2026-03-01"), request.from());
        assertEquals(TEN.createdAt(), request.requestedAt());
        assertTrue(RejudgeRequest.of(NINE).isEmpty(), "effective when it was saved: no final day can change");
    }
}
