package dev.timetracker.domain.correction;

import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Applies the changes of a correction to one work date and checks that the result is a day that could have been
 * punched: the state machine from "off", every punch_in on that date in the employee's zone, nothing before the
 * previous work date's last entry or after the next one's first, no open cycle with later work after it or on a
 * final date, and nothing in the future. Pure: the same day and changes give the same result (ids of added entries derive from the
 * correction's id), so a correction can be validated when requested and validated again, unchanged, on approval.
 */
public final class DayCorrection {

    private DayCorrection() {}

    /**
     * @param correctionId names the added entries ({@code <correctionId>.<change index>}) and marks the voided ones
     * @param now          the server time: no change may put an entry after it
     * @throws CorrectionRejectedException naming the first change that breaks a rule; nothing is applied
     */
    public static CorrectedDay apply(DayEntries day, List<CorrectionChange> changes, String correctionId, Instant now) {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(correctionId, "correctionId");
        Objects.requireNonNull(now, "now");
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("a correction has at least one change");
        }
        Map<String, TimeEntry> recorded = new HashMap<>();
        for (TimeEntry entry : day.entries()) {
            recorded.put(entry.id(), entry);
        }

        Map<String, Integer> voidedBy = new HashMap<>();
        List<TimeEntry> added = new ArrayList<>();
        Map<String, Integer> changeOf = new HashMap<>();
        Instant[] touchedAt = new Instant[changes.size()];
        for (int index = 0; index < changes.size(); index++) {
            CorrectionChange change = changes.get(index);
            @Nullable TimeEntry original = null;
            if (change.voidedEntryId().isPresent()) {
                String entryId = change.voidedEntryId().get();
                original = recorded.get(entryId);
                if (original == null) {
                    throw new CorrectionRejectedException(
                            index, "entry " + entryId + " is not an effective entry of " + day.workDate());
                }
                Integer earlier = voidedBy.putIfAbsent(entryId, index);
                if (earlier != null) {
                    throw new CorrectionRejectedException(
                            index, "entry " + entryId + " is already changed by changes[" + earlier + "]");
                }
                touchedAt[index] = original.timestamp();
            }
            if (change.addedAt().isPresent()) {
                Instant at = change.addedAt().get();
                if (at.isAfter(now)) {
                    throw new CorrectionRejectedException(index, change.op() + " to " + at + " is in the future");
                }
                PunchAction action = change instanceof CorrectionChange.AddEntry add
                        ? add.action()
                        : Objects.requireNonNull(original).action();
                TimeEntry entry = new TimeEntry(
                        correctionId + "." + index,
                        day.employeeId(),
                        action,
                        at,
                        now,
                        null,
                        EntrySource.CORRECTION,
                        null,
                        null);
                added.add(entry);
                changeOf.put(entry.id(), index);
                touchedAt[index] = touchedAt[index] == null || at.isBefore(touchedAt[index]) ? at : touchedAt[index];
            }
        }

        List<TimeEntry> result = new ArrayList<>();
        for (TimeEntry entry : day.entries()) {
            if (!voidedBy.containsKey(entry.id())) {
                result.add(entry);
            }
        }
        result.addAll(added);
        // Stable: at equal instants, recorded entries keep their order and added ones follow in change order.
        result.sort(Comparator.comparing(TimeEntry::timestamp));

        List<TimeEntry> dated = checked(day, result, new Blame(changeOf, Arrays.asList(touchedAt)));
        return new CorrectedDay(
                dated,
                added.stream().map(entry -> entry.withWorkDate(day.workDate())).toList(),
                voidedBy.keySet());
    }

    private static List<TimeEntry> checked(DayEntries day, List<TimeEntry> result, Blame blame) {
        List<TimeEntry> dated = new ArrayList<>(result.size());
        WorkState state = WorkState.OFF;
        if (day.before() != null
                && PunchStateMachine.stateAfter(day.before().action()) != WorkState.OFF
                && !result.isEmpty()) {
            throw blame.rejected(
                    result.get(0),
                    "the cycle of " + day.before().workDate() + " is still open at "
                            + day.before().timestamp() + "; correct that work date first");
        }
        for (TimeEntry entry : result) {
            if (day.before() != null && entry.timestamp().isBefore(day.before().timestamp())) {
                throw blame.rejected(
                        entry,
                        describe(entry) + " is before the last entry of "
                                + day.before().workDate() + " at "
                                + day.before().timestamp());
            }
            if (day.after() != null && entry.timestamp().isAfter(day.after().timestamp())) {
                throw blame.rejected(
                        entry,
                        describe(entry) + " is after the first entry of "
                                + day.after().workDate() + " at " + day.after().timestamp());
            }
            if (!PunchStateMachine.allows(state, entry.action())) {
                throw blame.rejected(
                        entry,
                        describe(entry) + " is not allowed while "
                                + state.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (entry.action() == PunchAction.PUNCH_IN) {
                LocalDate date = LocalDate.ofInstant(entry.timestamp(), day.zone());
                if (!date.equals(day.workDate())) {
                    throw blame.rejected(
                            entry,
                            describe(entry) + " starts a cycle on " + date + ", not on " + day.workDate() + " ("
                                    + day.zone().getId() + ")");
                }
            }
            state = PunchStateMachine.next(state, entry.action());
            dated.add(entry.withWorkDate(day.workDate()));
        }
        if (state != WorkState.OFF && day.after() != null) {
            throw blame.rejected(
                    result.get(result.size() - 1),
                    "the last cycle of " + day.workDate() + " would stay open although the employee punched again at "
                            + day.after().timestamp());
        }
        if (state != WorkState.OFF && day.finalDate()) {
            throw blame.rejected(
                    result.get(result.size() - 1),
                    "the last cycle of " + day.workDate()
                            + " would stay open, but the date is final: end it with a punch_out");
        }
        return dated;
    }

    /** Which change a broken entry is laid at. */
    private record Blame(Map<String, Integer> changeOf, List<Instant> touchedAt) {

        /**
         * The change that added {@code broken}; for a recorded entry, the first change that touches the day at or
         * before it (a void or a move that left it without its predecessor), else the earliest-touching change.
         */
        CorrectionRejectedException rejected(TimeEntry broken, String reason) {
            Integer adding = changeOf.get(broken.id());
            if (adding != null) {
                return new CorrectionRejectedException(adding, reason);
            }
            int earliest = 0;
            for (int index = 0; index < touchedAt.size(); index++) {
                if (!touchedAt.get(index).isAfter(broken.timestamp())) {
                    return new CorrectionRejectedException(index, reason);
                }
                if (touchedAt.get(index).isBefore(touchedAt.get(earliest))) {
                    earliest = index;
                }
            }
            return new CorrectionRejectedException(earliest, reason);
        }
    }

    private static String describe(TimeEntry entry) {
        return entry.action().name().toLowerCase(java.util.Locale.ROOT) + " at " + entry.timestamp();
    }
}
