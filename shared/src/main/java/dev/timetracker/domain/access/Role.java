package dev.timetracker.domain.access;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

public enum Role {
    ADMIN,
    MANAGER,
    EMPLOYEE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the role of that wire name, or null when there is none */
    public static @Nullable Role fromWire(String wire) {
        for (Role role : values()) {
            if (role.wire().equals(wire)) {
                return role;
            }
        }
        return null;
    }
}
