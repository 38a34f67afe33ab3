package dev.timetracker.local.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The local EventBridge schedules: when a rate or cron expression fires next (no stack needed). */
class SchedulerTest {
    private static final Instant AFTER = Instant.parse("2026-03-02T10:07:30Z");

    @Test
    void rateFiresItsAmountAfterTheLastRunAndToleratesSpacesInsideTheParentheses() {
        assertEquals(AFTER.plus(1, ChronoUnit.MINUTES), Scheduler.next("rate(1 minute)", AFTER));
        assertEquals(AFTER.plus(2, ChronoUnit.HOURS), Scheduler.next("rate(2 hours)", AFTER));
        assertEquals(AFTER.plus(5, ChronoUnit.MINUTES), Scheduler.next("rate( 5  minutes )", AFTER));
    }

    @Test
    void cronFiresAtTheNextMinuteMatchingItsStepsListsAndRanges() {
        // template.yaml's nightly expression: minute 15 of every third hour (UTC).
        assertEquals(Instant.parse("2026-03-02T12:15:00Z"), Scheduler.next("cron(15 */3 * * ? *)", AFTER));
        assertEquals(Instant.parse("2026-03-02T10:20:00Z"), Scheduler.next("cron(5,20,40 * * * ? *)", AFTER));
        assertEquals(Instant.parse("2026-03-02T12:00:00Z"), Scheduler.next("cron(0 12-14 * * ? *)", AFTER));
        assertEquals(Instant.parse("2026-03-02T11:10:00Z"), Scheduler.next("cron(10-50/20 11 * * ? *)", AFTER));
    }
}
