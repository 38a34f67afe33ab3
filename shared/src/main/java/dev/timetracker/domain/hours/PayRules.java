package dev.timetracker.domain.hours;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The optional pay rules of a business-hours configuration (API contract, "Pay rules"). Every limit is in whole
 * minutes; null means the rule is not configured. They never change recorded punches or {@code worked_seconds}:
 * they only shape {@code payable_seconds}, {@code break_shortfall_seconds}, the flags and weekly overtime.
 *
 * @param weeklyOvertimeAfterMinutes straight time per ISO week beyond which weekly overtime counts
 * @param breakRules                 sorted by {@code afterMinutes}, each stricter than the one before
 * @param autoDeductBreak            whether a break shortfall is deducted from payable time
 * @param maxDailyMinutes            worked time of a work date beyond which it is flagged {@code over_max_daily}
 * @param minRestMinutes             rest before a work date below which it is flagged {@code short_rest}
 * @param rounding                   how each cycle's punch_in and punch_out are rounded; null for none
 */
public record PayRules(
        @Nullable Integer weeklyOvertimeAfterMinutes,
        List<BreakRule> breakRules,
        boolean autoDeductBreak,
        @Nullable Integer maxDailyMinutes,
        @Nullable Integer minRestMinutes,
        @Nullable Rounding rounding) {

    /** What a configuration without pay rules (every one stored before they existed) has. */
    public static final PayRules NONE = new PayRules(null, List.of(), false, null, null, null);

    public PayRules {
        breakRules = List.copyOf(breakRules);
    }

    /** "After 6 h at least 30 min": it applies to a day with more than {@code afterMinutes} worked. */
    public record BreakRule(int afterMinutes, int minBreakMinutes) {}

    /** @param incrementMinutes one of {@link #INCREMENTS} */
    public record Rounding(int incrementMinutes, Direction punchIn, Direction punchOut) {
        /** Every one divides 30 minutes, as every daylight-saving shift in the tz database is a multiple of 30. */
        public static final List<Integer> INCREMENTS = List.of(1, 5, 6, 10, 15, 30);

        public Rounding {
            Objects.requireNonNull(punchIn, "punchIn");
            Objects.requireNonNull(punchOut, "punchOut");
            if (!INCREMENTS.contains(incrementMinutes)) {
                throw new IllegalArgumentException("rounding increment " + incrementMinutes);
            }
        }
    }

    public enum Direction {
        UP,
        DOWN,
        NEAREST;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Optional<Direction> fromWire(String wire) {
            for (Direction direction : values()) {
                if (direction.wire().equals(wire)) {
                    return Optional.of(direction);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * The break a day with this much worked time needs: the rule with the greatest threshold it exceeds (rules
     * are sorted and each asks for more break than the one before, so that is also the strictest); 0 when none.
     */
    public long requiredBreakSeconds(long workedSeconds) {
        long required = 0;
        for (BreakRule rule : breakRules) {
            if (workedSeconds > rule.afterMinutes() * 60L) {
                required = Math.max(required, rule.minBreakMinutes() * 60L);
            }
        }
        return required;
    }
}
