package dev.timetracker.domain.report;

import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchClock;
import dev.timetracker.domain.time.UnreadableClockException;
import dev.timetracker.domain.time.WeeklyOvertime;
import dev.timetracker.domain.time.WorkSession;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The organisation's reports: the overview, the daily figures (everyone's or one employee's) and the employees
 * report. Each date's figures are the nightly job's aggregate where one is stored and current, otherwise the
 * date's final sessions plus the sessions still open in the punch clocks.
 */
public final class ReportService {
    /** Journals only hold dates that are not final; none stays open longer than a few days. */
    public static final int JOURNAL_DAYS = 4;

    private final ReportStore store;
    private final Supplier<BusinessHoursTimeline> hours;
    private final Clock clock;

    public ReportService(ReportStore store, Supplier<BusinessHoursTimeline> hours, Clock clock) {
        this.store = store;
        this.hours = hours;
        this.clock = clock;
    }

    /** "Today" for an organisation is the date in the business hours' zone (UTC before any are set). */
    public LocalDate today() {
        Instant now = clock.instant();
        ZoneId zone = hours.get().inForceAt(now).map(h -> h.timezone()).orElse(ZoneOffset.UTC);
        return LocalDate.ofInstant(now, zone);
    }

    /**
     * States now (active employees only), the date's lateness and work, and the work of its ISO week up to it: the
     * live totals (one read whatever the number of employees); a date they do not serve, or the states when none are
     * kept, from the clocks and sessions instead.
     */
    public Report<Overview> overview(LocalDate date) {
        DateRange week = new DateRange(date.with(DayOfWeek.MONDAY), date);
        Instant now = clock.instant();
        BusinessHoursTimeline timeline = hours.get();
        List<LocalDate> dates = week.from().datesUntil(date.plusDays(1)).toList();
        LiveTotals live = store.liveTotals(dates, true);
        List<UnreadableClockException> unreadable = new ArrayList<>();
        StateCounts[] states = {live.states()};
        Map<LocalDate, DayTotals> totals = served(live, dates, timeline, now);
        List<LocalDate> unserved =
                dates.stream().filter(day -> !totals.containsKey(day)).toList();
        if (!live.servesStates() || !unserved.isEmpty()) {
            states[0] = live.servesStates() ? live.states() : StateCounts.none();
            Map<LocalDate, DayTotals> open = new HashMap<>();
            store.forEachClock(
                    punchClock -> {
                        // The head count is of active employees; work done is history and counts whoever did it, as in
                        // the daily report (a deactivation must not change a past day's figures).
                        if (!live.servesStates() && punchClock.active()) {
                            states[0] = states[0].count(punchClock.state());
                        }
                        addOpen(open, journalSessions(punchClock, week.from(), week.to(), timeline, now));
                    },
                    unreadable::add);
            totals.putAll(fromSessions(unserved, open));
        }
        long weekSeconds =
                totals.values().stream().mapToLong(DayTotals::workedSeconds).sum();
        DayTotals day = totalsOf(totals, date);
        return new Report<>(
                new Overview(date, states[0], day.lateCount(), day.workedSeconds(), weekSeconds), unreadable);
    }

    /**
     * Everyone's figures for each date of the range, oldest first: the nightly aggregate for a date no journal can
     * hold any more (when stored and current), the live totals for the others; the sessions only for dates neither
     * serves.
     */
    public Report<List<DayTotals>> daily(DateRange range) {
        Instant now = clock.instant();
        BusinessHoursTimeline timeline = hours.get();
        LocalDate today = today();
        List<LocalDate> dates = range.from().datesUntil(range.to().plusDays(1)).toList();
        Map<LocalDate, DayTotals> stored =
                range.from().isBefore(today.minusDays(JOURNAL_DAYS)) ? store.storedTotals(range) : Map.of();
        Map<LocalDate, DayTotals> totals = new HashMap<>();
        List<LocalDate> live = new ArrayList<>();
        for (LocalDate date : dates) {
            if (date.isBefore(today.minusDays(JOURNAL_DAYS)) && stored.containsKey(date)) {
                totals.put(date, stored.get(date));
            } else {
                live.add(date);
            }
        }
        List<UnreadableClockException> unreadable = new ArrayList<>();
        if (!live.isEmpty()) {
            totals.putAll(served(store.liveTotals(live, false), live, timeline, now));
            List<LocalDate> unserved =
                    live.stream().filter(date -> !totals.containsKey(date)).toList();
            if (!unserved.isEmpty()) {
                Map<LocalDate, DayTotals> open = new HashMap<>();
                if (touchesJournals(range, today)) {
                    store.forEachClock(
                            punchClock ->
                                    addOpen(open, journalSessions(punchClock, range.from(), range.to(), timeline, now)),
                            unreadable::add);
                }
                totals.putAll(fromSessions(unserved, open));
            }
        }
        return new Report<>(
                dates.stream().map(date -> totalsOf(totals, date).shown()).toList(), unreadable);
    }

    /** A date's totals, which every date asked for has: served, stored, or read from the sessions. */
    private static DayTotals totalsOf(Map<LocalDate, DayTotals> totals, LocalDate date) {
        return Objects.requireNonNull(totals.get(date), "totals of a date asked for");
    }

