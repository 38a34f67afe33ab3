package dev.timetracker.domain.time;

import java.util.Objects;

/** A punch that the state machine does not allow from the employee's current state. */
public final class InvalidTransitionException extends RuntimeException {

    private final WorkState currentState;
    private final PunchAction action;

    public InvalidTransitionException(WorkState currentState, PunchAction action) {
        super("cannot " + Objects.requireNonNull(action, "action").wire()
                + " while " + Objects.requireNonNull(currentState, "currentState").wire());
        this.currentState = currentState;
        this.action = action;
    }

    public WorkState currentState() {
        return currentState;
    }

    public PunchAction action() {
        return action;
    }
}
