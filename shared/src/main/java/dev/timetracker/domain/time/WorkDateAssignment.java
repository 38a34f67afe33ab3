package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Places entries on work dates. A cycle belongs to the local date of its punch_in in the employee's zone, even
 * when it ends after midnight, so every later entry of the cycle inherits that date instead of using its own.
 */
public final class WorkDateAssignment {

    private WorkDateAssignment() {}

    /**
     * The work date a new punch belongs to, given the employee's latest entry (already dated), or null if the
     * employee never punched.
     *
     * @throws InvalidTransitionException when the punch is not allowed after {@code previous}
     */
    public static LocalDate workDateFor(
            @Nullable TimeEntry previous, PunchAction action, Instant timestamp, ZoneId zone) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(zone, "zone");
        WorkState current = previous == null ? WorkState.OFF : PunchStateMachine.stateAfter(previous.action());
        PunchStateMachine.next(current, action);
        // Without a previous entry only a punch_in gets past the state machine.
        if (action == PunchAction.PUNCH_IN || previous == null) {
            return LocalDate.ofInstant(timestamp, zone);
        }
        LocalDate previousDate = previous.workDate();
        if (previousDate == null) {
            throw new IllegalArgumentException("previous entry " + previous.id() + " has no work date yet");
        }
        return previousDate;
    }

    /**
     * Dates every entry of one employee. Any work date already on an entry is replaced, so the result depends only
     * on timestamps, actions and {@code zone}.
     *
     * @param chronological the employee's entries, oldest first, starting with a punch_in
     * @throws InvalidTransitionException when the sequence breaks the state machine
     * @throws IllegalArgumentException when the entries are not in chronological order
     */
    public static List<TimeEntry> assign(List<TimeEntry> chronological, ZoneId zone) {
        List<TimeEntry> dated = new ArrayList<>(chronological.size());
        TimeEntry previous = null;
        for (TimeEntry entry : chronological) {
            requireNotBefore(previous, entry);
            TimeEntry current = entry.withWorkDate(workDateFor(previous, entry.action(), entry.timestamp(), zone));
            dated.add(current);
            previous = current;
        }
        return List.copyOf(dated);
    }

    /**
     * Dates entries that cannot be folded (out of order, or breaking the state machine), so that an admin can
     * repair them: each punch_in on its own local date, every other entry on the date of the entry recorded before
     * it (its own local date when it is the first). Nothing is checked; the repaired day is validated instead.
     *
     * @param recordingOrder one employee's entries in the order they were recorded
     */
    public static List<TimeEntry> assignAsRecorded(List<TimeEntry> recordingOrder, ZoneId zone) {
        List<TimeEntry> dated = new ArrayList<>(recordingOrder.size());
        LocalDate previousDate = null;
        for (TimeEntry entry : recordingOrder) {
            LocalDate date = entry.action() == PunchAction.PUNCH_IN || previousDate == null
                    ? LocalDate.ofInstant(entry.timestamp(), zone)
                    : previousDate;
            dated.add(entry.withWorkDate(date));
            previousDate = date;
        }
        return List.copyOf(dated);
    }

    static void requireNotBefore(@Nullable TimeEntry previous, TimeEntry entry) {
        if (previous != null && entry.timestamp().isBefore(previous.timestamp())) {
            throw new IllegalArgumentException("entry " + entry.id() + " at " + entry.timestamp()
                    + " comes before the previous entry " + previous.id() + " at " + previous.timestamp());
        }
    }
}
