package dev.timetracker.domain.report;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** The reports' store in memory: clocks, final sessions and stored aggregates put in by a test, reads counted. */
final class InMemoryReportStore implements ReportStore {
    final Map<String, PunchClock> clocks = new TreeMap<>();
    final Map<String, UnreadableClockException> unreadable = new TreeMap<>();
    final List<WorkSession> finalSessions = new ArrayList<>();
    final Map<LocalDate, DayTotals> aggregates = new HashMap<>();
    int clockWalks;
    /** What {@link #liveTotals} answers: none kept unless a test sets them. */
    LiveTotals live = LiveTotals.NONE;

    InMemoryReportStore clock(PunchClock clock) {
        clocks.put(clock.employeeId(), clock);
        return this;
    }

    InMemoryReportStore finalSession(WorkSession session) {
        finalSessions.add(session);
        return this;
    }

    @Override
    public LiveTotals liveTotals(Collection<LocalDate> dates, boolean withStates) {
        return live;
    }

    @Override
    public void forEachClock(Consumer<PunchClock> action, Consumer<UnreadableClockException> broken) {
        clockWalks++;
        clocks.values().forEach(action);
        unreadable.values().forEach(broken);
    }

    @Override
    public Map<String, PunchClock> clocks(Collection<String> employeeIds, Consumer<UnreadableClockException> broken) {
        Map<String, PunchClock> found = new HashMap<>();
        for (String id : employeeIds) {
            if (clocks.containsKey(id)) {
                found.put(id, clocks.get(id));
            } else if (unreadable.containsKey(id)) {
                broken.accept(unreadable.get(id));
            }
        }
        return found;
    }

    @Override
    public Map<LocalDate, DayTotals> storedTotals(DateRange range) {
        Map<LocalDate, DayTotals> stored = new HashMap<>();
        aggregates.forEach((date, totals) -> {
            if (!date.isBefore(range.from()) && !date.isAfter(range.to())) {
                stored.put(date, totals);
            }
        });
        return stored;
    }

    @Override
    public DayTotals finalTotals(LocalDate date) {
        DayTotals totals = DayTotals.empty(date);
        for (WorkSession session : finalSessions) {
            if (session.workDate().equals(date)) {
                totals = totals.add(session);
            }
        }
        return totals;
    }

    @Override
    public Map<String, List<WorkSession>> finalSessions(Collection<String> employeeIds, LocalDate from, LocalDate to) {
        Map<String, List<WorkSession>> found = new LinkedHashMap<>();
        finalSessions.stream()
                .filter(s -> employeeIds.contains(s.employeeId()))
                .filter(s -> !s.workDate().isBefore(from) && !s.workDate().isAfter(to))
                .sorted(java.util.Comparator.comparing(WorkSession::workDate))
                .forEach(s -> found.computeIfAbsent(s.employeeId(), id -> new ArrayList<>())
                        .add(s));
        return found;
    }
}
