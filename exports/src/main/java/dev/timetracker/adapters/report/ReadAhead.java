package dev.timetracker.adapters.report;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An iterator that fetches its source's next element on a background thread while the caller works on the current
 * one, so that a page read overlaps with writing the page before it. One element ahead at most: memory stays at two
 * pages, and the source is only ever called from one thread at a time. Close it when done (or abandoned) to end
 * the thread.
 */
public final class ReadAhead<T> implements Iterator<T>, AutoCloseable {
    private final Iterator<T> source;
    private final ExecutorService fetcher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "export-read-ahead");
        thread.setDaemon(true);
        return thread;
    });
    private CompletableFuture<Optional<T>> ahead;

    public ReadAhead(Iterator<T> source) {
        this.source = source;
        this.ahead = fetchNext();
    }

    /** The next element, or empty at the end (the source's elements are never null). */
    private CompletableFuture<Optional<T>> fetchNext() {
        return CompletableFuture.supplyAsync(
                () -> source.hasNext() ? Optional.of(source.next()) : Optional.empty(), fetcher);
    }

    @Override
    public boolean hasNext() {
        return awaitAhead().isPresent();
    }

    @Override
    public T next() {
        T fetched = awaitAhead().orElseThrow(NoSuchElementException::new);
        ahead = fetchNext();
        return fetched;
    }

    /** The element fetched ahead; a failure of the source surfaces here, as it would have without read-ahead. */
    private Optional<T> awaitAhead() {
        try {
            return ahead.join();
        } catch (CompletionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error error) {
                throw error;
            }
            throw failed;
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
