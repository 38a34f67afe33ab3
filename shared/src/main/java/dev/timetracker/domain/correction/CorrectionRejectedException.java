package dev.timetracker.domain.correction;

import dev.timetracker.domain.RuleViolationException;

/**
 * A correction whose changes would leave the work date with entries that could not have been punched: 422 naming
 * the first broken change ({@code changes[i]}), so the client can point at it.
 */
public final class CorrectionRejectedException extends RuleViolationException {
    private final int changeIndex;

    public CorrectionRejectedException(int changeIndex, String reason) {
        super("invalid-correction", field(changeIndex) + ": " + reason);
        this.changeIndex = changeIndex;
    }

    /** Index into the correction's {@code changes}. */
    public int changeIndex() {
        return changeIndex;
    }

    /** The request field this names, e.g. {@code changes[2]}. */
    public String field() {
        return field(changeIndex);
    }

    private static String field(int index) {
        return "changes[" + index + "]";
    }
}
