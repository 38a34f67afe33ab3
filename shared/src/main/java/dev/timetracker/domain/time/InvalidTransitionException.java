package dev.timetracker.domain.time;

import dev.timetracker.domain.ConflictException;
import java.util.Map;
import java.util.Objects;

/** A punch that the state machine does not allow from the employee's current state (the API's 409). */
public final class InvalidTransitionException extends ConflictException {

    private final WorkState currentState;
    private final PunchAction action;

    public InvalidTransitionException(WorkState currentState, PunchAction action) {
        super(
                "invalid-transition",
                "Cannot " + Objects.requireNonNull(action, "action").wire() + " while "
                        + Objects.requireNonNull(currentState, "currentState").wire(),
                Map.of("current_status", currentState.wire(), "action", action.wire()));
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
