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
 */
public final class SessionTally {

    private final String employeeId;
    private final LocalDate workDate;
    private final WorkState state;
    private final Instant firstIn;
    private final Instant lastEntryAt;
    private final @Nullable Instant lastOut;
    private final List<PunchCycle> closedCycles;
    private final @Nullable Instant openPunchIn;
    private final long openCycleBreakSeconds;
    private final @Nullable Instant openBreakStart;
    private final boolean autoClosed;
    private final int entryCount;

    private SessionTally(
            String employeeId,
            LocalDate workDate,
            WorkState state,
            Instant firstIn,
            Instant lastEntryAt,
            @Nullable Instant lastOut,
            List<PunchCycle> closedCycles,
            @Nullable Instant openPunchIn,
            long openCycleBreakSeconds,
            @Nullable Instant openBreakStart,
            boolean autoClosed,
            int entryCount) {
        this.employeeId = employeeId;
        this.workDate = workDate;
        this.state = state;
        this.firstIn = firstIn;
        this.lastEntryAt = lastEntryAt;
        this.lastOut = lastOut;
        this.closedCycles = closedCycles;
        this.openPunchIn = openPunchIn;
        this.openCycleBreakSeconds = openCycleBreakSeconds;
        this.openBreakStart = openBreakStart;
        this.autoClosed = autoClosed;
        this.entryCount = entryCount;
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
            case PUNCH_IN -> after(next, at, lastOut, closedCycles, at, 0, null, autoClosed);
            case BREAK_START ->
                after(next, at, lastOut, closedCycles, openPunchIn, openCycleBreakSeconds, at, autoClosed);
            case BREAK_END ->
                after(
                        next,
                        at,
                        lastOut,
                        closedCycles,
                        openPunchIn,
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
            @Nullable Instant lastOut,
            List<PunchCycle> closedCycles,
            @Nullable Instant openPunchIn,
            long openCycleBreakSeconds,
            @Nullable Instant openBreakStart,
            boolean autoClosed) {
        return new SessionTally(
                employeeId,
                workDate,
                next,
                firstIn,
                at,
                lastOut,
                closedCycles,
                openPunchIn,
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
        if (openPunchIn != null) {
            cycles.add(openCycleUntil(null, now.isBefore(lastEntryAt) ? lastEntryAt : now));
        }
        long worked = 0;
        long breaks = 0;
        for (PunchCycle cycle : cycles) {
            worked += cycle.workedSeconds();
            breaks += cycle.breakSeconds();
        }
        SessionStatus status = openPunchIn != null
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
                        Objects.requireNonNull(lastOut, "a day with no open cycle ended with a punch_out"));
            }
            pay = PayableTime.of(
                    rules.get().payRules(), employeeZone, cycles, worked, breaks, firstIn, previousLastOut);
            // Counted on payable time (the contract): rounding and a deducted break shortfall count here too.
            overtime = Math.max(
                    0, pay.payableSeconds() - rules.get().dailyOvertimeAfter().getSeconds());
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
                status == SessionStatus.OPEN ? null : lastOut,
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
        return Optional.ofNullable(lastOut);
    }

    /** Only called while a cycle is open: the state machine lets a punch_out follow only a punch_in. */
    private PunchCycle openCycleUntil(@Nullable Instant punchOut, Instant end) {
        Instant punchIn = Objects.requireNonNull(openPunchIn, "an open cycle");
        long breaks = openCycleBreakSeconds + (openBreakStart == null ? 0 : secondsBetween(openBreakStart, end));
        long span = secondsBetween(punchIn, end);
        return new PunchCycle(punchIn, punchOut, span - breaks, breaks);
    }

    static Instant toWholeSecond(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }

    static long secondsBetween(Instant from, Instant to) {
        return Duration.between(toWholeSecond(from), toWholeSecond(to)).getSeconds();
    }

    public String employeeId() {
        return employeeId;
    }

    public LocalDate workDate() {
        return workDate;
    }

    public WorkState state() {
        return state;
    }

    public Instant firstIn() {
        return firstIn;
    }

    public Instant lastEntryAt() {
        return lastEntryAt;
    }

    /** The punch_in of the cycle still running, if any. */
    public Optional<Instant> openPunchIn() {
        return Optional.ofNullable(openPunchIn);
    }

    public int entryCount() {
        return entryCount;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SessionTally that)) {
            return false;
        }
        return openCycleBreakSeconds == that.openCycleBreakSeconds
                && autoClosed == that.autoClosed
                && entryCount == that.entryCount
                && employeeId.equals(that.employeeId)
                && workDate.equals(that.workDate)
                && state == that.state
                && firstIn.equals(that.firstIn)
                && lastEntryAt.equals(that.lastEntryAt)
                && Objects.equals(lastOut, that.lastOut)
                && closedCycles.equals(that.closedCycles)
                && Objects.equals(openPunchIn, that.openPunchIn)
                && Objects.equals(openBreakStart, that.openBreakStart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                employeeId,
                workDate,
                state,
                firstIn,
                lastEntryAt,
                lastOut,
                closedCycles,
                openPunchIn,
                openCycleBreakSeconds,
                openBreakStart,
                autoClosed,
                entryCount);
    }

    @Override
    public String toString() {
        return "SessionTally[" + employeeId + " " + workDate + " " + state.wire() + ", " + entryCount + " entries, "
                + closedCycles.size() + " closed cycles" + (openPunchIn == null ? "" : ", open since " + openPunchIn)
                + "]";
    }
}
