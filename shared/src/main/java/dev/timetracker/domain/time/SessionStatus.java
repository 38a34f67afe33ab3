package dev.timetracker.domain.time;

/** Whether a work date still has an open cycle, and whether any cycle had to be closed for the employee. */
public enum SessionStatus {
    OPEN,
    COMPLETE,
    AUTO_CLOSED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything that is not one of the three wire names */
    public static SessionStatus fromWire(String wire) {
        for (SessionStatus status : values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown session status: " + wire);
    }
}
