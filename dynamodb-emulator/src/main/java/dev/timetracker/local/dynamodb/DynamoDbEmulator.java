package dev.timetracker.local.dynamodb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-JVM DynamoDB emulator speaking the real DynamoDB JSON wire protocol on a loopback port, so production code
 * can use the real AWS SDK {@code DynamoDbClient} against it. Optionally persists its state to a directory: every
 * acknowledged write is in a log there before its response is sent (see {@link MutationLog} for what survives a
 * kill and what a power loss), and the log is compacted into a snapshot periodically and on {@link #close()}.
 *
 * <pre>{@code
 * try (DynamoDbEmulator dynamo = DynamoDbEmulator.start(0, null)) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(dynamo.endpoint())...build();
 * }
 * }</pre>
 *
 * <p>Created with {@link Realism} options, it also reproduces what DynamoDB does unpredictably: global indexes
 * that lag behind the table, batches answered in part, expired items that stay readable until swept, and
 * transactions that are still running when another request meets their items.
 */
public final class DynamoDbEmulator implements AutoCloseable {
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "000000000000";
    /**
     * System property: {@code true} makes each acknowledged write wait until it is on disk (fsync), so it also
     * survives a power loss or kernel crash; without it acknowledged writes survive the process being killed.
     */
    public static final String FSYNC_PROPERTY = "dynamodb.emulator.fsync";

    private static final System.Logger LOG = System.getLogger(DynamoDbEmulator.class.getName());
    /** The log makes writes durable; snapshots only bound its length (and so the replay at the next start). */
    private static final Duration COMPACTION_INTERVAL = Duration.ofSeconds(10);

    private static final Duration DEFAULT_TTL_SWEEP_INTERVAL = Duration.ofSeconds(3);
    private static final int HTTP_THREADS = 16;
    private static final int HTTP_QUEUE = 1024;
    private static final int ACCEPT_BACKLOG = 128;

