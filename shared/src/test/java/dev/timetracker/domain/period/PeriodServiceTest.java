package dev.timetracker.domain.period;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decisions are taken on the state as read and again on the state that won a race; lock moves and their blockers. */
class PeriodServiceTest {
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final Principal MANAGER =
            new Principal("mgr-1", Role.MANAGER, null, "jti-m", NOW, NOW.plusSeconds(900), 0);
    private static final Principal ADMIN =
            new Principal("adm-1", Role.ADMIN, null, "jti-a", NOW, NOW.plusSeconds(900), 0);
    private static final IsoWeek WEEK = IsoWeek.parse("week", "2026-W48");

    /** A store in memory that can let someone else win the next timesheet write. */
    private static final class MemoryStore implements PeriodStore {
        final Map<String, Timesheet> sheets = new LinkedHashMap<>();
        final List<AuditStamp> audit = new ArrayList<>();
        Timesheet winnerOfTheNextRace;
        VersionedLock lock = new VersionedLock(PayPeriodLock.NONE, 0);
        List<OpenCycle> open = List.of();
        List<PendingCorrection> pending = List.of();
        int blockerQueries;

        @Override
        public Optional<Timesheet> timesheet(String employeeId, IsoWeek week) {
            return Optional.ofNullable(sheets.get(employeeId + week));
        }

        @Override
        public List<Timesheet> timesheets(String employeeId, IsoWeek from, IsoWeek to) {
            return sheets.values().stream()
                    .filter(sheet -> sheet.employeeId().equals(employeeId)
                            && sheet.week().compareTo(from) >= 0
                            && sheet.week().compareTo(to) <= 0)
                    .toList();
        }

        @Override
        public void saveTimesheet(Timesheet before, Timesheet after, AuditStamp stamp) {
            if (winnerOfTheNextRace != null) {
                Timesheet winner = winnerOfTheNextRace;
                winnerOfTheNextRace = null;
                sheets.put(winner.employeeId() + winner.week(), winner);
                throw new TimesheetChanged(winner);
            }
            Timesheet stored = sheets.getOrDefault(
                    after.employeeId() + after.week(), Timesheet.open(after.employeeId(), after.week()));
            assertEquals(before, stored, "written only on the state it was decided from");
            sheets.put(after.employeeId() + after.week(), after);
            audit.add(stamp);
        }

        @Override
        public VersionedLock lock() {
            return lock;
        }

        @Override
        public void moveLock(VersionedLock before, PayPeriodLock after, AuditStamp stamp) {
            assertEquals(lock.version(), before.version());
            lock = new VersionedLock(after, before.version() + 1);
            audit.add(stamp);
        }

        @Override
        public List<OpenCycle> openCyclesThrough(LocalDate through, int limit) {
            blockerQueries++;
            return open.stream()
                    .filter(cycle -> !cycle.workDate().isAfter(through))
                    .limit(limit)
                    .toList();
        }

