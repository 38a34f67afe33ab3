package dev.timetracker.bench.runner;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * What the Lambda Java runtime does on a cold start, in a fresh JVM whose class path is one function's shaded
 * jar and this class: create the handler named in template.yaml through its no-argument constructor, invoke
 * {@code handleRequest} once with an event, and report. Uses the JDK and aws-lambda-java-core's interface (inside
 * every function jar) only, and is a single class without nested or lambda classes, because the benchmark copies
 * exactly this one class file into the runner directory.
 *
 * <p>Arguments: {@code <handler class> <event file> [heap|prime]}. Prints one line to stdout:
 * <pre>RUNNER_RESULT main=&lt;ms&gt; init=&lt;ms&gt; primed=&lt;ms&gt; invoke=&lt;ms&gt; response=&lt;ms&gt; heap_before=&lt;bytes&gt;
 *     heap_peak=&lt;bytes&gt; heap_live=&lt;bytes&gt; body=&lt;base64&gt;</pre>
 * where main, init and response are milliseconds of JVM uptime (since the JVM started) at which main began, the
 * handler was constructed and the first response was complete. With {@code prime}, the handler's public
 * {@code prime()} (what its SnapStart hook runs before the snapshot) runs between construction and invocation, and
 * {@code primed} is when it ended (else it equals init). Uptime is read once, after the response, and
 * the earlier instants are derived from System.nanoTime(): reading it up front would load java.management
 * inside the measured span. With {@code heap}, a full GC runs and the heap pools' peaks are reset between
 * construction and invocation; then the sum of the pools' peaks and the largest heap left after any GC during
 * the invocation (its live set; the heap before if no GC ran) are reported (init is then not comparable).
 */
public final class ColdStartRunner implements NotificationListener {
    private final Set<String> heapPools = new HashSet<>();
    private volatile long maxAfterGc;

    private ColdStartRunner(long heapBefore) {
        this.maxAfterGc = heapBefore;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(this, null, null);
        }
    }

    /** Heap mode: the heap left after each collection. */
    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData())
                .getGcInfo()
                .getMemoryUsageAfterGc()
                .entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        maxAfterGc = Math.max(maxAfterGc, used);
    }

    public static void main(String[] args) throws Exception {
        long mainNanos = System.nanoTime();
        boolean heap = args.length > 2 && args[2].equals("heap");
        boolean prime = args.length > 2 && args[2].equals("prime");
        byte[] event = Files.readAllBytes(Path.of(args[1]));

        RequestStreamHandler handler = Class.forName(args[0])
                .asSubclass(RequestStreamHandler.class)
                .getDeclaredConstructor()
                .newInstance();
        long initNanos = System.nanoTime();
        if (prime) {
            handler.getClass().getMethod("prime").invoke(handler);
        }
        long primedNanos = System.nanoTime();

        long heapBefore = -1;
        ColdStartRunner gcWatch = null;
        if (heap) {
            System.gc();
            heapBefore = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                    heapBefore += pool.getUsage().getUsed();
                }
            }
            gcWatch = new ColdStartRunner(heapBefore);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        long invokeNanos = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event), output, null);
        long responseNanos = System.nanoTime();

        long heapPeak = -1;
        if (heap) {
            heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPeak += pool.getPeakUsage().getUsed();
                }
            }
        }
        long nowNanos = System.nanoTime();
        double uptimeNow = ManagementFactory.getRuntimeMXBean().getUptime();
        System.out.println("RUNNER_RESULT"
                + " main=" + uptimeAt(mainNanos, nowNanos, uptimeNow)
                + " init=" + uptimeAt(initNanos, nowNanos, uptimeNow)
                + " primed=" + uptimeAt(primedNanos, nowNanos, uptimeNow)
                + " invoke=" + uptimeAt(invokeNanos, nowNanos, uptimeNow)
                + " response=" + uptimeAt(responseNanos, nowNanos, uptimeNow)
                + " heap_before=" + heapBefore
                + " heap_peak=" + heapPeak
                + " heap_live=" + (gcWatch == null ? -1 : gcWatch.maxAfterGc)
                + " body=" + Base64.getEncoder().encodeToString(output.toByteArray()));
        System.out.flush();
        // Lambda freezes the instance here; the handler's non-daemon threads (HTTP keep-alive) must not keep us.
        System.exit(0);
    }

    private static String uptimeAt(long nanos, long nowNanos, double uptimeNowMillis) {
        return String.format(java.util.Locale.ROOT, "%.1f", uptimeNowMillis - (nowNanos - nanos) / 1e6);
    }
}