    /** The dates the live totals serve, at {@code now}. */
    private static Map<LocalDate, DayTotals> served(
            LiveTotals live, List<LocalDate> dates, BusinessHoursTimeline timeline, Instant now) {
        Map<LocalDate, DayTotals> totals = new HashMap<>();
        for (LocalDate date : dates) {
            if (live.serves(date, timeline, now.getEpochSecond())) {
                totals.put(date, live.figures(date).at(date, now.getEpochSecond()));
            }
        }
        return totals;
    }

    /**
     * One employee's figures for each date of the range, oldest first.
     *
     * @throws NotFoundException when the employee has no clock (no such employee)
     */
    public Report<List<DayTotals>> daily(DateRange range, String employeeId) {
        List<UnreadableClockException> unreadable = new ArrayList<>();
        Map<String, PunchClock> clocks = store.clocks(List.of(employeeId), unreadable::add);
        if (clocks.isEmpty() && unreadable.isEmpty()) {
            throw new NotFoundException("No employee has id " + employeeId);
        }
        List<WorkSession> sessions = new ArrayList<>(store.finalSessions(List.of(employeeId), range.from(), range.to())
                .getOrDefault(employeeId, List.of()));
        PunchClock punchClock = clocks.get(employeeId);
        if (punchClock != null) {
            sessions.addAll(journalSessions(punchClock, range.from(), range.to(), hours.get(), clock.instant()));
        }
        Map<LocalDate, DayTotals> totals = new LinkedHashMap<>();
        range.from().datesUntil(range.to().plusDays(1)).forEach(date -> totals.put(date, DayTotals.empty(date)));
        sessions.forEach(session -> totals.computeIfPresent(session.workDate(), (date, sum) -> sum.add(session)));
        return new Report<>(List.copyOf(totals.values()), unreadable);
    }

    /** One row per employee of the page, in the page's order. */
    public Report<List<EmployeeTotals>> employees(List<Employee> page, DateRange range) {
        Instant now = clock.instant();
        BusinessHoursTimeline timeline = hours.get();
        List<String> ids = page.stream().map(Employee::id).toList();
        List<UnreadableClockException> unreadable = new ArrayList<>();
        // Weekly overtime is a share per day (WeeklyOvertime): the days of the range's first week before `from` are
        // read too, so that a partial week at either edge counts exactly its own days' shares.
        LocalDate weekStart = WeeklyOvertime.weekOf(range.from());
        Map<String, PunchClock> clocks =
                touchesJournals(range, today()) ? store.clocks(ids, unreadable::add) : Map.of();
        Map<String, List<WorkSession>> finals = store.finalSessions(ids, weekStart, range.to());
        List<EmployeeTotals> rows = new ArrayList<>();
        for (Employee employee : page) {
            List<WorkSession> sessions = new ArrayList<>(finals.getOrDefault(employee.id(), List.of()));
            PunchClock punchClock = clocks.get(employee.id());
            if (punchClock != null) {
                sessions.addAll(journalSessions(punchClock, weekStart, range.to(), timeline, now));
            }
            Map<LocalDate, Long> weekly = WeeklyOvertime.perDay(sessions, timeline);
            EmployeeTotals totals = EmployeeTotals.empty(employee.id(), employee.fullName());
            for (WorkSession session : sessions) {
                if (!session.workDate().isBefore(range.from())) {
                    totals = totals.add(
                            session,
                            Objects.requireNonNull(weekly.get(session.workDate()), "every session's date has a share"));
                }
            }
            rows.add(totals);
        }
        return new Report<>(rows, unreadable);
    }

    /** Sessions in a clock's journal (not final yet) from {@code from} to {@code to}, both included. */
    public static List<WorkSession> journalSessions(
            PunchClock clock, LocalDate from, LocalDate to, BusinessHoursTimeline timeline, Instant now) {
        return clock.ledger().sessions(timeline, now).stream()
                .filter(session -> !session.workDate().isBefore(from)
                        && !session.workDate().isAfter(to))
                .toList();
    }

    /** Whether any date of the range can still be in a journal, i.e. whether the clocks must be read. */
    public static boolean touchesJournals(DateRange range, LocalDate today) {
        return !range.to().isBefore(today.minusDays(JOURNAL_DAYS));
    }

    /**
     * The path of dates the live totals do not serve: each date's final sessions (the nightly aggregate where one is
     * stored and current, else the sessions themselves) plus the sessions still in the journals. A date can be in
     * both: offline punches arrive up to 72 h late, also for a date whose aggregate is written; until the nightly job
     * folds them into the final session (marking the aggregate stale first) they are journal sessions, and they count
     * at once.
     */
    private Map<LocalDate, DayTotals> fromSessions(List<LocalDate> dates, Map<LocalDate, DayTotals> open) {
        Map<LocalDate, DayTotals> totals = new HashMap<>();
        if (dates.isEmpty()) {
            return totals;
        }
        Map<LocalDate, DayTotals> stored = store.storedTotals(new DateRange(dates.get(0), dates.get(dates.size() - 1)));
        for (LocalDate date : dates) {
            totals.put(
                    date,
                    (stored.containsKey(date) ? stored.get(date) : store.finalTotals(date))
                            .plus(open.getOrDefault(date, DayTotals.empty(date))));
        }
        return totals;
    }

    private static void addOpen(Map<LocalDate, DayTotals> open, List<WorkSession> sessions) {
        sessions.forEach(session -> open.merge(
                session.workDate(), DayTotals.empty(session.workDate()).add(session), DayTotals::plus));
    }
}
