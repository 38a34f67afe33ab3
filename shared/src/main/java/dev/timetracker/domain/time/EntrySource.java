package dev.timetracker.domain.time;

/** Who produced a time entry; {@link #AUTO} marks the synthetic punch_out of an auto-closed cycle. */
public enum EntrySource {
    APP,
    OFFLINE,
    ADMIN,
    AUTO,
    /** Added by an applied correction. */
    CORRECTION;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything that is not one of the wire names */
    public static EntrySource fromWire(String wire) {
        for (EntrySource source : values()) {
            if (source.wire().equals(wire)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown entry source: " + wire);
    }
}
