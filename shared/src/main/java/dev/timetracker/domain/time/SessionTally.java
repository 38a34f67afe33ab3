package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The running tally of one employee's work date, folded one entry at a time. It is immutable, and recomputing a
 * day is the same fold over all of its entries ({@link #of}), so a session updated punch by punch and one rebuilt
 * from storage cannot drift apart.
 *
 * <p>All durations are whole seconds between instants truncated to the second. Truncating the instants rather than
 * each duration keeps worked + break equal to the cycle span exactly.
 *
 * <p>Build one with {@link #start}, {@link #of} and {@link #apply}: those keep the components consistent with each
 * other, which the canonical constructor (there for value equality) does not check beyond nulls.
 *
 * @param lastPunchOut     the last punch_out of the date, null before its first cycle ended (see {@link #lastOut})
 * @param openCyclePunchIn the punch_in of the cycle still running, null when none is (see {@link #openPunchIn})
 * @param openBreakStart   the start of the break still running, null when none is
 */
public record SessionTally(
        String employeeId,
        LocalDate workDate,
        WorkState state,
        Instant firstIn,
        Instant lastEntryAt,
        @Nullable Instant lastPunchOut,
        List<PunchCycle> closedCycles,
        @Nullable Instant openCyclePunchIn,
        long openCycleBreakSeconds,
        @Nullable Instant openBreakStart,
        boolean autoClosed,
        int entryCount) {

    public SessionTally {
        Objects.requireNonNull(employeeId, "employeeId");
        Objects.requireNonNull(workDate, "workDate");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(firstIn, "firstIn");
        Objects.requireNonNull(lastEntryAt, "lastEntryAt");
        closedCycles = List.copyOf(closedCycles);
    }

    /** A work date only exists from its first punch_in on, so a tally is never empty. */
    public static SessionTally start(TimeEntry firstPunchIn) {
        Objects.requireNonNull(firstPunchIn, "firstPunchIn");
        LocalDate workDate = firstPunchIn.workDate();
        if (workDate == null) {
            throw new IllegalArgumentException("entry " + firstPunchIn.id() + " has no work date yet");
        }
        PunchStateMachine.next(WorkState.OFF, firstPunchIn.action());
        return new SessionTally(
                firstPunchIn.employeeId(),
                workDate,
                WorkState.WORKING,
                firstPunchIn.timestamp(),
                firstPunchIn.timestamp(),
                null,
                List.of(),
                firstPunchIn.timestamp(),
                0,
                null,
                false,
                1);
    }

    /**
     * Recomputes a work date from all of its dated entries, oldest first.
     *
     * @throws InvalidTransitionException when the entries break the state machine
     * @throws IllegalArgumentException when they are empty, out of order, or belong to other dates or employees
     */
    public static SessionTally of(List<TimeEntry> dayEntries) {
        if (dayEntries.isEmpty()) {
            throw new IllegalArgumentException("a work date needs at least its punch_in");
        }
        SessionTally tally = start(dayEntries.get(0));
        for (TimeEntry entry : dayEntries.subList(1, dayEntries.size())) {
            tally = tally.apply(entry);
        }
        return tally;
    }

    /**
     * @throws InvalidTransitionException when the entry is not allowed in the current state
     * @throws IllegalArgumentException when the entry is older than the last one, or belongs to another work date
     *                                  or employee
     */
    public SessionTally apply(TimeEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!employeeId.equals(entry.employeeId())) {
            throw new IllegalArgumentException(
                    "entry " + entry.id() + " belongs to employee " + entry.employeeId() + ", not " + employeeId);
        }
        if (!workDate.equals(entry.workDate())) {
            throw new IllegalArgumentException(
                    "entry " + entry.id() + " belongs to work date " + entry.workDate() + ", not " + workDate);
        }
        Instant at = entry.timestamp();
        if (at.isBefore(lastEntryAt)) {
            throw new IllegalArgumentException(
                    "entry " + entry.id() + " at " + at + " comes before the previous entry at " + lastEntryAt);
        }
        WorkState next = PunchStateMachine.next(state, entry.action());
        return switch (entry.action()) {
            case PUNCH_IN -> after(next, at, lastPunchOut, closedCycles, at, 0, null, autoClosed);
            case BREAK_START ->
                after(next, at, lastPunchOut, closedCycles, openCyclePunchIn, openCycleBreakSeconds, at, autoClosed);
            case BREAK_END ->
                after(
                        next,
                        at,
                        lastPunchOut,
                        closedCycles,
                        openCyclePunchIn,
                        openCycleBreakSeconds
                                + secondsBetween(
                                        Objects.requireNonNull(openBreakStart, "a break_end follows a break_start"),
                                        at),
                        null,
                        autoClosed);
            case PUNCH_OUT -> {
                List<PunchCycle> cycles = new ArrayList<>(closedCycles);
                cycles.add(openCycleUntil(at, at));
                yield after(next, at, at, List.copyOf(cycles), null, 0, null, autoClosed || entry.isAutoPunchOut());
            }
        };
    }

    /** The same employee's same work date, with its first punch_in, after one more entry at {@code at}. */
    private SessionTally after(
            WorkState next,
            Instant at,
            @Nullable Instant lastPunchOut,
            List<PunchCycle> closedCycles,
            @Nullable Instant openCyclePunchIn,
            long openCycleBreakSeconds,
            @Nullable Instant openBreakStart,
            boolean autoClosed) {
        return new SessionTally(
                employeeId,
                workDate,
                next,
                firstIn,
                at,
                lastPunchOut,
                closedCycles,
                openCyclePunchIn,
                openCycleBreakSeconds,
                openBreakStart,
                autoClosed,
                entryCount + 1);
    }

    /**
     * The session as of {@code now}. Closed cycles ignore {@code now}; an open one counts up to it, but never to
     * before its own last entry, because a device clock may put a punch slightly ahead of the server's.
     *
     * @param employeeZone the employee's zone, in which the business hours' wall-clock times are read
     */
    public WorkSession toSession(ZoneId employeeZone, BusinessHoursTimeline timeline, Instant now) {
        return toSession(employeeZone, timeline, now, null);
    }

    /**
     * @param previousLastOut the last punch_out of the employee's previous work day, for the rest rule; null when
     *                        there is none or it is not known (then the day is never flagged {@code short_rest})
     */
    public WorkSession toSession(
            ZoneId employeeZone, BusinessHoursTimeline timeline, Instant now, @Nullable Instant previousLastOut) {
        Objects.requireNonNull(employeeZone, "employeeZone");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(now, "now");
        List<PunchCycle> cycles = new ArrayList<>(closedCycles);
        if (openCyclePunchIn != null) {
            cycles.add(openCycleUntil(null, now.isBefore(lastEntryAt) ? lastEntryAt : now));
        }
        long worked = 0;
        long breaks = 0;
        for (PunchCycle cycle : cycles) {
            worked += cycle.workedSeconds();
            breaks += cycle.breakSeconds();
        }
        SessionStatus status = openCyclePunchIn != null
                ? SessionStatus.OPEN
                : autoClosed ? SessionStatus.AUTO_CLOSED : SessionStatus.COMPLETE;

        long late = 0;
        long earlyLeave = 0;
        long overtime = 0;
        PayableTime pay = PayableTime.unruled(worked);
        Optional<BusinessHours> rules = timeline.inForceAt(firstIn);
        if (rules.isPresent()) {
            WorkDaySchedule schedule = WorkDaySchedule.of(rules.get(), workDate, employeeZone);
            late = schedule.lateSeconds(firstIn);
            // An auto punch_out is not a time the employee chose to leave, so it says nothing about leaving early.
            if (status == SessionStatus.COMPLETE) {
                earlyLeave = schedule.earlyLeaveSeconds(
                        Objects.requireNonNull(lastPunchOut, "a day with no open cycle ended with a punch_out"));
            }
            pay = PayableTime.of(
                    rules.get().payRules(), employeeZone, cycles, worked, breaks, firstIn, previousLastOut);
            // Counted on payable time (the contract): rounding and a deducted break shortfall count here too.
            overtime = Math.max(
                    0, pay.payableSeconds() - rules.get().dailyOvertimeAfter().toSeconds());
        }
        List<String> flags = new ArrayList<>();
        if (autoClosed) {
            flags.add(WorkSession.MISSING_PUNCH_OUT);
        }
        flags.addAll(pay.flags());
        return new WorkSession(
                employeeId,
                workDate,
                firstIn,
                status == SessionStatus.OPEN ? null : lastPunchOut,
                worked,
                breaks,
                cycles,
                late,
                earlyLeave,
                overtime,
                pay.payableSeconds(),
                pay.breakShortfallSeconds(),
                status,
                flags);
    }

    /** The last punch_out of the date; null before its first cycle ended. */
    public Optional<Instant> lastOut() {
        return Optional.ofNullable(lastPunchOut);
    }

    /** Only called while a cycle is open: the state machine lets a punch_out follow only a punch_in. */
    private PunchCycle openCycleUntil(@Nullable Instant punchOut, Instant end) {
        Instant punchIn = Objects.requireNonNull(openCyclePunchIn, "an open cycle");
        long breaks = openCycleBreakSeconds + (openBreakStart == null ? 0 : secondsBetween(openBreakStart, end));
        long span = secondsBetween(punchIn, end);
        return new PunchCycle(punchIn, punchOut, span - breaks, breaks);
    }

    static Instant toWholeSecond(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static long secondsBetween(Instant from, Instant to) {
        return Duration.between(toWholeSecond(from), toWholeSecond(to)).toSeconds();
    }

    /** The punch_in of the cycle still running, if any. */
    public Optional<Instant> openPunchIn() {
        return Optional.ofNullable(openCyclePunchIn);
    }

    @Override
    public String toString() {
        return "SessionTally[" + employeeId + " " + workDate + " " + state.wire() + ", " + entryCount + " entries, "
                + closedCycles.size() + " closed cycles"
                + (openCyclePunchIn == null ? "" : ", open since " + openCyclePunchIn)
                + "]";
    }
}
