package dev.timetracker.domain.correction;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.AccessRules;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.SessionTally;
import dev.timetracker.domain.time.TimePrecision;
import dev.timetracker.domain.time.WorkSession;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Requesting, deciding and applying corrections. An employee's correction of their own day waits for an admin or
 * manager; one by an admin or manager is applied at once. Nothing is applied that {@link DayCorrection} did not
 * accept against the day as it is at that moment, and the store applies it only if the day is still that day.
 */
public final class CorrectionService {
    /** A day that keeps changing under a correction (punches arriving) is read and validated again, a few times. */
    private static final int MAX_ATTEMPTS = 3;

    private final CorrectionStore store;
    private final Supplier<BusinessHoursTimeline> businessHours;
    private final Clock clock;
    private final Supplier<String> ids;

    public CorrectionService(
            CorrectionStore store, Supplier<BusinessHoursTimeline> businessHours, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.businessHours = businessHours;
        this.clock = clock;
        this.ids = ids;
    }

    public Correction request(Principal caller, CorrectionInput input) {
        CorrectionInput.Checked checked = input.validate();
        AccessRules.requireSelfOrRole(caller, checked.employeeId(), Role.ADMIN, Role.MANAGER);
        Instant reading = clock.instant();
        Instant now = TimePrecision.of(reading);
        Correction requested = new Correction(
                ids.get(),
                checked.employeeId(),
                checked.workDate(),
                checked.changes(),
                checked.reason(),
                CorrectionStatus.PENDING,
                caller.subjectId(),
                now,
                null,
                null,
                null);
        boolean decidesItself = caller.hasRole(Role.ADMIN, Role.MANAGER);
        if (!decidesItself) {
            store.closedDates(requested.employeeId(), requested.workDate()).requireOpen(requested.workDate());
            // Refused now rather than at approval: the employee learns at once what is wrong with the request.
            DayCorrection.apply(basis(requested).day(), requested.changes(), requested.id(), now);
            store.request(
                    requested,
                    new AuditStamp(ids.get(), reading, caller.actor(), "correction_request", requested.reason()));
            return requested;
        }
        Correction applied = requested.decided(CorrectionStatus.APPLIED, caller.subjectId(), now, null);
        return applyWithRetries(applied, null, caller, reading, requested.reason(), "correction_apply");
    }

    public Correction approve(Principal caller, String correctionId, String note) {
        Correction pending = decidable(caller, correctionId);
        checkedNote(note, false);
        Instant reading = clock.instant();
        Correction approved =
                pending.decided(CorrectionStatus.APPLIED, caller.subjectId(), TimePrecision.of(reading), note);
        try {
            return applyWithRetries(approved, pending, caller, reading, note, "correction_approve");
        } catch (CorrectionRejectedException noLongerValid) {
            throw new ConflictException(
                    "correction-outdated",
                    "The work date changed since the request, so that it no longer applies: "
                            + noLongerValid.getMessage(),
                    Map.of("change", noLongerValid.field()));
        }
    }

    public Correction reject(Principal caller, String correctionId, String note) {
        Correction pending = decidable(caller, correctionId);
        checkedNote(note, true);
        Instant reading = clock.instant();
        Correction rejected =
                pending.decided(CorrectionStatus.REJECTED, caller.subjectId(), TimePrecision.of(reading), note);
        try {
            store.reject(
                    rejected, pending, new AuditStamp(ids.get(), reading, caller.actor(), "correction_reject", note));
        } catch (CorrectionStore.AlreadyDecided decided) {
            throw alreadyDecided(decided.current());
        }
        return rejected;
    }

    /** Employees see only their own corrections; asking for someone else's is answered as if it did not exist. */
    public Correction get(Principal caller, String correctionId) {
        return store.find(correctionId)
                .filter(found -> caller.hasRole(Role.ADMIN, Role.MANAGER) || caller.isEmployee(found.employeeId()))
                .orElseThrow(() -> new NotFoundException("No correction has id " + correctionId));
    }

    public Page<Correction> list(Principal caller, CorrectionFilter filter, PageRequest page) {
        if (caller.hasRole(Role.ADMIN, Role.MANAGER)) {
            return store.list(filter, page);
        }
        if (filter.employeeId() != null && !caller.isEmployee(filter.employeeId())) {
            throw new ForbiddenException("You may only access your own records");
        }
        String own = caller.employeeId();
        if (own == null) {
            // Fails closed: a filter without an employee would list everyone's corrections.
            throw new ForbiddenException("You may only access your own records");
        }
        return store.list(filter.forEmployee(own), page);
    }

    /** A decision's note: optional on approval, required on rejection (the employee learns why). */
    private static void checkedNote(String note, boolean required) {
        FieldErrors errors = new FieldErrors();
        if (required && (note == null || note.isBlank())) {
            errors.add("note", "is required: say why the request is rejected");
        }
        TextLimits.checkParagraph(errors, "note", note, TextLimits.NOTES);
        errors.throwIfAny();
    }

    private Correction decidable(Principal caller, String correctionId) {
        AccessRules.requireRole(caller, Role.ADMIN, Role.MANAGER);
        Correction found = store.find(correctionId)
                .orElseThrow(() -> new NotFoundException("No correction has id " + correctionId));
        if (found.requestedBy().equals(caller.subjectId())) {
            throw new ForbiddenException("Nobody decides their own correction request");
        }
        if (found.status() != CorrectionStatus.PENDING) {
            throw alreadyDecided(found);
        }
        return found;
    }

    private Correction applyWithRetries(
            Correction decided,
            @Nullable Correction pending,
            Principal caller,
            Instant reading,
            String reason,
            String action) {
        BusinessHoursTimeline timeline = businessHours.get();
        Instant now = TimePrecision.of(reading);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            store.closedDates(decided.employeeId(), decided.workDate()).requireOpen(decided.workDate());
            CorrectionStore.Basis basis = basis(decided);
            CorrectedDay result = DayCorrection.apply(basis.day(), decided.changes(), decided.id(), now);
            @Nullable
            WorkSession session = result.entries().isEmpty()
                    ? null
                    : SessionTally.of(result.entries()).toSession(basis.day().zone(), timeline, now);
            try {
                store.apply(
                        decided,
                        pending,
                        basis,
                        result,
                        session,
                        new AuditStamp(ids.get(), reading, caller.actor(), action, reason),
                        timeline);
                return decided;
            } catch (CorrectionStore.DayChanged changed) {
                // Another punch or correction of this employee came first: validate against the day as it is now.
            } catch (CorrectionStore.AlreadyDecided decidedFirst) {
                throw alreadyDecided(decidedFirst.current());
            }
        }
        throw new ConflictException(
                "concurrent-change", "The employee's entries kept changing under this correction; try again");
    }

    private CorrectionStore.Basis basis(Correction correction) {
        return store.day(correction.employeeId(), correction.workDate())
                .orElseThrow(() -> new NotFoundException("No employee has id " + correction.employeeId()));
    }

    private static ConflictException alreadyDecided(Correction current) {
        return new ConflictException(
                "correction-decided",
                "The correction " + current.id() + " is already "
                        + current.status().wire(),
                Map.of("current_status", current.status().wire()));
    }
}
