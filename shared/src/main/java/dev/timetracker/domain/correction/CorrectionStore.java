package dev.timetracker.domain.correction;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where corrections live, and how one is applied: atomically, only if the employee's entries are still exactly
 * the ones it was validated against ({@link Basis#version}), the date is still open, and (for a decision) the
 * correction is still pending. Each write carries its audit record in the same transaction.
 */
public interface CorrectionStore {

    /**
     * A work date as it stands: its entries and neighbours, and a version that changes with every punch or
     * correction of the employee.
     */
    record Basis(DayEntries day, long version) {}

    /** The day changed (a punch, another correction) after it was read: read it again and validate again. */
    final class DayChanged extends RuntimeException {
        public DayChanged() {
            super(null, null, false, false);
        }
    }

    /** Someone else decided the correction first. */
    final class AlreadyDecided extends RuntimeException {
        private final transient Correction current;

        public AlreadyDecided(Correction current) {
            super(null, null, false, false);
            this.current = current;
        }

        public Correction current() {
            return current;
        }
    }

    /** @return empty when the employee does not exist */
    Optional<Basis> day(String employeeId, LocalDate workDate);

    /** The lock and the employee's timesheet of the week holding {@code workDate}. */
    ClosedDates closedDates(String employeeId, LocalDate workDate);

    /** Stores a pending request (a new id: never overwrites). */
    void request(Correction pending, AuditStamp audit);

    /**
     * Applies {@code result}: adds its entries, marks the voided ones, replaces the date's session with
     * {@code session} (none when the day is left empty) and marks the date's derived figures for rewriting.
     *
     * @param decided the correction as it is stored afterwards ({@code applied})
     * @param pending the request it decides, or null for a correction applied at once
     * @throws DayChanged                                              when {@code basis} is no longer current
     * @throws AlreadyDecided                                          when {@code pending} is no longer pending
     * @throws dev.timetracker.domain.period.PeriodLockedException when the date was closed meanwhile
     */
    void apply(
            Correction decided,
            @Nullable Correction pending,
            Basis basis,
            CorrectedDay result,
            @Nullable WorkSession session,
            AuditStamp audit,
            BusinessHoursTimeline timeline);

    /** @throws AlreadyDecided when {@code rejected} was no longer pending */
    void reject(Correction rejected, Correction pending, AuditStamp audit);

    Optional<Correction> find(String id);

    Page<Correction> list(CorrectionFilter filter, PageRequest page);
}
