package dev.timetracker.functions.aggregation;

import dev.timetracker.adapters.dynamodb.DynamoRejudging;
import dev.timetracker.domain.hours.RejudgeRequest;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The nightly run's part in re-judging final days after a backdated business-hours version (docs/storage.md,
 * "Re-judging final days"): every page of clocks, in one invocation or on a fan-out worker, judges its employees'
 * final days again right after closing them; the run's last step rewrites the dates' files and marks the requests
 * done. A request made after the run started waits for the next run, so every page of a run takes the same ones.
 */
final class RejudgeStep {
    private final DynamoRejudging store;
    private final Supplier<BusinessHoursTimeline> timeline;
    private final Supplier<PayPeriodLock> lock;

    /**
     * @param timeline the business hours as stored now (not a cached copy: it must hold the versions requested)
     * @param lock     the pay-period lock as stored
     */
    RejudgeStep(DynamoRejudging store, Supplier<BusinessHoursTimeline> timeline, Supplier<PayPeriodLock> lock) {
        this.store = store;
        this.timeline = timeline;
        this.lock = lock;
    }

    /** What a run started at some instant re-judges: nothing, or every final day from {@code from} on. */
    record Pass(List<RejudgeRequest> requests, LocalDate from, BusinessHoursTimeline timeline, PayPeriodLock lock) {
        static final Pass NONE = new Pass(List.of(), LocalDate.MAX, BusinessHoursTimeline.empty(), PayPeriodLock.NONE);

        boolean active() {
            return !requests.isEmpty();
        }

        /** The dates that can hold final days to judge again: from {@code from} to today somewhere on Earth. */
        List<LocalDate> dates(Instant runStartedAt) {
            List<LocalDate> dates = new ArrayList<>();
            LocalDate last = LocalDate.ofInstant(runStartedAt, ZoneOffset.MAX);
            for (LocalDate date = from; !date.isAfter(last); date = date.plusDays(1)) {
                dates.add(date);
            }
            return dates;
        }
    }

    /** One Query of the requests; when there are some, the business hours and the lock as stored. */
    Pass begin(Instant runStartedAt) {
        List<RejudgeRequest> requests = store.pending(runStartedAt);
        if (requests.isEmpty()) {
            return Pass.NONE;
        }
        LocalDate from = requests.stream()
                .map(RejudgeRequest::from)
                .min(LocalDate::compareTo)
                .orElseThrow();
        return new Pass(requests, from, timeline.get(), lock.get());
    }

    /** Judges one employee's final days again; the dates whose session changed. */
    Set<LocalDate> employee(Pass pass, String employeeId) {
        if (!pass.active()) {
            return Set.of();
        }
        // The lock as the pass read it, and as stored again only when the write found that it moved.
        AtomicBoolean first = new AtomicBoolean(true);
        return store.rejudge(
                employeeId, pass.from(), pass.timeline(), () -> first.getAndSet(false) ? pass.lock() : lock.get());
    }

    void done(Pass pass, String runId, Instant expiresAt) {
        store.done(pass.requests(), runId, expiresAt);
    }
}
