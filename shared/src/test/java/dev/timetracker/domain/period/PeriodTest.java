package dev.timetracker.domain.period;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ISO weeks, the timesheet's transitions, the pay-period lock and which dates they close. */
class PeriodTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final Principal EMPLOYEE = principal("emp-1", Role.EMPLOYEE, "emp-1");
    private static final Principal OTHER_EMPLOYEE = principal("emp-2", Role.EMPLOYEE, "emp-2");
    private static final Principal MANAGER = principal("mgr-1", Role.MANAGER, null);
    private static final Principal ADMIN = principal("adm-1", Role.ADMIN, null);

    private static Principal principal(String id, Role role, String employeeId) {
        return new Principal(id, role, employeeId, "jti-" + id, NOW, NOW.plusSeconds(900), 0);
    }

    @Test
    void isoWeeksFollowTheThursdayRuleAcrossYearEnds() {
        assertEquals("2026-W48", IsoWeek.of(LocalDate.parse("2026-11-29")).toString(), "a Sunday ends its week");
        assertEquals("2026-W49", IsoWeek.of(LocalDate.parse("2026-11-30")).toString());
        assertEquals("2026-W53", IsoWeek.of(LocalDate.parse("2027-01-03")).toString(), "2026 has 53 weeks");
        assertEquals("2027-W01", IsoWeek.of(LocalDate.parse("2027-01-04")).toString());
        assertEquals(
                "2020-W01",
                IsoWeek.of(LocalDate.parse("2019-12-30")).toString(),
                "late December in next year's week 1");

        IsoWeek week53 = IsoWeek.parse("week", "2026-W53");
        assertEquals(LocalDate.parse("2026-12-28"), week53.monday());
        assertEquals(LocalDate.parse("2027-01-03"), week53.sunday());
        assertEquals(7, week53.dates().size());
        assertTrue(week53.contains(LocalDate.parse("2027-01-01")));
        assertFalse(week53.contains(LocalDate.parse("2027-01-04")));

        for (String bad :
                new String[] {"2027-W53", "2026-W00", "2026-W1", "2026W48", "2026-48", "", "9999-W01", "1969-W52"}) {
            ValidationException refused =
                    assertThrows(ValidationException.class, () -> IsoWeek.parse("week", bad), bad);
            assertEquals("week", refused.errors().get(0).field(), bad);
        }
        assertThrows(ValidationException.class, () -> IsoWeek.parse("week", null));
    }

    @Test
    void aTimesheetIsSubmittedByItsEmployeeApprovedBySomeoneElseAndReopenedByAnAdminWithAReason() {
        Timesheet open = Timesheet.open("emp-1", IsoWeek.parse("week", "2026-W48"));
        assertThrows(ForbiddenException.class, () -> open.submit(OTHER_EMPLOYEE, NOW), "not someone else's");
        assertThrows(ForbiddenException.class, () -> open.submit(MANAGER, NOW), "not for them");
        ConflictException early = assertThrows(ConflictException.class, () -> open.approve(MANAGER, NOW));
        assertEquals("open", early.extensions().get("current_status"));

        Timesheet submitted = open.submit(EMPLOYEE, NOW);
        assertEquals(TimesheetStatus.SUBMITTED, submitted.status());
        assertEquals(NOW, submitted.submittedAt());
        assertThrows(ConflictException.class, () -> submitted.submit(EMPLOYEE, NOW), "twice");
        assertThrows(ForbiddenException.class, () -> submitted.approve(EMPLOYEE, NOW), "not by the employee");
        assertFalse(submitted.locksItsDates());

        Timesheet approved = submitted.approve(MANAGER, NOW.plusSeconds(60));
        assertEquals(TimesheetStatus.APPROVED, approved.status());
        assertEquals("mgr-1", approved.approvedBy());
        assertEquals(NOW.plusSeconds(60), approved.approvedAt());
        assertTrue(approved.locksItsDates());

        assertThrows(ForbiddenException.class, () -> approved.reopen(MANAGER, "payroll error"), "admins only");
        ValidationException noReason = assertThrows(ValidationException.class, () -> approved.reopen(ADMIN, " x "));
        assertEquals("reason", noReason.errors().get(0).field());
        assertThrows(ValidationException.class, () -> approved.reopen(ADMIN, null));
        assertThrows(ValidationException.class, () -> approved.reopen(ADMIN, "x".repeat(501)));

        Timesheet reopened = approved.reopen(ADMIN, "wrong overtime");
        assertEquals(Timesheet.open("emp-1", approved.week()), reopened);
        assertThrows(ConflictException.class, () -> reopened.reopen(ADMIN, "again please"), "already open");
    }

    @Test
    void theLockMovesForwardFreelyAndBackOnlyWithAReason() {
        PayPeriodLock october = PayPeriodLock.NONE.moveTo(LocalDate.parse("2026-10-31"), null, ADMIN, NOW);
        assertTrue(october.locks(LocalDate.parse("2026-10-31")), "through is inclusive");
        assertFalse(october.locks(LocalDate.parse("2026-11-01")));
        assertFalse(PayPeriodLock.NONE.locks(LocalDate.parse("1970-01-01")));
        assertThrows(ForbiddenException.class, () -> october.moveTo(LocalDate.parse("2026-11-30"), null, MANAGER, NOW));

        PayPeriodLock november = october.moveTo(LocalDate.parse("2026-11-30"), null, ADMIN, NOW);
        assertEquals("adm-1", november.movedBy());
        assertThrows(ValidationException.class, () -> november.moveTo(LocalDate.parse("2026-11-15"), null, ADMIN, NOW));
        assertThrows(ValidationException.class, () -> november.moveTo(LocalDate.parse("2026-11-15"), "", ADMIN, NOW));
        PayPeriodLock back = november.moveTo(LocalDate.parse("2026-11-15"), "late sick notes", ADMIN, NOW);
        assertEquals("late sick notes", back.reason());
        assertTrue(november.movesBack(LocalDate.parse("2026-11-15")));
        assertFalse(november.movesBack(LocalDate.parse("2026-11-30")), "the same date is not back");
    }

    @Test
    void closedDatesAreTheLockAndTheApprovedWeeksOfThatEmployee() {
        PayPeriodLock lock = PayPeriodLock.NONE.moveTo(LocalDate.parse("2026-10-31"), null, ADMIN, NOW);
        IsoWeek w48 = IsoWeek.parse("week", "2026-W48");
        Timesheet approved = Timesheet.open("emp-1", w48).submit(EMPLOYEE, NOW).approve(MANAGER, NOW);
        Timesheet submittedOnly =
                Timesheet.open("emp-1", IsoWeek.parse("week", "2026-W47")).submit(EMPLOYEE, NOW);
        ClosedDates closed = new ClosedDates(lock, List.of(approved, submittedOnly));

        assertTrue(closed.isClosed(LocalDate.parse("2026-10-31")));
        assertFalse(closed.isClosed(LocalDate.parse("2026-11-01")));
        assertFalse(closed.isClosed(LocalDate.parse("2026-11-22")), "a submitted week is still open");
        assertTrue(closed.isClosed(LocalDate.parse("2026-11-23")), "Monday of the approved week");
        assertTrue(closed.isClosed(LocalDate.parse("2026-11-29")), "its Sunday");
        assertFalse(closed.isClosed(LocalDate.parse("2026-11-30")));

        PeriodLockedException byLock =
                assertThrows(PeriodLockedException.class, () -> closed.requireOpen(LocalDate.parse("2026-10-01")));
        assertEquals("period-locked", byLock.slug());
        assertTrue(byLock.getMessage().contains("locked through 2026-10-31"), byLock.getMessage());
        PeriodLockedException byWeek =
                assertThrows(PeriodLockedException.class, () -> closed.requireOpen(LocalDate.parse("2026-11-25")));
        assertTrue(byWeek.getMessage().contains("2026-W48 is approved"), byWeek.getMessage());
        closed.requireOpen(LocalDate.parse("2026-11-30"));
    }
}
