package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One employee's punches, folded in chronological order into a {@link SessionTally} per work date. Immutable:
 * {@link #record} returns a new ledger, and {@link #of} is nothing but that fold, so the incremental path of a
 * punch and the recomputation of a history are the same code.
 */
public final class PunchLedger {

    private final String employeeId;
    private final ZoneId zone;
    private final @Nullable TimeEntry latest;
    private final NavigableMap<LocalDate, SessionTally> tallies;
    private final List<TimeEntry> dated;
    private final @Nullable Instant lastOutBefore;

    private PunchLedger(
            String employeeId,
            ZoneId zone,
            @Nullable TimeEntry latest,
            NavigableMap<LocalDate, SessionTally> tallies,
            List<TimeEntry> dated,
            @Nullable Instant lastOutBefore) {
        this.employeeId = employeeId;
        this.zone = zone;
        this.latest = latest;
        this.tallies = tallies;
        this.dated = dated;
        this.lastOutBefore = lastOutBefore;
    }

    public static PunchLedger empty(String employeeId, ZoneId zone) {
        return new PunchLedger(
                Objects.requireNonNull(employeeId, "employeeId"),
                Objects.requireNonNull(zone, "zone"),
                null,
                Collections.unmodifiableNavigableMap(new TreeMap<>()),
                List.of(),
                null);
    }

    /**
     * The same ledger, knowing the last punch_out of the work day before its first one (a day already final and
     * no longer in the journal), so that its first day's rest can be judged too. Null: not known.
     */
    public PunchLedger withLastOutBefore(@Nullable Instant lastOut) {
        return new PunchLedger(employeeId, zone, latest, tallies, dated, lastOut);
    }

    /**
     * @param chronological entries oldest first, starting at a cycle boundary (whole work dates); any work date
     *                      already on them is recomputed from {@code zone}
     */
    public static PunchLedger of(String employeeId, ZoneId zone, List<TimeEntry> chronological) {
        PunchLedger ledger = empty(employeeId, zone);
        for (TimeEntry entry : chronological) {
            ledger = ledger.record(entry);
        }
        return ledger;
    }

    /**
     * Dates the entry and adds it to its work date.
     *
     * @throws InvalidTransitionException when the punch is not allowed in the current state
     * @throws IllegalArgumentException   when it is older than the latest entry or belongs to another employee
     */
    public PunchLedger record(TimeEntry entry) {
        Objects.requireNonNull(entry, "entry");
        if (!employeeId.equals(entry.employeeId())) {
            throw new IllegalArgumentException(
                    "entry " + entry.id() + " belongs to employee " + entry.employeeId() + ", not " + employeeId);
        }
        WorkDateAssignment.requireNotBefore(latest, entry);
        LocalDate workDate = WorkDateAssignment.workDateFor(latest, entry.action(), entry.timestamp(), zone);
        TimeEntry dated = entry.withWorkDate(workDate);
        SessionTally existing = tallies.get(workDate);
        SessionTally updated = existing == null ? SessionTally.start(dated) : existing.apply(dated);
        TreeMap<LocalDate, SessionTally> next = new TreeMap<>(tallies);
        next.put(workDate, updated);
        List<TimeEntry> allDated = new ArrayList<>(this.dated);
        allDated.add(dated);
        return new PunchLedger(
                employeeId,
                zone,
                dated,
                Collections.unmodifiableNavigableMap(next),
                Collections.unmodifiableList(allDated),
                lastOutBefore);
    }

    /** Every recorded entry with its work date, oldest first. */
    public List<TimeEntry> datedEntries() {
        return dated;
    }

    public String employeeId() {
        return employeeId;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The latest entry, with its work date. */
    public Optional<TimeEntry> latest() {
        return Optional.ofNullable(latest);
    }

    public WorkState state() {
        return latest == null ? WorkState.OFF : PunchStateMachine.stateAfter(latest.action());
    }

    public List<LocalDate> workDates() {
        return List.copyOf(tallies.keySet());
    }

    public Optional<SessionTally> tally(LocalDate workDate) {
        return Optional.ofNullable(tallies.get(workDate));
    }

    /** One session per work date, oldest first, each judged for rest against the work day before it. */
    public List<WorkSession> sessions(BusinessHoursTimeline timeline, Instant now) {
        List<WorkSession> sessions = new ArrayList<>(tallies.size());
        for (LocalDate date : tallies.keySet()) {
            sessions.add(session(date, timeline, now).orElseThrow());
        }
        return List.copyOf(sessions);
    }

    public Optional<WorkSession> session(LocalDate workDate, BusinessHoursTimeline timeline, Instant now) {
        return tally(workDate).map(tally -> tally.toSession(zone, timeline, now, lastOutBefore(workDate)));
    }

    /** The last punch_out of the work day before this one: the ledger's own, else the one it was given. */
    private @Nullable Instant lastOutBefore(LocalDate workDate) {
        var previous = tallies.lowerEntry(workDate);
        return previous == null ? lastOutBefore : previous.getValue().lastOut().orElse(null);
    }

    /** See {@link WorkStatus#today}. */
    public LocalDate today(Instant now) {
        return WorkStatus.today(latest, zone, now);
    }

    public WorkStatus status(BusinessHoursTimeline timeline, Instant now) {
        LocalDate today = today(now);
        return WorkStatus.of(state(), latest == null ? null : latest.timestamp(), today, session(today, timeline, now));
    }

    /**
     * The punch_out that closes the open cycle once it has run longer than the maximum shift of the work date's
     * business hours. Normally placed at punch_in + max shift; if the employee somehow punched again after that
     * limit (a break while the job that closes cycles was late), it goes at that latest punch instead, because an
     * entry can never be placed before one already recorded.
     */
    public Optional<AutoPunchOut> autoPunchOutDue(BusinessHoursTimeline timeline, Instant now) {
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(now, "now");
        if (latest == null || state() == WorkState.OFF) {
            return Optional.empty();
        }
        // The open cycle is on the latest entry's work date, which every recorded entry has.
        SessionTally tally = tally(Objects.requireNonNull(latest.workDate(), "work date of the latest entry"))
                .orElseThrow();
        Optional<BusinessHours> rules = timeline.inForceAt(tally.firstIn());
        // A maximum shift of zero hours reads as "no limit configured", not as "close every cycle at once".
        if (rules.isEmpty() || rules.get().maxShiftHours() <= 0) {
            return Optional.empty();
        }
        Duration maxShift = rules.get().maxShift();
        Instant punchIn = tally.openPunchIn().orElseThrow();
        Instant limit = punchIn.plus(maxShift);
        if (!now.isAfter(limit)) {
            return Optional.empty();
        }
        Instant at = latest.timestamp().isAfter(limit) ? latest.timestamp() : limit;
        return Optional.of(new AutoPunchOut(employeeId, tally.workDate(), punchIn, at, maxShift));
    }
}
