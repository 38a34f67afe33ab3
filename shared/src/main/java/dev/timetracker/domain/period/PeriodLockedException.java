package dev.timetracker.domain.period;

import dev.timetracker.domain.RuleViolationException;
import java.time.LocalDate;

/** A punch, correction or automatic close that would change a closed work date: 422 {@code period-locked}. */
public final class PeriodLockedException extends RuleViolationException {
    private final LocalDate workDate;

    public PeriodLockedException(LocalDate workDate, String why) {
        super("period-locked", "work date " + workDate + " is locked (" + why + ")");
        this.workDate = workDate;
    }

    public LocalDate workDate() {
        return workDate;
    }
}
