package dev.timetracker.domain.period;

import java.util.Locale;

/** Where an employee's week is on its way to payroll; {@link #APPROVED} locks its dates for that employee. */
public enum TimesheetStatus {
    OPEN,
    SUBMITTED,
    APPROVED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything that is not a wire name */
    public static TimesheetStatus fromWire(String wire) {
        for (TimesheetStatus status : values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown timesheet status: " + wire);
    }
}
