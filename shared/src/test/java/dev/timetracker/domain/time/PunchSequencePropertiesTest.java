package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.RandomPunchHistories.EMPLOYEE;
import static dev.timetracker.domain.time.RandomPunchHistories.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.time.RandomPunchHistories.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Properties of random punch histories that obey the state machine, in zones with and without daylight saving time
 * (including half-hour shifts and zones whose offsets are not whole hours), often starting just before a clock
 * change. See {@link RandomPunchHistories} for how histories are drawn from fixed seeds, and how to rerun one.
 */
class PunchSequencePropertiesTest {

    private static final int CASES = 1_000;
    /** Each case replays its history once per entry prefix, so it costs about 20 times as much as the others. */
    private static final int INCREMENTAL_CASES = 400;

    private static Instant whole(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The entries of each work date in order, computed without the ledger. */
    private static Map<LocalDate, List<TimeEntry>> byWorkDate(List<TimeEntry> entries, ZoneId zone) {
        Map<LocalDate, List<TimeEntry>> days = new LinkedHashMap<>();
        for (TimeEntry entry : WorkDateAssignment.assign(entries, zone)) {
            days.computeIfAbsent(entry.workDate(), date -> new ArrayList<>()).add(entry);
        }
        return days;
    }

    private static List<WorkSession> recomputedDayByDay(Scenario s, List<TimeEntry> entries) {
        return byWorkDate(entries, s.zone()).values().stream()
                .map(day -> SessionTally.of(day).toSession(s.zone(), s.timeline(), s.now()))
                .toList();
    }

    @Test
    void workedPlusBreakIsTheSumOfCycleSpans() {
        forAll("workedPlusBreakIsTheSumOfCycleSpans", 0x5eed_0001L, CASES, s -> {
            List<WorkSession> sessions =
                    PunchLedger.of(EMPLOYEE, s.zone(), s.entries()).sessions(s.timeline(), s.now());
            Map<LocalDate, List<TimeEntry>> days = byWorkDate(s.entries(), s.zone());
            assertEquals(
                    List.copyOf(days.keySet()),
                    sessions.stream().map(WorkSession::workDate).toList());

            for (WorkSession session : sessions) {
                List<TimeEntry> day = days.get(session.workDate());
                Instant lastPunch = day.get(day.size() - 1).timestamp();
                Instant liveEnd = s.now().isBefore(lastPunch) ? lastPunch : s.now();
                long spans = 0;
                long breaks = 0;
                Instant punchIn = null;
                Instant breakStart = null;
                for (TimeEntry entry : day) {
                    switch (entry.action()) {
                        case PUNCH_IN -> punchIn = entry.timestamp();
                        case BREAK_START -> breakStart = entry.timestamp();
                        case BREAK_END, PUNCH_OUT -> {
                            if (breakStart != null) {
                                breaks += Duration.between(whole(breakStart), whole(entry.timestamp()))
                                        .getSeconds();
                                breakStart = null;
                            }
                            if (entry.action() == PunchAction.PUNCH_OUT) {
                                spans += Duration.between(whole(punchIn), whole(entry.timestamp()))
                                        .getSeconds();
                                punchIn = null;
                            }
                        }
                    }
                }
                if (punchIn != null) {
                    spans += Duration.between(whole(punchIn), whole(liveEnd)).getSeconds();
                }
                if (breakStart != null) {
                    breaks +=
                            Duration.between(whole(breakStart), whole(liveEnd)).getSeconds();
                }
                assertEquals(spans, session.workedSeconds() + session.breakSeconds(), session::toString);
                // Breaks counted independently too, so worked time cannot silently absorb a lost break.
                assertEquals(breaks, session.breakSeconds(), session::toString);
                assertEquals(
                        session.workedSeconds(),
                        session.cycles().stream()
                                .mapToLong(PunchCycle::workedSeconds)
                                .sum(),
                        session::toString);
                assertEquals(
                        session.breakSeconds(),
                        session.cycles().stream()
                                .mapToLong(PunchCycle::breakSeconds)
                                .sum(),
                        session::toString);
                for (PunchCycle cycle : session.cycles()) {
                    Instant end = cycle.punchOut() == null ? liveEnd : cycle.punchOut();
                    assertEquals(
                            Duration.between(whole(cycle.punchIn()), whole(end)).getSeconds(),
                            cycle.spanSeconds(),
                            cycle::toString);
                }
            }
        });
    }

    @Test
    void nothingIsNegative() {
        forAll("nothingIsNegative", 0x5eed_0002L, CASES, s -> {
            for (WorkSession session :
                    PunchLedger.of(EMPLOYEE, s.zone(), s.entries()).sessions(s.timeline(), s.now())) {
                assertTrue(session.workedSeconds() >= 0, session::toString);
                assertTrue(session.breakSeconds() >= 0, session::toString);
                assertTrue(session.lateSeconds() >= 0, session::toString);
                assertTrue(session.earlyLeaveSeconds() >= 0, session::toString);
                assertTrue(session.overtimeSeconds() >= 0, session::toString);
                assertTrue(session.overtimeSeconds() <= session.workedSeconds(), session::toString);
                for (PunchCycle cycle : session.cycles()) {
                    assertTrue(cycle.workedSeconds() >= 0 && cycle.breakSeconds() >= 0, cycle::toString);
                }
            }
        });
    }

    @Test
    void applyingOneByOneEqualsRecomputingFromAllEntries() {
        forAll("applyingOneByOneEqualsRecomputingFromAllEntries", 0x5eed_0003L, INCREMENTAL_CASES, s -> {
            PunchLedger incremental = PunchLedger.empty(EMPLOYEE, s.zone());
            for (int i = 0; i < s.entries().size(); i++) {
                incremental = incremental.record(s.entries().get(i));
                List<TimeEntry> prefix = s.entries().subList(0, i + 1);
                String after = "after entry " + (i + 1);

                List<WorkSession> sessions = incremental.sessions(s.timeline(), s.now());

                assertEquals(recomputedDayByDay(s, prefix), sessions, after);
                assertEquals(
                        PunchLedger.of(EMPLOYEE, s.zone(), prefix).sessions(s.timeline(), s.now()), sessions, after);
            }

            // The status route only loads the latest entry and today's entries; it must agree with the whole
            // history.
            TimeEntry latest = incremental.latest().orElse(null);
            LocalDate today = WorkStatus.today(latest, s.zone(), s.now());
            List<TimeEntry> todays = byWorkDate(s.entries(), s.zone()).getOrDefault(today, List.of());
            assertEquals(
                    incremental.status(s.timeline(), s.now()),
                    WorkStatus.of(EMPLOYEE, latest, todays, s.zone(), s.timeline(), s.now()));
        });
    }

    @Test
    void workDatesNeverDecreaseAndFollowTheCyclesPunchIn() {
        forAll("workDatesNeverDecreaseAndFollowTheCyclesPunchIn", 0x5eed_0004L, CASES, s -> {
            List<TimeEntry> dated = WorkDateAssignment.assign(s.entries(), s.zone());
            LocalDate previous = LocalDate.MIN;
            for (TimeEntry entry : dated) {
                assertFalse(entry.workDate().isBefore(previous), dated::toString);
                if (entry.action() == PunchAction.PUNCH_IN) {
                    assertEquals(LocalDate.ofInstant(entry.timestamp(), s.zone()), entry.workDate(), entry::toString);
                } else {
                    assertEquals(previous, entry.workDate(), entry::toString);
                }
                previous = entry.workDate();
            }
        });
    }

    @Test
    void anAutoPunchOutClosesTheOpenCycleWithoutGoingBackInTime() {
        forAll("anAutoPunchOutClosesTheOpenCycleWithoutGoingBackInTime", 0x5eed_0005L, CASES, s -> {
            PunchLedger ledger = PunchLedger.of(EMPLOYEE, s.zone(), s.entries());
            Optional<AutoPunchOut> due = ledger.autoPunchOutDue(s.timeline(), s.now());
            if (due.isEmpty()) {
                return;
            }
            TimeEntry latest = ledger.latest().orElseThrow();
            AutoPunchOut punchOut = due.get();
            assertEquals(latest.workDate(), punchOut.workDate(), punchOut::toString);
            assertFalse(punchOut.timestamp().isBefore(latest.timestamp()), punchOut::toString);
            assertTrue(s.now().isAfter(punchOut.punchIn().plus(punchOut.maxShift())), punchOut::toString);

            PunchLedger closed = ledger.record(punchOut.toEntry("auto", s.now()));
            WorkSession session =
                    closed.session(punchOut.workDate(), s.timeline(), s.now()).orElseThrow();
            assertEquals(WorkState.OFF, closed.state(), session::toString);
            assertEquals(SessionStatus.AUTO_CLOSED, session.status(), session::toString);
            assertEquals(List.of(WorkSession.MISSING_PUNCH_OUT), session.flags(), session::toString);
            assertEquals(0, session.earlyLeaveSeconds(), session::toString);
            assertEquals(Optional.empty(), closed.autoPunchOutDue(s.timeline(), s.now()));
        });
    }

    /**
     * Guards the generator rather than the domain: the properties above only mean something if the histories
     * really contain the situations they are meant to explore.
     */
    @Test
    void theHistoriesCoverTheSituationsThePropertiesAreAbout() {
        assumeTrue(System.getProperty(RandomPunchHistories.SEED_PROPERTY) == null, "a single seed was requested");
        Map<String, Integer> seen = new TreeMap<>();
        for (ZoneId zone : RandomPunchHistories.ZONES) {
            seen.put("zone " + zone, 0);
        }
        for (String situation : List.of(
                "no entries",
                RandomPunchHistories.MAX_STEPS + " entries",
                "no gap",
                "gap of 16 h or more",
                "sub-second input",
                "cycle past local midnight",
                "cycle across a clock change",
                "auto punch_out entry",
                "break_start",
                "break_end",
                "punch_out during a break",
                "open cycle at now",
                "no business hours",
                RandomPunchHistories.MAX_CONFIGURATIONS + " business hours",
                "max shift 0",
                "night-shift business hours",
                "auto punch_out due",
                "late",
                "early leave",
                "overtime")) {
            seen.put(situation, 0);
        }
        for (long seed : RandomPunchHistories.seeds(0x5eed_0001L, CASES)) {
            Scenario s = RandomPunchHistories.scenario(RandomPunchHistories.plan(seed));
            situations(s).forEach(situation -> seen.merge(situation, 1, Integer::sum));
        }
        System.out.println("situations in " + CASES + " histories: " + seen);
        seen.forEach((situation, count) -> assertTrue(count > 0, "no history has " + situation + ": " + seen));
    }

    /** The situations one history contains, each named once. */
    private static Set<String> situations(Scenario s) {
        Set<String> found = new HashSet<>();
        List<TimeEntry> entries = WorkDateAssignment.assign(s.entries(), s.zone());
        found.add("zone " + s.zone());
        // Entries keep whole seconds (TimePrecision) whatever they were given; the steps' fractions add up in now.
        if (s.now().getNano() != 0) {
            found.add("sub-second input");
        }
        if (entries.isEmpty()) {
            found.add("no entries");
        }
        if (entries.size() == RandomPunchHistories.MAX_STEPS) {
            found.add(RandomPunchHistories.MAX_STEPS + " entries");
        }
        Instant previous = null;
        Instant punchIn = null;
        PunchAction previousAction = null;
        for (TimeEntry entry : entries) {
            Instant at = entry.timestamp();
            if (previous != null && previous.equals(at)) {
                found.add("no gap");
            }
            if (previous != null && Duration.between(previous, at).compareTo(Duration.ofHours(16)) >= 0) {
                found.add("gap of 16 h or more");
            }
            if (entry.action() == PunchAction.PUNCH_IN) {
                punchIn = at;
            } else {
                if (!LocalDate.ofInstant(at, s.zone()).equals(entry.workDate())) {
                    found.add("cycle past local midnight");
                }
                if (!s.zone()
                        .getRules()
                        .getOffset(punchIn)
                        .equals(s.zone().getRules().getOffset(at))) {
                    found.add("cycle across a clock change");
                }
            }
            if (entry.isAutoPunchOut()) {
                found.add("auto punch_out entry");
            }
            if (entry.action() == PunchAction.BREAK_START || entry.action() == PunchAction.BREAK_END) {
                found.add(entry.action().wire());
            }
            if (entry.action() == PunchAction.PUNCH_OUT && previousAction == PunchAction.BREAK_START) {
                found.add("punch_out during a break");
            }
            previous = at;
            previousAction = entry.action();
        }
        List<BusinessHours> hours = s.timeline().configurations();
        if (hours.isEmpty()) {
            found.add("no business hours");
        }
        if (hours.size() == RandomPunchHistories.MAX_CONFIGURATIONS) {
            found.add(RandomPunchHistories.MAX_CONFIGURATIONS + " business hours");
        }
        if (hours.stream().anyMatch(h -> h.maxShiftHours() == 0)) {
            found.add("max shift 0");
        }
        if (hours.stream().anyMatch(h -> !h.endTime().isAfter(h.startTime()))) {
            found.add("night-shift business hours");
        }
        PunchLedger ledger = PunchLedger.of(EMPLOYEE, s.zone(), s.entries());
        if (ledger.state() != WorkState.OFF) {
            found.add("open cycle at now");
        }
        if (ledger.autoPunchOutDue(s.timeline(), s.now()).isPresent()) {
            found.add("auto punch_out due");
        }
        for (WorkSession session : ledger.sessions(s.timeline(), s.now())) {
            if (session.lateSeconds() > 0) {
                found.add("late");
            }
            if (session.earlyLeaveSeconds() > 0) {
                found.add("early leave");
            }
            if (session.overtimeSeconds() > 0) {
                found.add("overtime");
            }
        }
        return found;
    }
}
