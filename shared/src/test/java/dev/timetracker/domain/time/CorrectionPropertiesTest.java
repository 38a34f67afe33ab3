package dev.timetracker.domain.time;

import static dev.timetracker.domain.time.RandomPunchHistories.forAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.correction.CorrectedDay;
import dev.timetracker.domain.correction.CorrectionChange;
import dev.timetracker.domain.correction.CorrectionRejectedException;
import dev.timetracker.domain.correction.DayCorrection;
import dev.timetracker.domain.correction.DayEntries;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A correction is accepted exactly when the history it leaves could have been punched directly: the same actions at
 * the same instants, written as ordinary punches, give the same work dates and the same sessions; and a refused one
 * is one that no direct history could produce. Random histories from {@link RandomPunchHistories}, random changes
 * (adds, moves, voids, some deliberately out of place) on one of their work dates.
 */
class CorrectionPropertiesTest {

    private static final int CASES = 1_000;

    @Test
    void aCorrectionIsAcceptedExactlyWhenItsResultIsAHistoryThatCouldHaveBeenPunched() {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        forAll("aCorrectionIsAcceptedExactlyWhenItsResultIsAHistoryThatCouldHaveBeenPunched", 0xc0_11ec7L, CASES, s -> {
            SplittableRandom random = new SplittableRandom(s.seed() ^ 0x5eedL);
            List<TimeEntry> dated = WorkDateAssignment.assign(s.entries(), s.zone());
            LocalDate workDate = dated.isEmpty()
                    ? LocalDate.ofInstant(s.now(), s.zone())
                    : dated.get(random.nextInt(dated.size())).workDate();
            DayEntries day = dayOf(dated, workDate, s, random.nextBoolean());
            List<CorrectionChange> changes = randomChanges(random, day, s.now());

            Instant now = s.now();
            String direct = directHistoryProblem(dated, day, changes, now);
            CorrectedDay corrected;
            try {
                corrected = DayCorrection.apply(day, changes, "c1", now);
            } catch (CorrectionRejectedException e) {
                assertTrue(
                        direct != null, "refused (" + e.getMessage() + ") although the history is valid: " + changes);
                assertTrue(e.changeIndex() >= 0 && e.changeIndex() < changes.size(), e::getMessage);
                refused.incrementAndGet();
                return;
            }
            assertNull(direct, "accepted although " + direct + ": " + changes);
            accepted.incrementAndGet();

            // The same history, punched directly, gives the same dates and the same sessions.
            List<TimeEntry> history = spliced(dated, day, corrected.entries());
            List<TimeEntry> punched = new ArrayList<>();
            for (TimeEntry entry : history) {
                EntrySource source = entry.source() == EntrySource.CORRECTION ? EntrySource.APP : entry.source();
                punched.add(new TimeEntry(
                        "p" + punched.size(),
                        entry.employeeId(),
                        entry.action(),
                        entry.timestamp(),
                        entry.timestamp(),
                        null,
                        source,
                        null,
                        null));
            }
            PunchLedger viaCorrection = PunchLedger.of(RandomPunchHistories.EMPLOYEE, s.zone(), history);
            PunchLedger direct2 = PunchLedger.of(RandomPunchHistories.EMPLOYEE, s.zone(), punched);
            assertEquals(direct2.sessions(s.timeline(), now), viaCorrection.sessions(s.timeline(), now));
            for (TimeEntry entry : corrected.entries()) {
                assertEquals(workDate, entry.workDate(), entry::toString);
            }
            assertEquals(
                    changes.stream().filter(c -> c.addedAt().isPresent()).count(),
                    corrected.added().size());
            corrected.added().forEach(entry -> assertEquals(EntrySource.CORRECTION, entry.source()));
        });
        System.out.println("corrections: " + accepted + " accepted, " + refused + " refused");
        assertTrue(accepted.get() >= CASES / 10, "enough valid corrections to mean something: " + accepted);
        assertTrue(refused.get() >= CASES / 10, "enough invalid ones too: " + refused);
    }

    /** The work date's entries and its neighbours, as the store would read them. */
    static DayEntries dayOf(
            List<TimeEntry> dated, LocalDate workDate, RandomPunchHistories.Scenario s, boolean finalIfLatest) {
        // A date with later work is always final; the latest one may be (the nightly job closed it) or not.
        boolean laterWork = dated.stream().anyMatch(entry -> entry.workDate().isAfter(workDate));
        return DayEntries.around(RandomPunchHistories.EMPLOYEE, workDate, s.zone(), dated, laterWork || finalIfLatest);
    }

