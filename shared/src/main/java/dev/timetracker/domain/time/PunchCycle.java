package dev.timetracker.domain.time;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One punch_in … punch_out with its breaks. While the cycle is open, {@code punchOut} is null and the seconds run up
 * to the "now" the session was computed for.
 */
public record PunchCycle(Instant punchIn, @Nullable Instant punchOut, long workedSeconds, long breakSeconds) {

    public PunchCycle {
        Objects.requireNonNull(punchIn, "punchIn");
        if (workedSeconds < 0 || breakSeconds < 0) {
            throw new IllegalArgumentException("negative seconds in cycle starting " + punchIn);
        }
    }

    public boolean isOpen() {
        return punchOut == null;
    }

    public long spanSeconds() {
        return workedSeconds + breakSeconds;
    }
}
