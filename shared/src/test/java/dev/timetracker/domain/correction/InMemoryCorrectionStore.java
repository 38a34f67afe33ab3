package dev.timetracker.domain.correction;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.period.ClosedDates;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.domain.time.WorkDateAssignment;
import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's contract in memory, for the service's tests: one employee's entries (voided ones kept aside), a
 * version that every change advances, and the conditions of {@link CorrectionStore#apply} checked as a
 * transaction would.
 */
final class InMemoryCorrectionStore implements CorrectionStore {
    final String employeeId;
    final ZoneId zone;
    final List<TimeEntry> entries = new ArrayList<>();
    final Map<String, String> voidedBy = new HashMap<>();
    final Map<String, Correction> corrections = new LinkedHashMap<>();
    final Map<LocalDate, WorkSession> sessions = new HashMap<>();
    final List<AuditStamp> audit = new ArrayList<>();
    LocalDate finalThrough = LocalDate.MIN;
    PayPeriodLock lock = PayPeriodLock.NONE;
    long version;
    /** Runs once inside the next apply, before its conditions are checked (a punch racing the correction). */
    Runnable beforeNextApply;

    InMemoryCorrectionStore(String employeeId, ZoneId zone) {
        this.employeeId = employeeId;
        this.zone = zone;
    }

    void punch(TimeEntry entry) {
        entries.add(entry);
        entries.sort(Comparator.comparing(TimeEntry::timestamp));
        version++;
    }

    List<TimeEntry> dated() {
        return WorkDateAssignment.assign(entries, zone);
    }

    @Override
    public Optional<Basis> day(String employee, LocalDate workDate) {
        if (!employee.equals(employeeId)) {
            return Optional.empty();
        }
        return Optional.of(new Basis(
                DayEntries.around(employee, workDate, zone, dated(), !workDate.isAfter(finalThrough)), version));
    }

    @Override
    public ClosedDates closedDates(String employee, LocalDate workDate) {
        return new ClosedDates(lock, List.of());
    }

    @Override
    public void request(Correction pending, AuditStamp stamp) {
        if (corrections.putIfAbsent(pending.id(), pending) != null) {
            throw new IllegalStateException("id taken");
        }
        audit.add(stamp);
    }

    @Override
    public synchronized void apply(
            Correction decided,
            Correction pending,
            Basis basis,
            CorrectedDay result,
            WorkSession session,
            AuditStamp stamp,
            BusinessHoursTimeline timeline) {
        if (beforeNextApply != null) {
            Runnable race = beforeNextApply;
            beforeNextApply = null;
            race.run();
        }
        if (pending != null && corrections.get(pending.id()).status() != CorrectionStatus.PENDING) {
            throw new AlreadyDecided(corrections.get(pending.id()));
        }
        if (basis.version() != version) {
            throw new DayChanged();
        }
        closedDates(decided.employeeId(), decided.workDate()).requireOpen(decided.workDate());
        entries.removeIf(entry -> result.voided().contains(entry.id()));
        result.voided().forEach(id -> voidedBy.put(id, decided.id()));
        result.added().forEach(entries::add);
        entries.sort(Comparator.comparing(TimeEntry::timestamp));
        if (session == null) {
            sessions.remove(decided.workDate());
        } else {
            sessions.put(decided.workDate(), session);
        }
        corrections.put(decided.id(), decided);
        audit.add(stamp);
        version++;
    }

    @Override
    public synchronized void reject(Correction rejected, Correction pending, AuditStamp stamp) {
        if (corrections.get(pending.id()).status() != CorrectionStatus.PENDING) {
            throw new AlreadyDecided(corrections.get(pending.id()));
        }
        corrections.put(rejected.id(), rejected);
        audit.add(stamp);
    }

    @Override
    public Optional<Correction> find(String id) {
        return Optional.ofNullable(corrections.get(id));
    }

    @Override
    public Page<Correction> list(CorrectionFilter filter, PageRequest page) {
        return new Page<>(
                corrections.values().stream()
                        .filter(c ->
                                filter.employeeId() == null || c.employeeId().equals(filter.employeeId()))
                        .filter(c -> filter.status() == null || c.status() == filter.status())
                        .toList(),
                null);
    }
}
