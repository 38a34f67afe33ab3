package dev.timetracker.adapters.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    /** A source of 0..size-1 that reports each element it hands out. */
    private static Iterator<Integer> source(int size, BlockingQueue<Integer> handedOut, int failingAt) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public Integer next() {
                if (next == failingAt) {
                    throw new IllegalStateException("page " + next + " could not be read");
                }
                handedOut.add(next);
                return next++;
            }
        };
    }

    @Test
    void theNextElementIsFetchedBeforeItIsAskedForAndNeverMoreThanOneAhead() throws InterruptedException {
        BlockingQueue<Integer> handedOut = new LinkedBlockingQueue<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source(3, handedOut, -1))) {
            assertEquals(0, handedOut.poll(10, TimeUnit.SECONDS), "fetched before anyone asked");
            assertEquals(0, ahead.next());
            assertEquals(1, handedOut.poll(10, TimeUnit.SECONDS), "the next one, while the caller works on 0");
            assertNull(handedOut.poll(), "not two ahead");
            List<Integer> rest = new ArrayList<>();
            ahead.forEachRemaining(rest::add);
            assertEquals(List.of(1, 2), rest);
            assertFalse(ahead.hasNext());
            assertThrows(NoSuchElementException.class, ahead::next);
        }
    }

    @Test
    void aFailureOfTheSourceSurfacesWhereItsElementIsAskedFor() {
        try (ReadAhead<Integer> ahead = new ReadAhead<>(source(3, new LinkedBlockingQueue<>(), 1))) {
            assertEquals(0, ahead.next());
            IllegalStateException failure = assertThrows(IllegalStateException.class, ahead::hasNext);
            assertEquals("page 1 could not be read", failure.getMessage());
        }
    }
}
