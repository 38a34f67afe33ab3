package dev.timetracker.functions.aggregation;

import dev.timetracker.adapters.config.Environment;
import java.time.Duration;

/**
 * How the nightly job runs, from the function's environment (template.yaml):
 * <ul>
 *   <li>NIGHTLY_QUEUE_URL: the fan-out queue; without it every run stays in one invocation;</li>
 *   <li>NIGHTLY_FAN_OUT_ABOVE: a run with more clocks than this fans out (small organisations stay in one
 *       invocation);</li>
 *   <li>NIGHTLY_CLOCKS_PER_MESSAGE: the clocks of one queue message;</li>
 *   <li>NIGHTLY_CHECKPOINT_DAYS: how long a run's checkpoint is kept after the run started (its TTL).</li>
 * </ul>
 *
 * @param clocksPerPage how many clocks one BatchGetItem reads and one checkpoint covers (tests use small pages)
 */
record NightlySettings(
        int clocksPerPage, String queueUrl, long fanOutAbove, int clocksPerMessage, Duration checkpointsKept) {
    static final long DEFAULT_FAN_OUT_ABOVE = 20_000;
    static final int DEFAULT_CLOCKS_PER_MESSAGE = 1_000;
    static final int DEFAULT_CHECKPOINT_DAYS = 30;

    static NightlySettings from(Environment environment) {
        return new NightlySettings(
                AggregationJob.DEFAULT_CLOCKS_PER_PAGE,
                environment.optional("NIGHTLY_QUEUE_URL").orElse(null),
                environment.integer("NIGHTLY_FAN_OUT_ABOVE", (int) DEFAULT_FAN_OUT_ABOVE),
                environment.integer("NIGHTLY_CLOCKS_PER_MESSAGE", DEFAULT_CLOCKS_PER_MESSAGE),
                Duration.ofDays(environment.integer("NIGHTLY_CHECKPOINT_DAYS", DEFAULT_CHECKPOINT_DAYS)));
    }

    NightlySettings withClocksPerPage(int clocks) {
        return new NightlySettings(clocks, queueUrl, fanOutAbove, clocksPerMessage, checkpointsKept);
    }

    NightlySettings withFanOut(long above, int clocks) {
        return new NightlySettings(clocksPerPage, queueUrl, above, clocks, checkpointsKept);
    }

    NightlySettings withCheckpointsKept(Duration kept) {
        return new NightlySettings(clocksPerPage, queueUrl, fanOutAbove, clocksPerMessage, kept);
    }
}
