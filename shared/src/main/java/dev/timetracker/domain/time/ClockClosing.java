package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the nightly job does to one punch clock at an instant: close a cycle left open past the maximum shift
 * (with an {@code auto} punch_out), and finalise every work date that has ended in the employee's zone and
 * has no open cycle. Final dates are always the oldest ones, so they are a prefix of the journal.
 *
 * @param autoPunchOut  the punch_out to add, if a cycle ran too long
 * @param finalDays     the work dates that become final, oldest first
 * @param remaining     the journal after them (dated), with the auto punch_out if its date is not final
 * @param autoCloseRefused the work date of a cycle that ran too long but was left open because that date is closed
 *                         (pay-period lock or approved timesheet): closing it would change a locked date
 */
public record ClockClosing(
        Optional<TimeEntry> autoPunchOut,
        List<FinalDay> finalDays,
        List<TimeEntry> remaining,
        Optional<LocalDate> autoCloseRefused) {

    public ClockClosing(Optional<TimeEntry> autoPunchOut, List<FinalDay> finalDays, List<TimeEntry> remaining) {
        this(autoPunchOut, finalDays, remaining, Optional.empty());
    }

    /** A work date that is over: its session and its entries, both to be stored for good. */
    public record FinalDay(WorkSession session, List<TimeEntry> entries) {
        public LocalDate workDate() {
            return session.workDate();
        }
    }

    public boolean changesNothing() {
        return autoPunchOut.isEmpty() && finalDays.isEmpty();
    }

    public static ClockClosing plan(
            PunchClock clock, BusinessHoursTimeline timeline, Instant now, Supplier<String> ids) {
        return plan(clock, timeline, now, ids, workDate -> true);
    }

    /**
     * @param mayAutoClose whether the work date of a cycle that ran too long may still change (it is not closed);
     *                     asked only when an automatic punch_out is due
     */
    public static ClockClosing plan(
            PunchClock clock,
            BusinessHoursTimeline timeline,
            Instant now,
            Supplier<String> ids,
            Predicate<LocalDate> mayAutoClose) {
        PunchLedger ledger = clock.ledger();
        Optional<AutoPunchOut> due = ledger.autoPunchOutDue(timeline, now);
        Optional<LocalDate> refused = due.map(AutoPunchOut::workDate).filter(mayAutoClose.negate());
        Optional<TimeEntry> auto = refused.isPresent() ? Optional.empty() : due.map(d -> d.toEntry(ids.get(), now));
        if (auto.isPresent()) {
            ledger = ledger.record(auto.get());
        }
        LocalDate today = LocalDate.ofInstant(now, clock.zone());
        List<FinalDay> finalDays = new ArrayList<>();
        List<TimeEntry> dated = ledger.datedEntries();
        int finalized = 0;
        for (LocalDate date : ledger.workDates()) {
            SessionTally tally = ledger.tally(date).orElseThrow();
            if (!date.isBefore(today) || tally.openPunchIn().isPresent()) {
                break;
            }
            List<TimeEntry> entries = new ArrayList<>();
            while (finalized < dated.size() && date.equals(dated.get(finalized).workDate())) {
                entries.add(dated.get(finalized++));
            }
            finalDays.add(new FinalDay(ledger.session(date, timeline, now).orElseThrow(), List.copyOf(entries)));
        }
        return new ClockClosing(
                auto, List.copyOf(finalDays), List.copyOf(dated.subList(finalized, dated.size())), refused);
    }
}
