package dev.timetracker.domain.time;

/** Where an employee stands between two punches. */
public enum WorkState {
    OFF("off"),
    WORKING("working"),
    ON_BREAK("on_break");

    private final String wire;

    WorkState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for anything that is not one of the three wire names */
    public static WorkState fromWire(String wire) {
        for (WorkState state : values()) {
            if (state.wire.equals(wire)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown work state: " + wire);
    }
}