    static {
        // The JDK server flushes response headers and body as separate TCP segments; with Nagle's algorithm on,
        // the body then waits for the client's delayed ACK, costing ~40 ms per request. The switch is read once,
        // when the JVM creates its first HttpServer, so set it as early as possible unless the user chose already.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Database db;
    private final SnapshotStore snapshots;
    private final HttpServer server;
    private final ExecutorService httpPool;
    private final ScheduledExecutorService background;
    private final TransactionGate transactions;
    private final UnprocessedBatches batches;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DynamoDbEmulator(
            Database db,
            SnapshotStore snapshots,
            HttpServer server,
            ExecutorService httpPool,
            ScheduledExecutorService background,
            TransactionGate transactions,
            UnprocessedBatches batches) {
        this.db = db;
        this.snapshots = snapshots;
        this.server = server;
        this.httpPool = httpPool;
        this.background = background;
        this.transactions = transactions;
        this.batches = batches;
    }

    /**
     * Starts an emulator bound to 127.0.0.1.
     *
     * @param port    the port to listen on, or 0 to pick a free one
     * @param dataDir null to keep everything in memory only; otherwise state is loaded from this directory at
     *                start and saved to it (in the background when changed, and on {@link #close()})
     */
    public static DynamoDbEmulator start(int port, Path dataDir) {
        return start(port, dataDir, Realism.off());
    }

    /** Like {@link #start(int, Path)}, reproducing the behaviours that {@code realism} turns on. */
    public static DynamoDbEmulator start(int port, Path dataDir, Realism realism) {
        return start(port, dataDir, realism, DEFAULT_TTL_SWEEP_INTERVAL, RequestAuthorizer.OPEN);
    }

    /**
     * Like {@link #start(int, Path, Realism)}, accepting only the requests {@code authorizer} lets through (IAM).
     */
    public static DynamoDbEmulator start(int port, Path dataDir, Realism realism, RequestAuthorizer authorizer) {
        return start(port, dataDir, realism, DEFAULT_TTL_SWEEP_INTERVAL, authorizer);
    }

    /** Like {@link #start(int, Path)} with a custom TTL sweep interval, so tests need not wait seconds. */
    static DynamoDbEmulator start(int port, Path dataDir, Duration ttlSweepInterval) {
        return start(port, dataDir, Realism.off(), ttlSweepInterval, RequestAuthorizer.OPEN);
    }

    static DynamoDbEmulator start(
            int port, Path dataDir, Realism realism, Duration ttlSweepInterval, RequestAuthorizer authorizer) {
        Database db = new Database();
        SnapshotStore snapshots =
                dataDir == null ? null : new SnapshotStore(dataDir, Boolean.getBoolean(FSYNC_PROPERTY));
        if (snapshots != null) {
            snapshots.load(db);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(loopback(), port), ACCEPT_BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind DynamoDB emulator to 127.0.0.1:" + port, e);
        }
        String threadPrefix = "dynamodb-emulator-" + server.getAddress().getPort() + "-";
        ThreadPoolExecutor httpPool = new ThreadPoolExecutor(
                HTTP_THREADS,
                HTTP_THREADS,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(HTTP_QUEUE),
                daemonThreads(threadPrefix + "http"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        httpPool.allowCoreThreadTimeOut(true);
        TransactionGate transactions = new TransactionGate();
        UnprocessedBatches batches = new UnprocessedBatches();
        batches.randomly(realism.batchHandBack(), realism.seed());
        server.createContext("/", new HttpFront(new Operations(db, transactions, batches), authorizer));
        server.setExecutor(httpPool);
        DaemonHttpServers.startAsDaemon(server, "dynamodb-emulator-starter", "the DynamoDB emulator");

        ScheduledThreadPoolExecutor background =
                new ScheduledThreadPoolExecutor(1, daemonThreads(threadPrefix + "background"));
        // Index updates still delayed when the emulator closes have nowhere to go: drop them instead of waiting.
        background.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        db.indexPropagation().start(background, realism.maxIndexLag(), realism.seed());
        DynamoDbEmulator emulator =
                new DynamoDbEmulator(db, snapshots, server, httpPool, background, transactions, batches);
        long sweepMillis = ttlSweepInterval.toMillis();
        // DynamoDB "typically deletes expired items within two days of expiration"; until then they "still show up
        // in reads, queries, and scans"
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).
        long ttlDelaySeconds = realism.ttlDelay().toSeconds();
        // Nothing waits for these periodic tasks: guarded() logs what a run throws (so the next run still comes),
        // and close() ends them by shutting the executor down.
        ScheduledFuture<?> unusedTtlSweep = background.scheduleWithFixedDelay(
                guarded("TTL sweep", () -> db.sweepExpired(System.currentTimeMillis() / 1000 - ttlDelaySeconds)),
                sweepMillis,
                sweepMillis,
                TimeUnit.MILLISECONDS);
        if (snapshots != null) {
            long compactionMillis = COMPACTION_INTERVAL.toMillis();
            ScheduledFuture<?> unusedCompaction = background.scheduleWithFixedDelay(
                    guarded("compaction", () -> snapshots.saveIfChanged(db)),
                    compactionMillis,
                    compactionMillis,
                    TimeUnit.MILLISECONDS);
        }
        return emulator;
    }

    /** The base URI to pass to {@code endpointOverride}, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How writes reach global secondary indexes: hold, release, lag, or wait until they all arrived. */
    public IndexPropagation indexes() {
        return db.indexPropagation();
    }

    /** Which batch items come back unprocessed. */
    public UnprocessedBatches batches() {
        return batches;
    }

    /** Running transactions: pause one after it locked its items, to meet it with other requests. */
    public TransactionGate transactions() {
        return transactions;
    }

    /**
     * Deletes every item whose TTL attribute is past now, as DynamoDB's background process eventually does.
     * Reads never delete: until a sweep, expired items are returned like any other.
     *
     * @return the number of items deleted
     */
    public int sweepTtl() {
        return sweepTtl(Instant.now());
    }

    /** Like {@link #sweepTtl()}, with "now" given (e.g. a test's clock). */
    public int sweepTtl(Instant now) {
        return db.sweepExpired(now.getEpochSecond());
    }

    /**
     * Stops serving, waits for in-flight requests, stops all emulator threads and compacts the log into a final
     * snapshot.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        shutdown(httpPool);
        shutdown(background);
        if (snapshots != null) {
            try (snapshots) {
                snapshots.saveIfChanged(db);
            }
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A periodic task that throws is silently descheduled by the executor; log instead and keep running. */
    static Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "DynamoDB emulator " + name + " failed", e);
            }
        };
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
