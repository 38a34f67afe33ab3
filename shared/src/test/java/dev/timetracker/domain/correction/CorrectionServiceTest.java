package dev.timetracker.domain.correction;

import static dev.timetracker.domain.time.PunchAction.BREAK_END;
import static dev.timetracker.domain.time.PunchAction.BREAK_START;
import static dev.timetracker.domain.time.PunchAction.PUNCH_IN;
import static dev.timetracker.domain.time.PunchAction.PUNCH_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodLockedException;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.EntrySource;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkSession;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may request, decide and see corrections, and what an approval does when the day moved on meanwhile. */
class CorrectionServiceTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-23");
    private static final Instant NOW = Instant.parse("2026-03-25T12:00:00.250Z");
    private static final Principal EMPLOYEE = principal("emp-1", Role.EMPLOYEE, "emp-1");
    private static final Principal COLLEAGUE = principal("emp-2", Role.EMPLOYEE, "emp-2");
    private static final Principal MANAGER = principal("mgr-1", Role.MANAGER, null);
    private static final Principal OTHER_MANAGER = principal("mgr-2", Role.MANAGER, null);
    private static final Principal ADMIN = principal("adm-1", Role.ADMIN, null);

    private InMemoryCorrectionStore store;
    private CorrectionService service;

    private static Principal principal(String id, Role role, String employeeId) {
        return new Principal(id, role, employeeId, "jti-" + id, NOW, NOW.plusSeconds(900), 0);
    }

    private static TimeEntry entry(String id, PunchAction action, String utc) {
        Instant at = Instant.parse(utc);
        return new TimeEntry(id, "emp-1", action, at, at, null, EntrySource.APP, null, null);
    }

    @BeforeEach
    void mondayWithAForgottenPunchOut() {
        store = new InMemoryCorrectionStore("emp-1", BERLIN);
        store.punch(entry("in", PUNCH_IN, "2026-03-23T07:00:00Z"));
        store.punch(entry("brk", BREAK_START, "2026-03-23T11:00:00Z"));
        store.punch(entry("back", BREAK_END, "2026-03-23T11:30:00Z"));
        AtomicInteger ids = new AtomicInteger();
        service = new CorrectionService(
                store,
                () -> new BusinessHoursTimeline(List.of()),
                Clock.fixed(NOW, ZoneOffset.UTC),
                () -> "id-" + ids.incrementAndGet());
    }

    private static CorrectionInput addPunchOut(String utc) {
        return new CorrectionInput(
                "emp-1",
                MONDAY,
                "forgot to punch out",
                List.of(new CorrectionChange.AddEntry(PUNCH_OUT, Instant.parse(utc))));
    }

    @Test
    void anEmployeesRequestWaitsAndChangesNothingUntilSomeoneElseApprovesIt() {
        Correction pending = service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z"));
        assertEquals(CorrectionStatus.PENDING, pending.status());
        assertEquals("emp-1", pending.requestedBy());
        assertEquals(Instant.parse("2026-03-25T12:00:00Z"), pending.requestedAt(), "to the second");
        assertEquals(3, store.entries.size(), "nothing applied yet");
        assertEquals("correction_request", store.audit.get(0).action());

        assertThrows(ForbiddenException.class, () -> service.approve(EMPLOYEE, pending.id(), null), "not employees");
        Correction applied = service.approve(MANAGER, pending.id(), "ok");
        assertEquals(CorrectionStatus.APPLIED, applied.status());
        assertEquals("mgr-1", applied.decidedBy());
        assertEquals("ok", applied.note());
        assertEquals(
                List.of("in", "brk", "back", pending.id() + ".0"),
                store.dated().stream().map(TimeEntry::id).toList());
        WorkSession monday = store.sessions.get(MONDAY);
        assertEquals(9 * 3600 - 1800, monday.workedSeconds(), "07:00-16:00 less a 30 min break");
        assertEquals("correction_approve", store.audit.get(1).action());

        ConflictException twice =
                assertThrows(ConflictException.class, () -> service.approve(OTHER_MANAGER, pending.id(), null));
        assertEquals("correction-decided", twice.slug());
        assertEquals("applied", twice.extensions().get("current_status"));
    }

    @Test
    void anAdminsCorrectionIsAppliedAtOnceAndNobodyDecidesTheirOwnRequest() {
        Correction applied = service.request(ADMIN, addPunchOut("2026-03-23T16:00:00Z"));
        assertEquals(CorrectionStatus.APPLIED, applied.status());
        assertEquals("adm-1", applied.decidedBy());
        assertEquals(4, store.entries.size());

        Correction pending = service.request(
                EMPLOYEE,
                new CorrectionInput(
                        "emp-1",
                        MONDAY,
                        "break was longer",
                        List.of(new CorrectionChange.MoveEntry("back", Instant.parse("2026-03-23T11:45:00Z")))));
        CorrectionStore.Basis basis = store.day("emp-1", MONDAY).orElseThrow();
        assertEquals(4, basis.day().entries().size());
        // A manager who asked for a correction (for someone) cannot approve it; modelled by the requester's id.
        store.corrections.put(
                pending.id(),
                new Correction(
                        pending.id(),
                        "emp-1",
                        MONDAY,
                        pending.changes(),
                        pending.reason(),
                        CorrectionStatus.PENDING,
                        "mgr-1",
                        pending.requestedAt(),
                        null,
                        null,
                        null));
        assertThrows(ForbiddenException.class, () -> service.approve(MANAGER, pending.id(), null));
        assertThrows(ForbiddenException.class, () -> service.reject(MANAGER, pending.id(), "no way"));
        assertEquals(
                CorrectionStatus.APPLIED,
                service.approve(ADMIN, pending.id(), null).status());
        assertTrue(store.voidedBy.containsKey("back"));
    }

    @Test
    void anInvalidRequestIsRefusedWhenMadeAndNothingIsStored() {
        CorrectionRejectedException refused = assertThrows(
                CorrectionRejectedException.class,
                () -> service.request(EMPLOYEE, addPunchOut("2026-03-26T16:00:00Z")));
        assertEquals("changes[0]", refused.field());
        assertTrue(store.corrections.isEmpty());
        assertTrue(store.audit.isEmpty());

        ValidationException malformed = assertThrows(
                ValidationException.class,
                () -> service.request(EMPLOYEE, new CorrectionInput("emp-1", MONDAY, "x", List.of())));
        assertEquals(
                List.of("reason", "changes"),
                malformed.errors().stream().map(e -> e.field()).toList());
    }

    @Test
    void anApprovalThatNoLongerFitsTheDayIsAConflictAndOneThatStillFitsIsAppliedToTheNewDay() {
        Correction pending = service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z"));
        // The employee punched out themselves (offline, late) before the approval: the request no longer applies.
        store.punch(entry("late-out", PUNCH_OUT, "2026-03-23T15:00:00Z"));
        ConflictException outdated =
                assertThrows(ConflictException.class, () -> service.approve(MANAGER, pending.id(), null));
        assertEquals("correction-outdated", outdated.slug());
        assertEquals("changes[0]", outdated.extensions().get("change"));
        assertEquals(
                CorrectionStatus.PENDING, store.corrections.get(pending.id()).status());

        Correction voidLate = service.request(
                EMPLOYEE,
                new CorrectionInput(
                        "emp-1",
                        MONDAY,
                        "wrong punch",
                        List.of(new CorrectionChange.MoveEntry("late-out", Instant.parse("2026-03-23T16:30:00Z")))));
        // A punch of the next day lands between validation and the write: the store refuses, the service reads the
        // day again, finds the correction still valid and applies it to the day as it is now.
        store.beforeNextApply = () -> store.punch(entry("tue-in", PUNCH_IN, "2026-03-24T07:00:00Z"));
        assertEquals(
                CorrectionStatus.APPLIED,
                service.approve(MANAGER, voidLate.id(), null).status());
        assertEquals(
                List.of("in", "brk", "back", voidLate.id() + ".0", "tue-in"),
                store.dated().stream().map(TimeEntry::id).toList());
    }

    @Test
    void lockedDatesRefuseRequestsCorrectionsAndApprovals() {
        Correction pending = service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z"));
        store.lock = PayPeriodLock.NONE.moveTo(MONDAY, null, ADMIN, NOW);
        assertThrows(PeriodLockedException.class, () -> service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z")));
        assertThrows(PeriodLockedException.class, () -> service.request(ADMIN, addPunchOut("2026-03-23T16:00:00Z")));
        assertThrows(PeriodLockedException.class, () -> service.approve(MANAGER, pending.id(), null));
        assertEquals(3, store.entries.size());

        // Locked between the approval's checks and its write: the store's own condition refuses it.
        store.lock = PayPeriodLock.NONE;
        store.beforeNextApply = () -> store.lock = PayPeriodLock.NONE.moveTo(MONDAY, null, ADMIN, NOW);
        assertThrows(PeriodLockedException.class, () -> service.approve(MANAGER, pending.id(), null));
        assertEquals(3, store.entries.size());
    }

    @Test
    void employeesSeeAndAskOnlyForTheirOwnCorrections() {
        Correction mine = service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z"));
        assertThrows(ForbiddenException.class, () -> service.request(COLLEAGUE, addPunchOut("2026-03-23T16:00:00Z")));
        assertThrows(NotFoundException.class, () -> service.get(COLLEAGUE, mine.id()), "as if it did not exist");
        assertEquals(mine, service.get(EMPLOYEE, mine.id()));
        assertEquals(mine, service.get(MANAGER, mine.id()));
        assertThrows(
                ForbiddenException.class,
                () -> service.list(COLLEAGUE, new CorrectionFilter("emp-1", null, null, null), PageRequest.first(50)));
        assertEquals(
                List.of(),
                service.list(COLLEAGUE, new CorrectionFilter(null, null, null, null), PageRequest.first(50))
                        .items(),
                "their own only, without naming themselves");
        Principal employeeWithoutRecord = principal("emp-x", Role.EMPLOYEE, null);
        assertThrows(
                ForbiddenException.class,
                () -> service.list(
                        employeeWithoutRecord, new CorrectionFilter(null, null, null, null), PageRequest.first(50)),
                "an employee token naming no employee lists nothing, not everyone's");
        assertEquals(
                List.of(mine),
                service.list(
                                MANAGER,
                                new CorrectionFilter(null, CorrectionStatus.PENDING, null, null),
                                PageRequest.first(50))
                        .items());
        assertThrows(ForbiddenException.class, () -> service.reject(COLLEAGUE, mine.id(), "not yours"));
    }

    @Test
    void aRejectionNeedsANoteAndLeavesTheDayAsItWas() {
        Correction pending = service.request(EMPLOYEE, addPunchOut("2026-03-23T16:00:00Z"));
        assertThrows(ValidationException.class, () -> service.reject(MANAGER, pending.id(), null));
        Correction rejected = service.reject(MANAGER, pending.id(), "you left at 15:00");
        assertEquals(CorrectionStatus.REJECTED, rejected.status());
        assertEquals("you left at 15:00", rejected.note());
        assertEquals(3, store.entries.size());
        assertNull(store.sessions.get(MONDAY));
        assertEquals(
                "correction-decided",
                assertThrows(ConflictException.class, () -> service.approve(OTHER_MANAGER, pending.id(), null))
                        .slug());
    }
}
