package dev.timetracker.domain.access;

/** Who made a change, as the audit trail records it; the system itself acts as "system". */
public record Actor(String id, Role role) {
    public static final Actor SYSTEM = new Actor("system", Role.ADMIN);

    public String roleWire() {
        return equals(SYSTEM) ? "system" : role.wire();
    }
}
