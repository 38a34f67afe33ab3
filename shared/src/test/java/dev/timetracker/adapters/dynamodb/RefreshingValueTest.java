package dev.timetracker.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshingValueTest {
    private static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    private final AtomicInteger reads = new AtomicInteger();
    private final RefreshingValue<Integer> value =
            new RefreshingValue<>(reads::incrementAndGet, Duration.ofSeconds(60));

    @Test
    void isReadOnceWhileYoungerThanItsMaximumAge() {
        assertEquals(1, value.get(START));
        assertEquals(1, value.get(START.plusSeconds(59)));
        assertEquals(1, reads.get());
    }

    @Test
    void isReadAgainAtItsMaximumAge() {
        value.get(START);
        assertEquals(2, value.get(START.plusSeconds(60)));
        assertEquals(2, value.get(START.plusSeconds(119)));
        assertEquals(3, value.get(START.plusSeconds(120)));
    }

    @Test
    void isReadAgainWhenTheClockGoesBackBeforeTheLastRead() {
        value.get(START);
        assertEquals(2, value.get(START.minusSeconds(1)));
        assertEquals(2, value.get(START));
    }
}
