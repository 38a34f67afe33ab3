package dev.timetracker.domain.report;

import dev.timetracker.domain.time.WorkSession;
import dev.timetracker.domain.time.WorkState;
import java.time.LocalDate;

/**
 * One work date's figures over some sessions, in a form that stays exact while time passes without being written
 * again: an open cycle's worked (or break) time grows by one second a second, so the sum over sessions is linear in
 * now. worked(now) = {@code closedWorked} + {@code working}·now − {@code workingSince}, likewise breaks (now in epoch
 * seconds). Figures add and subtract as vectors, so a store keeps a sum of them by adding each change's
 * {@code after − before} (docs/storage.md, "Live day totals").
 *
 * @param present      sessions on the date (each employee at most one)
 * @param late         sessions judged late
 * @param closedWorked worked seconds, without the part still growing
 * @param closedBreak  break seconds, without the part still growing
 * @param working      sessions whose cycle is running, not on a break
 * @param workingSince Σ of the epoch second from which each of those counts
 * @param onBreak      sessions on a break
 * @param breakSince   Σ of the epoch second from which each of those counts
 */
public record LiveFigures(
        long present,
        long late,
        long closedWorked,
        long closedBreak,
        long working,
        long workingSince,
        long onBreak,
        long breakSince) {

    public static final LiveFigures NONE = new LiveFigures(0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * A session's figures. A closed one is constant; an open one, computed at {@code at} (epoch second of its latest
     * entry, where the session code does not clamp), grows from there in the state the clock is in.
     */
    public static LiveFigures of(WorkSession session, WorkState state, long at) {
        long late = session.lateSeconds() > 0 ? 1 : 0;
        if (!session.isOpen() || state == WorkState.OFF) {
            return new LiveFigures(1, late, session.workedSeconds(), session.breakSeconds(), 0, 0, 0, 0);
        }
        return state == WorkState.WORKING
                ? new LiveFigures(1, late, session.workedSeconds(), session.breakSeconds(), 1, at, 0, 0)
                : new LiveFigures(1, late, session.workedSeconds(), session.breakSeconds(), 0, 0, 1, at);
    }

    public LiveFigures plus(LiveFigures other) {
        return new LiveFigures(
                present + other.present,
                late + other.late,
                closedWorked + other.closedWorked,
                closedBreak + other.closedBreak,
                working + other.working,
                workingSince + other.workingSince,
                onBreak + other.onBreak,
                breakSince + other.breakSince);
    }

    public LiveFigures minus(LiveFigures other) {
        return new LiveFigures(
                present - other.present,
                late - other.late,
                closedWorked - other.closedWorked,
                closedBreak - other.closedBreak,
                working - other.working,
                workingSince - other.workingSince,
                onBreak - other.onBreak,
                breakSince - other.breakSince);
    }

    public boolean isNone() {
        return equals(NONE);
    }

    public long workedAt(long epochSecond) {
        return closedWorked + working * epochSecond - workingSince;
    }

    public long breakAt(long epochSecond) {
        return closedBreak + onBreak * epochSecond - breakSince;
    }

    /**
     * The daily report's row at {@code epochSecond}. Late and overtime seconds are not kept live (the daily report
     * does not show them; the nightly {@code DAILY} aggregate has them).
     */
    public DayTotals at(LocalDate date, long epochSecond) {
        return new DayTotals(date, present, workedAt(epochSecond), breakAt(epochSecond), late, 0, 0);
    }
}
