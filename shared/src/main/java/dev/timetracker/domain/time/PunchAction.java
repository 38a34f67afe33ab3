package dev.timetracker.domain.time;

/** What an employee does at the clock. */
public enum PunchAction {
    PUNCH_IN("punch_in"),
    PUNCH_OUT("punch_out"),
    BREAK_START("break_start"),
    BREAK_END("break_end");

    private final String wire;

    PunchAction(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for anything that is not one of the four wire names */
    public static PunchAction fromWire(String wire) {
        for (PunchAction action : values()) {
            if (action.wire.equals(wire)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown punch action: " + wire);
    }
}
