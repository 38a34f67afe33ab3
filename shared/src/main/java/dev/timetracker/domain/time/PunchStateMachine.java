package dev.timetracker.domain.time;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The only transitions a punch clock accepts. One table drives {@link #next}, {@link #allowedFrom} and
 * {@link #stateAfter}, so the storage layer's conditional write can never disagree with the domain.
 */
public final class PunchStateMachine {

    private static final Map<WorkState, Map<PunchAction, WorkState>> TRANSITIONS = new EnumMap<>(WorkState.class);

    static {
        for (WorkState state : WorkState.values()) {
            TRANSITIONS.put(state, new EnumMap<>(PunchAction.class));
        }
        movesFrom(WorkState.OFF).put(PunchAction.PUNCH_IN, WorkState.WORKING);
        movesFrom(WorkState.WORKING).put(PunchAction.BREAK_START, WorkState.ON_BREAK);
        movesFrom(WorkState.WORKING).put(PunchAction.PUNCH_OUT, WorkState.OFF);
        movesFrom(WorkState.ON_BREAK).put(PunchAction.BREAK_END, WorkState.WORKING);
        // Punching out during a break ends the break and the cycle together.
        movesFrom(WorkState.ON_BREAK).put(PunchAction.PUNCH_OUT, WorkState.OFF);
    }

    private PunchStateMachine() {}

    /** The table has a row for every state (filled above), so this is never null. */
    private static Map<PunchAction, WorkState> movesFrom(WorkState state) {
        return Objects.requireNonNull(TRANSITIONS.get(state), "every state has a row");
    }

    /** @throws InvalidTransitionException when {@code action} is not allowed from {@code from} */
    public static WorkState next(WorkState from, PunchAction action) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(action, "action");
        WorkState to = movesFrom(from).get(action);
        if (to == null) {
            throw new InvalidTransitionException(from, action);
        }
        return to;
    }

    public static boolean allows(WorkState from, PunchAction action) {
        return movesFrom(Objects.requireNonNull(from, "from")).containsKey(Objects.requireNonNull(action, "action"));
    }

    /** The states from which {@code action} is accepted, never empty. */
    public static Set<WorkState> allowedFrom(PunchAction action) {
        Objects.requireNonNull(action, "action");
        EnumSet<WorkState> from = EnumSet.noneOf(WorkState.class);
        TRANSITIONS.forEach((state, moves) -> {
            if (moves.containsKey(action)) {
                from.add(state);
            }
        });
        return Collections.unmodifiableSet(from);
    }

    /**
     * The state an employee is in right after a valid {@code action}. Every action leads to exactly one state,
     * so the latest stored entry alone tells the current state.
     */
    public static WorkState stateAfter(PunchAction action) {
        Objects.requireNonNull(action, "action");
        return switch (action) {
            case PUNCH_IN, BREAK_END -> WorkState.WORKING;
            case BREAK_START -> WorkState.ON_BREAK;
            case PUNCH_OUT -> WorkState.OFF;
        };
    }
}
