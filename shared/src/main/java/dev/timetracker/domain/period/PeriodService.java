package dev.timetracker.domain.period;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.time.TimePrecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Timesheet transitions and lock moves over a {@link PeriodStore}: each is decided on the state as read and written
 * on the condition that it is still that state. When it is not (someone decided first), the decision is taken again
 * on the new state, which then usually refuses it (409); after a few rounds of contention the caller retries later.
 */
public final class PeriodService {
    /** The blockers a refused lock move lists at most; the problem says when there are more. */
    public static final int BLOCKERS_LISTED = 100;

    private static final int MAX_ATTEMPTS = 3;

    private final PeriodStore store;
    private final Clock clock;
    private final Supplier<String> ids;

    public PeriodService(PeriodStore store, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.clock = clock;
        this.ids = ids;
    }

    public Timesheet timesheet(String employeeId, IsoWeek week) {
        return store.timesheet(employeeId, week).orElseGet(() -> Timesheet.open(employeeId, week));
    }

    public Timesheet submit(Principal caller, String employeeId, IsoWeek week) {
        return transition(caller, employeeId, week, "submit", null, sheet -> sheet.submit(caller, now()));
    }

    public Timesheet approve(Principal caller, String employeeId, IsoWeek week) {
        return transition(caller, employeeId, week, "approve", null, sheet -> sheet.approve(caller, now()));
    }

    public Timesheet reopen(Principal caller, String employeeId, IsoWeek week, String reason) {
        return transition(caller, employeeId, week, "reopen", reason, sheet -> sheet.reopen(caller, reason));
    }

    private Timesheet transition(
            Principal caller,
            String employeeId,
            IsoWeek week,
            String action,
            @Nullable String reason,
            Function<Timesheet, Timesheet> change) {
        Timesheet current = timesheet(employeeId, week);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Timesheet after = change.apply(current);
            try {
                store.saveTimesheet(current, after, stamp(caller, action, reason));
                return after;
            } catch (PeriodStore.TimesheetChanged changed) {
                current = changed.current();
            }
        }
        throw busy();
    }

    /** Which of the employee's work dates in {@code range} are closed: the lock as stored and their approved weeks. */
    public ClosedDates closedDates(String employeeId, DateRange range) {
        return new ClosedDates(
                store.lock().lock(), store.timesheets(employeeId, IsoWeek.of(range.from()), IsoWeek.of(range.to())));
    }

    public PayPeriodLock lock() {
        return store.lock().lock();
    }

    /** The lock after the move, and whether it was set for the first time. */
    public record LockMove(PayPeriodLock lock, boolean first) {}

    /**
     * Moves the lock to {@code through}. Closing dates that were open is refused while a cycle on them is still
     * open or a correction of them is pending (409 {@code lock-blocked} listing both); moving back needs a reason and
     * is never blocked.
     */
    public LockMove moveLock(Principal caller, LocalDate through, String reason) {
        PeriodStore.VersionedLock current = store.lock();
        PayPeriodLock after = current.lock().moveTo(through, reason, caller, now());
        LocalDate closedBefore = current.lock().through();
        boolean closesMore = closedBefore == null || through.isAfter(closedBefore);
        if (closesMore) {
            List<Map<String, Object>> blockers = new ArrayList<>();
            store.openCyclesThrough(through, BLOCKERS_LISTED).forEach(cycle -> blockers.add(blocker(cycle)));
            // Dates already under the lock refuse new corrections, so only the dates this move closes can hold one.
            if (blockers.size() < BLOCKERS_LISTED) {
                store.pendingCorrections(closedBefore, through, BLOCKERS_LISTED - blockers.size())
                        .forEach(pending -> blockers.add(blocker(pending)));
            }
            if (!blockers.isEmpty()) {
                throw new ConflictException(
                        "lock-blocked",
                        (blockers.size() == BLOCKERS_LISTED ? "100 or more" : String.valueOf(blockers.size()))
                                + " open cycle(s) or pending correction(s) on dates through "
                                + through + " must be punched out or decided first",
                        Map.of("blockers", blockers));
            }
        }
        store.moveLock(current, after, stamp(caller, "lock", reason));
        return new LockMove(after, !current.exists());
    }

    private static Map<String, Object> blocker(PeriodStore.OpenCycle cycle) {
        Map<String, Object> blocker = new LinkedHashMap<>();
        blocker.put("employee_id", cycle.employeeId());
        blocker.put("work_date", cycle.workDate().toString());
        return blocker;
    }

    /** A pending correction is told from an open cycle by its {@code correction_id}. */
    private static Map<String, Object> blocker(PeriodStore.PendingCorrection pending) {
        Map<String, Object> blocker = new LinkedHashMap<>();
        blocker.put("employee_id", pending.employeeId());
        blocker.put("work_date", pending.workDate().toString());
        blocker.put("correction_id", pending.correctionId());
        return blocker;
    }

    private AuditStamp stamp(Principal caller, String action, @Nullable String reason) {
        // The audit trail keeps the clock's full reading (it orders records within one second).
        return new AuditStamp(ids.get(), clock.instant(), caller.actor(), action, reason);
    }

    private Instant now() {
        return TimePrecision.of(clock.instant());
    }

    private static RetryLaterException busy() {
        return new RetryLaterException(
                RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                "Others are deciding on the same timesheet right now; retry shortly",
                Duration.ofSeconds(1));
    }
}