    /** The history with the work date's entries replaced. */
    private static List<TimeEntry> spliced(List<TimeEntry> dated, DayEntries day, List<TimeEntry> replacement) {
        List<TimeEntry> history = new ArrayList<>();
        dated.stream().filter(e -> e.workDate().isBefore(day.workDate())).forEach(history::add);
        history.addAll(replacement);
        dated.stream().filter(e -> e.workDate().isAfter(day.workDate())).forEach(history::add);
        return history;
    }

    /**
     * Why the corrected history could not have been punched directly, or null if it could — computed without
     * {@link DayCorrection}: apply the changes naively, replay the whole history through the state machine, and
     * compare the work dates.
     */
    private static String directHistoryProblem(
            List<TimeEntry> dated, DayEntries day, List<CorrectionChange> changes, Instant now) {
        Set<String> ids = new HashSet<>();
        day.entries().forEach(e -> ids.add(e.id()));
        Set<String> voided = new HashSet<>();
        List<TimeEntry> result = new ArrayList<>();
        List<TimeEntry> added = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            CorrectionChange change = changes.get(i);
            if (change.voidedEntryId().isPresent()) {
                String id = change.voidedEntryId().get();
                if (!ids.contains(id) || !voided.add(id)) {
                    return "changes[" + i + "] names an entry that is not there (any more)";
                }
            }
            if (change.addedAt().isPresent()) {
                if (change.addedAt().get().isAfter(now)) {
                    return "changes[" + i + "] is in the future";
                }
                PunchAction action = change instanceof CorrectionChange.AddEntry add
                        ? add.action()
                        : day.entries().stream()
                                .filter(e ->
                                        e.id().equals(change.voidedEntryId().get()))
                                .findFirst()
                                .orElseThrow()
                                .action();
                added.add(new TimeEntry(
                        "a" + i,
                        day.employeeId(),
                        action,
                        change.addedAt().get(),
                        now,
                        null,
                        EntrySource.CORRECTION,
                        null,
                        null));
            }
        }
        day.entries().stream().filter(e -> !voided.contains(e.id())).forEach(result::add);
        result.addAll(added);
        result.sort(java.util.Comparator.comparing(TimeEntry::timestamp));
        if (day.finalDate()
                && !result.isEmpty()
                && PunchStateMachine.stateAfter(result.get(result.size() - 1).action()) != WorkState.OFF) {
            return "a final date left with an open cycle";
        }
        List<TimeEntry> history = spliced(dated, day, result);
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).timestamp().isBefore(history.get(i - 1).timestamp())) {
                return "out of order at " + history.get(i);
            }
        }
        List<TimeEntry> redated;
        try {
            redated = WorkDateAssignment.assign(history, day.zone());
        } catch (InvalidTransitionException e) {
            return "the state machine refuses it: " + e.getMessage();
        }
        for (int i = 0; i < history.size(); i++) {
            LocalDate expected = result.contains(history.get(i))
                    ? day.workDate()
                    : history.get(i).workDate();
            if (!expected.equals(redated.get(i).workDate())) {
                return history.get(i) + " would belong to " + redated.get(i).workDate();
            }
        }
        return null;
    }

    /** 1 to 4 changes (often 1 or 2): mostly near the day's own entries, sometimes far off, sometimes naming an entry twice. */
    private static List<CorrectionChange> randomChanges(SplittableRandom random, DayEntries day, Instant now) {
        List<CorrectionChange> changes = new ArrayList<>();
        int count = 1 + random.nextInt(random.nextBoolean() ? 2 : 4);
        List<TimeEntry> entries = day.entries();
        Instant anchor = entries.isEmpty()
                ? now.minusSeconds(random.nextLong(1, 72 * 3600))
                : entries.get(0).timestamp();
        for (int i = 0; i < count; i++) {
            int op = entries.isEmpty() ? 0 : random.nextInt(3);
            int reach = random.nextInt(10);
            long shift = reach == 0
                    ? random.nextLong(-3 * 86_400, 3 * 86_400)
                    : reach < 4 ? random.nextLong(-3 * 3600, 3 * 3600) : random.nextLong(-1200, 1200);
            switch (op) {
                case 0 -> {
                    PunchAction action = PunchAction.values()[random.nextInt(PunchAction.values().length)];
                    Instant base = entries.isEmpty()
                            ? anchor
                            : entries.get(random.nextInt(entries.size())).timestamp();
                    changes.add(new CorrectionChange.AddEntry(action, base.plusSeconds(shift)));
                }
                case 1 -> {
                    TimeEntry entry = entries.get(random.nextInt(entries.size()));
                    changes.add(new CorrectionChange.MoveEntry(
                            entry.id(), entry.timestamp().plusSeconds(shift)));
                }
                default ->
                    changes.add(new CorrectionChange.VoidEntry(
                            entries.get(random.nextInt(entries.size())).id()));
            }
        }
        return changes;
    }
}
