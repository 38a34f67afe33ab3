package dev.timetracker.domain.report;

import dev.timetracker.domain.time.WorkState;

/** Where the organisation's active employees are now: the overview's head count, by state. */
public record StateCounts(long active, long working, long onBreak, long off) {

    public static StateCounts none() {
        return new StateCounts(0, 0, 0, 0);
    }

    /** One more active employee, in this state. */
    public StateCounts count(WorkState state) {
        return switch (state) {
            case WORKING -> new StateCounts(active + 1, working + 1, onBreak, off);
            case ON_BREAK -> new StateCounts(active + 1, working, onBreak + 1, off);
            case OFF -> new StateCounts(active + 1, working, onBreak, off + 1);
        };
    }

    public StateCounts minus(StateCounts other) {
        return new StateCounts(
                active - other.active, working - other.working, onBreak - other.onBreak, off - other.off);
    }

    public StateCounts plus(StateCounts other) {
        return new StateCounts(
                active + other.active, working + other.working, onBreak + other.onBreak, off + other.off);
    }
}
