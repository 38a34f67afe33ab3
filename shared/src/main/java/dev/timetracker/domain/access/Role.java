package dev.timetracker.domain.access;

import java.util.Locale;

public enum Role {
    ADMIN, MANAGER, EMPLOYEE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the role of that wire name, or null when there is none */
    public static Role fromWire(String wire) {
        for (Role role : values()) {
            if (role.wire().equals(wire)) {
                return role;
            }
        }
        return null;
    }
}