        @Override
        public List<PendingCorrection> pendingCorrections(LocalDate after, LocalDate through, int limit) {
            blockerQueries++;
            return pending.stream()
                    .filter(p -> (after == null || p.workDate().isAfter(after))
                            && !p.workDate().isAfter(through))
                    .limit(limit)
                    .toList();
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final PeriodService service =
            new PeriodService(store, Clock.fixed(NOW, ZoneOffset.UTC), () -> "id-" + store.audit.size());

    private static Timesheet submitted() {
        return new Timesheet("emp-1", WEEK, TimesheetStatus.SUBMITTED, NOW.minusSeconds(60), null, null);
    }

    @Test
    void anApprovalThatLostTheRaceIsDecidedAgainOnTheWinnersStateAndRefused() {
        store.sheets.put("emp-1" + WEEK, submitted());
        store.winnerOfTheNextRace =
                new Timesheet("emp-1", WEEK, TimesheetStatus.APPROVED, NOW.minusSeconds(60), "adm-1", NOW);
        ConflictException lost = assertThrows(ConflictException.class, () -> service.approve(MANAGER, "emp-1", WEEK));
        assertEquals("invalid-timesheet-transition", lost.slug());
        assertEquals("approved", lost.extensions().get("current_status"));
        assertEquals(List.of(), store.audit, "nothing recorded for the loser");
    }

    @Test
    void aReopeningThatMetAnApprovalStillAppliesToTheApprovedWeek() {
        store.sheets.put("emp-1" + WEEK, submitted());
        store.winnerOfTheNextRace =
                new Timesheet("emp-1", WEEK, TimesheetStatus.APPROVED, NOW.minusSeconds(60), "mgr-1", NOW);
        Timesheet reopened = service.reopen(ADMIN, "emp-1", WEEK, "Friday is missing");
        assertEquals(TimesheetStatus.OPEN, reopened.status());
        assertEquals("reopen", store.audit.get(0).action());
        assertEquals("Friday is missing", store.audit.get(0).reason());
    }

    @Test
    void movingTheLockForwardListsTheOpenCyclesOnTheDatesItClosesAndMovingBackNeverAsks() {
        store.open = List.of(
                new PeriodStore.OpenCycle("emp-1", LocalDate.parse("2026-11-30")),
                new PeriodStore.OpenCycle("emp-2", LocalDate.parse("2026-12-01")));
        ConflictException blocked = assertThrows(
                ConflictException.class, () -> service.moveLock(ADMIN, LocalDate.parse("2026-11-30"), null));
        assertEquals("lock-blocked", blocked.slug());
        assertEquals(
                List.of(Map.of("employee_id", "emp-1", "work_date", "2026-11-30")),
                blocked.extensions().get("blockers"));
        assertEquals(0, store.lock.version(), "nothing moved");

        PeriodService.LockMove first = service.moveLock(ADMIN, LocalDate.parse("2026-11-29"), null);
        assertTrue(first.first());
        assertEquals(LocalDate.parse("2026-11-29"), store.lock.lock().through());
        int queries = store.blockerQueries;
        PeriodService.LockMove back = service.moveLock(ADMIN, LocalDate.parse("2026-10-31"), "October is recalculated");
        assertEquals(false, back.first());
        assertEquals(queries, store.blockerQueries, "moving back closes nothing: no blockers to look for");
        assertEquals(
                List.of("lock", "lock"),
                store.audit.stream().map(AuditStamp::action).toList());
    }

    @Test
    void pendingCorrectionsOnTheDatesToCloseBlockTheLockNamedByTheirId() {
        store.pending = List.of(
                new PeriodStore.PendingCorrection("corr-1", "emp-1", LocalDate.parse("2026-11-20")),
                new PeriodStore.PendingCorrection("corr-2", "emp-2", LocalDate.parse("2026-11-28")));
        service.moveLock(ADMIN, LocalDate.parse("2026-11-19"), null);
        ConflictException blocked = assertThrows(
                ConflictException.class, () -> service.moveLock(ADMIN, LocalDate.parse("2026-11-25"), null));
        assertEquals("lock-blocked", blocked.slug());
        assertEquals(
                List.of(Map.of("employee_id", "emp-1", "work_date", "2026-11-20", "correction_id", "corr-1")),
                blocked.extensions().get("blockers"),
                "only the dates this move closes are asked about");
        assertEquals(LocalDate.parse("2026-11-19"), store.lock.lock().through(), "nothing moved");
    }

    /** Punches see a move forward two minutes late (every punch function's cache has it by then); a move back at once. */
    @Test
    void aMoveForwardTakesEffectForPunchesAfterTwoMinutesAndAMoveBackAtOnce() {
        PayPeriodLock first =
                service.moveLock(ADMIN, LocalDate.parse("2026-11-15"), null).lock();
        assertEquals(NOW.plus(PayPeriodLock.TAKES_EFFECT_AFTER), first.effectiveAt());
        assertEquals(null, first.throughForPunches(NOW.plusSeconds(119)));
        assertTrue(first.locksForPunches(LocalDate.parse("2026-11-15"), NOW.plusSeconds(120)));
        assertFalse(first.locksForPunches(LocalDate.parse("2026-11-16"), NOW.plusSeconds(120)));

        PayPeriodLock pendingMove = first.moveTo(LocalDate.parse("2026-11-29"), null, ADMIN, NOW.plusSeconds(600));
        assertEquals(
                LocalDate.parse("2026-11-15"),
                pendingMove.throughForPunches(NOW.plusSeconds(600)),
                "the dates locked before stay locked while the move waits");
        assertEquals(LocalDate.parse("2026-11-29"), pendingMove.throughForPunches(NOW.plusSeconds(720)));
        PayPeriodLock back = pendingMove.moveTo(
                LocalDate.parse("2026-11-10"), "November is recalculated", ADMIN, NOW.plusSeconds(900));
        assertEquals(LocalDate.parse("2026-11-10"), back.throughForPunches(NOW.plusSeconds(900)));
    }
}
