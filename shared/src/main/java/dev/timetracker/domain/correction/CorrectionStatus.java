package dev.timetracker.domain.correction;

import java.util.Locale;

/** A request waits as {@link #PENDING} until decided; a correction by an admin or manager is applied at once. */
public enum CorrectionStatus {
    PENDING,
    APPLIED,
    REJECTED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything that is not a wire name */
    public static CorrectionStatus fromWire(String wire) {
        for (CorrectionStatus status : values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown correction status: " + wire);
    }
}
