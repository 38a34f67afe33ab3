package dev.timetracker.domain.time;

import dev.timetracker.domain.hours.BusinessHours;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The history of business-hours configurations. Configurations are never edited, only superseded, so a past work
 * date keeps being judged by the rules that were in force when it started.
 */
public final class BusinessHoursTimeline {

    // createdAt breaks ties between configurations sharing an effectiveFrom: the one saved last wins.
    private static final Comparator<BusinessHours> ORDER = Comparator.comparing(BusinessHours::effectiveFrom)
            .thenComparing(BusinessHours::createdAt, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final List<BusinessHours> byEffectiveFrom;

    public BusinessHoursTimeline(List<BusinessHours> configurations) {
        for (BusinessHours configuration : configurations) {
            Objects.requireNonNull(configuration.effectiveFrom(), "effectiveFrom of " + configuration.id());
        }
        this.byEffectiveFrom = configurations.stream().sorted(ORDER).toList();
    }

    public static BusinessHoursTimeline of(BusinessHours... configurations) {
        return new BusinessHoursTimeline(List.of(configurations));
    }

    /** A tenant that has not configured business hours yet: no late, early leave, overtime or auto-close. */
    public static BusinessHoursTimeline empty() {
        return new BusinessHoursTimeline(List.of());
    }

    /**
     * The configuration with the greatest {@code effectiveFrom} at or before {@code instant}; before the first one
     * took effect, the first one, because a work date must always be judged by some rules. Empty only when the
     * timeline is.
     */
    public Optional<BusinessHours> inForceAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (byEffectiveFrom.isEmpty()) {
            return Optional.empty();
        }
        BusinessHours inForce = byEffectiveFrom.get(0);
        for (BusinessHours candidate : byEffectiveFrom) {
            if (candidate.effectiveFrom().isAfter(instant)) {
                break;
            }
            inForce = candidate;
        }
        return Optional.of(inForce);
    }

    public List<BusinessHours> configurations() {
        return byEffectiveFrom;
    }

    public boolean isEmpty() {
        return byEffectiveFrom.isEmpty();
    }
}
