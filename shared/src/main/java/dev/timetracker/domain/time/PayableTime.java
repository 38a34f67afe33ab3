package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.PayRules;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The pay rules applied to one work date (API contract, "Pay rules"), all in whole seconds. Raw punches and
 * {@code worked_seconds} are inputs only; nothing here changes them.
 *
 * <p><b>Rounding.</b> Each cycle's punch_in and punch_out (the punches, never a break, and never the running end of
 * an open cycle, which is no punch) are rounded on the employee's local clock grid counted from local midnight:
 * the punch's wall time is read with the UTC offset in force at that punch, rounded, and turned back into an
 * instant with that same offset. So a rounded time never moves more than one increment from the punch, even when it
 * would fall into a daylight-saving gap (spring: 01:58 CET rounded up to 02:00 is 01:00Z, the instant the clocks
 * jump to 03:00 CEST) or overlap (autumn: 02:50 CEST rounded up to 03:00 is 01:00Z, the instant the clocks fall
 * back to 02:00 CET — not 03:00 CET an hour later). Every allowed increment divides 30 minutes and every DST shift
 * is a multiple of 30 minutes, so the result is on the grid of the offset after the change as well. Nearest rounds
 * a remainder of exactly half an increment up. A rounded cycle shorter than nothing (in rounded up past a rounded
 * down out) counts 0.
 *
 * <p><b>Payable.</b> {@code payable = Σ(rounded cycle spans) − break_seconds − deducted shortfall}, at least 0.
 *
 * <p><b>Breaks.</b> The required break is that of the strictest break rule whose threshold the raw
 * {@code worked_seconds} exceed; the shortfall is what {@code break_seconds} lack of it.
 *
 * <p><b>Rest.</b> {@code short_rest} compares the previous work day's {@code last_out} with this day's
 * {@code first_in}; without a previous work day (the employee's first, or a history read without it) there is no
 * rest to judge and the flag is never set.
 */
public record PayableTime(long payableSeconds, long breakShortfallSeconds, List<String> flags) {

    public PayableTime {
        flags = List.copyOf(flags);
    }

    /**
     * @param cycles           the session's cycles; an open one ends at the live "now" its seconds were counted to
     * @param previousLastOut  the last punch_out of the employee's previous work day, or null when not known
     */
    public static PayableTime of(
            PayRules rules,
            ZoneId zone,
            List<PunchCycle> cycles,
            long workedSeconds,
            long breakSeconds,
            Instant firstIn,
            @Nullable Instant previousLastOut) {
        Objects.requireNonNull(rules, "rules");
        long spans = 0;
        for (PunchCycle cycle : cycles) {
            spans += roundedSpanSeconds(rules.rounding(), zone, cycle);
        }
        long required = rules.requiredBreakSeconds(workedSeconds);
        long shortfall = Math.max(0, required - breakSeconds);
        long deducted = rules.autoDeductBreak() ? shortfall : 0;
        long payable = Math.max(0, spans - breakSeconds - deducted);

        List<String> flags = new ArrayList<>();
        if (shortfall > 0) {
            flags.add(WorkSession.BREAK_SHORT);
        }
        if (rules.maxDailyMinutes() != null && workedSeconds > rules.maxDailyMinutes() * 60L) {
            flags.add(WorkSession.OVER_MAX_DAILY);
        }
        if (rules.minRestMinutes() != null
                && previousLastOut != null
                && SessionTally.secondsBetween(previousLastOut, firstIn) < rules.minRestMinutes() * 60L) {
            flags.add(WorkSession.SHORT_REST);
        }
        return new PayableTime(payable, shortfall, flags);
    }

    /** No rules: payable time is worked time. */
    public static PayableTime unruled(long workedSeconds) {
        return new PayableTime(workedSeconds, 0, List.of());
    }

    static long roundedSpanSeconds(PayRules.@Nullable Rounding rounding, ZoneId zone, PunchCycle cycle) {
        if (rounding == null) {
            return cycle.spanSeconds();
        }
        Instant in = SessionTally.toWholeSecond(cycle.punchIn());
        Instant end = in.plusSeconds(cycle.spanSeconds());
        Instant roundedIn = round(in, zone, rounding.incrementMinutes(), rounding.punchIn());
        Instant roundedEnd = cycle.isOpen() ? end : round(end, zone, rounding.incrementMinutes(), rounding.punchOut());
        return Math.max(0, roundedEnd.getEpochSecond() - roundedIn.getEpochSecond());
    }

    /** See the class comment: the wall time at the punch's own offset, rounded from local midnight. */
    public static Instant round(Instant punch, ZoneId zone, int incrementMinutes, PayRules.Direction direction) {
        Instant whole = SessionTally.toWholeSecond(punch);
        ZoneOffset offset = zone.getRules().getOffset(whole);
        LocalDateTime wall = LocalDateTime.ofInstant(whole, offset);
        long increment = incrementMinutes * 60L;
        long sinceMidnight = wall.toLocalTime().toSecondOfDay();
        long remainder = sinceMidnight % increment;
        if (remainder == 0) {
            return whole;
        }
        boolean up = switch (direction) {
            case UP -> true;
            case DOWN -> false;
            case NEAREST -> remainder * 2 >= increment;
        };
        long shift = up ? increment - remainder : -remainder;
        // The same offset on both sides: a rounded 24:00 is the next midnight, and no DST change moves it further.
        return wall.plusSeconds(shift).toInstant(offset);
    }
}
