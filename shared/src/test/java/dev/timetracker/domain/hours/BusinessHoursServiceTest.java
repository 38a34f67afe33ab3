package dev.timetracker.domain.hours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodLockedException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A configuration effective in the past is stored with its request that the final days it changes be judged again. */
class BusinessHoursServiceTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Actor ADMIN = new Actor("admin-1", Role.ADMIN);

    /** What the store was asked to add, in order. */
    private final List<Optional<RejudgeRequest>> requests = new ArrayList<>();

    private final BusinessHoursStore store = new BusinessHoursStore() {
        @Override
        public void add(BusinessHours configuration, AuditStamp audit, Optional<RejudgeRequest> rejudge) {
            requests.add(rejudge);
        }

        @Override
        public Optional<BusinessHours> inForceAt(Instant at) {
            return Optional.empty();
        }

        @Override
        public Page<BusinessHours> history(PageRequest page) {
            throw new UnsupportedOperationException();
        }
    };

    private BusinessHoursService service(PayPeriodLock lock) {
        AtomicInteger ids = new AtomicInteger();
        return new BusinessHoursService(
                store, Clock.fixed(NOW, ZoneOffset.UTC), () -> "id-" + ids.incrementAndGet(), () -> lock);
    }

    private static BusinessHoursInput from(String effectiveFrom) {
        return new BusinessHoursInput(
                "Europe/Berlin", List.of(1, 2, 3, 4, 5), "10:00", "17:00", 5, 5, 10, 480, effectiveFrom, null);
    }

    @Test
    void aBackdatedConfigurationAsksThatTheDaysFromItsEarliestDateInAnyZoneBeJudgedAgain() {
        BusinessHours created = service(PayPeriodLock.NONE).create(from("2026-03-02T00:00:00Z"), ADMIN);

        RejudgeRequest request = requests.get(0).orElseThrow();
        assertEquals(created.id(), request.versionId());
        assertEquals(LocalDate.parse("2026-03-01"), request.from(), "2 March 00:00 UTC is 1 March at UTC-18:00");
        assertEquals(NOW, request.requestedAt());
    }

    @Test
    void aConfigurationEffectiveNowOrLaterChangesNoFinalDay() {
        service(PayPeriodLock.NONE).create(from("2026-03-11T00:00:00Z"), ADMIN);
        service(PayPeriodLock.NONE).create(from(null), ADMIN);

        assertEquals(List.of(Optional.empty(), Optional.empty()), requests);
    }

    @Test
    void aLockedDateRefusesTheConfigurationAndNothingIsStored() {
        PayPeriodLock lock = new PayPeriodLock(LocalDate.parse("2026-03-01"), "paid", "admin-1", NOW);

        assertThrows(PeriodLockedException.class, () -> service(lock).create(from("2026-03-02T00:00:00Z"), ADMIN));
        assertTrue(requests.isEmpty());
    }
}
