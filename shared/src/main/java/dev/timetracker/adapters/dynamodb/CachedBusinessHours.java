package dev.timetracker.adapters.dynamodb;

import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.domain.hours.BusinessHoursRules;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The business-hours timeline, read once per minute per function instance. Configurations are few and change
 * rarely, and one that starts in the future is in the timeline before it applies; only a configuration made
 * effective "now" reaches a warm instance up to a minute late. Keeping it out of the punch and status calls
 * is what lets those cost one DynamoDB round trip.
 */
public final class CachedBusinessHours implements Supplier<BusinessHoursTimeline> {
    static final Duration REFRESH_AFTER = Duration.ofSeconds(60);

    private final RefreshingValue<BusinessHoursTimeline> timeline;
    private final Clock clock;

    public CachedBusinessHours(DynamoBusinessHoursStore store, Clock clock) {
        this.timeline = new RefreshingValue<>(
                () -> {
                    var configurations = store.all();
                    // Before an admin configures anything, the built-in default applies, as GET .../current/ says.
                    return new BusinessHoursTimeline(
                            configurations.isEmpty() ? List.of(BusinessHoursRules.DEFAULT) : configurations);
                },
                REFRESH_AFTER);
        this.clock = clock;
    }

    /** The timeline as a function of this deployment reads it: from its employees table, on its clock. */
    public static CachedBusinessHours of(Deployment deployment) {
        var tables = deployment.tables();
        return new CachedBusinessHours(
                new DynamoBusinessHoursStore(
                        deployment.db(), tables.requiredEmployees(), tables.audit(), deployment.cursors()),
                deployment.clock());
    }

    @Override
    public BusinessHoursTimeline get() {
        return timeline.get(clock);
    }
}
