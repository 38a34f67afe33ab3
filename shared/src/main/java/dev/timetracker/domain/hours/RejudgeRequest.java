package dev.timetracker.domain.hours;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * A backdated configuration's request that the final days it changes be judged again (API contract: effective_from
 * "may lie in the past (those days are re-evaluated)"). Recorded with the configuration; the nightly job carries it
 * out and marks it done.
 *
 * @param versionId   the configuration that asks for it
 * @param from        the earliest work date it can change ({@link #earliestDateChanged})
 * @param requestedAt when the configuration was saved: a run started before it does not take it
 */
public record RejudgeRequest(String versionId, LocalDate from, Instant requestedAt) {

    public RejudgeRequest {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /**
     * A configuration judges every day whose first punch_in is at or after effective_from, and a work date is a date
     * in the employee's zone: the earliest date it can change is effective_from's date at the offset furthest behind
     * (no zone is behind UTC-18:00).
     */
    public static LocalDate earliestDateChanged(Instant effectiveFrom) {
        return LocalDate.ofInstant(effectiveFrom, ZoneOffset.MIN);
    }

    /**
     * The request a new configuration makes: only one that takes effect before it was saved can change a day that is
     * already final (final sessions all began before they were stored).
     */
    public static Optional<RejudgeRequest> of(BusinessHours configuration) {
        if (!configuration.effectiveFrom().isBefore(configuration.createdAt())) {
            return Optional.empty();
        }
        return Optional.of(new RejudgeRequest(
                configuration.id(), earliestDateChanged(configuration.effectiveFrom()), configuration.createdAt()));
    }
}
