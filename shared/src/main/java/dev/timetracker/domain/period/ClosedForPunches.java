package dev.timetracker.domain.period;

import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Which punches would change a closed work date (API contract: "a locked date refuses punches"), for a punch path
 * that is one conditional write on the employee's clock (docs/storage.md, "Punches on closed dates"). A punch's
 * work date is its cycle's punch_in date in the employee's zone; the zone is on the clock, so before the write the
 * date is only known to lie between the punch_in's dates at UTC−18:00 and UTC+18:00 (no zone is further away).
 * The lock comes from a cache ({@link PayPeriodLock#PUNCH_CACHE}); approved weeks are on the clock itself, kept
 * there by the timesheet's own transaction, so the write's condition sees them exactly.
 */
public final class ClosedForPunches {
    /**
     * How far back a punch_out or break looks for its open cycle's punch_in in the write's own condition. A cycle
     * that started earlier is refused by that condition and decided on the clock it returns.
     */
    static final Duration USUAL_CYCLE = Duration.ofHours(24);

    private final Supplier<PayPeriodLock> lock;
    private final BiFunction<String, IsoWeek, Optional<Timesheet>> timesheets;

    /**
     * @param lock       the lock as cached for punches
     * @param timesheets the stored week of an employee (only read when a punch is decided on its clock)
     */
    public ClosedForPunches(Supplier<PayPeriodLock> lock, BiFunction<String, IsoWeek, Optional<Timesheet>> timesheets) {
        this.lock = lock;
        this.timesheets = timesheets;
    }

    /** Nothing is ever closed (functions and tests without timesheets or lock). */
    public static final ClosedForPunches NOTHING =
            new ClosedForPunches(() -> PayPeriodLock.NONE, (employee, week) -> Optional.empty());

    /** Whether the punch must be decided on the clock as read before it is written: its date may be under the lock. */
    public boolean needsClock(TimeEntry entry, Instant now) {
        LocalDate through = lock.get().throughForPunches(now);
        return entry.action() == PunchAction.PUNCH_IN
                && through != null
                && entry.timestamp().isBefore(openEverywhereFrom(through));
    }

    /** The conditions of a write that was not decided on a clock. */
    public PunchGuard guard(TimeEntry entry, Instant now) {
        if (entry.action() == PunchAction.PUNCH_IN) {
            return new PunchGuard(null, weeksOfUtcDates(entry.timestamp(), entry.timestamp()), null);
        }
        Instant since = entry.timestamp().minus(USUAL_CYCLE);
        LocalDate through = lock.get().throughForPunches(now);
        if (through != null && openEverywhereFrom(through).isAfter(since)) {
            since = openEverywhereFrom(through);
        }
        Instant earliest = since.isBefore(entry.timestamp()) ? since : entry.timestamp();
        return new PunchGuard(since, weeksOfUtcDates(earliest, entry.timestamp()), null);
    }

    /**
     * Decides exactly on the employee's clock as read: the punch's work date in their zone (for a punch_out or
     * break, its open cycle's), under the lock in force for punches or in an approved week of theirs.
     *
     * @throws PeriodLockedException when that date is closed
     */
    public void requireOpen(PunchClock clock, TimeEntry entry, Instant now) {
        Optional<LocalDate> workDate = workDate(clock, entry);
        if (workDate.isEmpty()) {
            return;
        }
        LocalDate date = workDate.get();
        PayPeriodLock forPunches = new PayPeriodLock(lock.get().throughForPunches(now), null, null, null);
        new ClosedDates(
                        forPunches,
                        timesheets.apply(clock.employeeId(), IsoWeek.of(date)).stream()
                                .toList())
                .requireOpen(date);
    }

    /** The date this punch would change, or none when the clock's state does not allow it (the write refuses it). */
    static Optional<LocalDate> workDate(PunchClock clock, TimeEntry entry) {
        if (entry.action() == PunchAction.PUNCH_IN) {
            return Optional.of(LocalDate.ofInstant(entry.timestamp(), clock.zone()));
        }
        if (clock.state() == WorkState.OFF) {
            return Optional.empty();
        }
        return clock.ledger().latest().map(TimeEntry::workDate);
    }

    /** The first instant whose date is after {@code through} in every zone. */
    private static Instant openEverywhereFrom(LocalDate through) {
        return through.plusDays(1).atStartOfDay().toInstant(ZoneOffset.MIN);
    }

    /** The ISO weeks of every date an instant in [from, to] has in some zone. */
    private static List<IsoWeek> weeksOfUtcDates(Instant from, Instant to) {
        List<IsoWeek> weeks = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC).plusDays(1);
        for (LocalDate date = LocalDate.ofInstant(from, ZoneOffset.UTC).minusDays(1);
                !date.isAfter(last);
                date = date.plusDays(1)) {
            IsoWeek week = IsoWeek.of(date);
            if (!weeks.contains(week)) {
                weeks.add(week);
            }
        }
        return weeks;
    }
}
