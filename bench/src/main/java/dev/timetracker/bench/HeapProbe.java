package dev.timetracker.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The heap of this JVM during one piece of work: a full GC and the heap pools' peaks reset before, the pools'
 * peaks read after. The sum of the pools' peaks is the figure asked for, but it counts garbage not yet collected
 * and adds peaks that were not simultaneous; the heap left after each GC during the work (the live set, from the
 * GC notifications) is the steadier signal of how much the work holds on to.
 *
 * <p>This JVM also hosts Maven, the DynamoDB emulator and S3Proxy, so figures are given above the heap used
 * before the work; what the emulator stores during the work (new items) counts too.
 */
final class HeapProbe implements NotificationListener {
    /** Bytes: used before (after a full GC), pools' peak sum, and the largest heap left after a GC during the work. */
    record Heap(long before, long peak, long maxAfterGc) {
        long peakAbove() {
            return peak - before;
        }

        long liveAbove() {
            return Math.max(0, maxAfterGc - before);
        }

        /** "262.6 (+183.1)": the pools' peak sum, and how far above the heap before that is, in MiB. */
        String peakCell() {
            return Stats.mib(peak) + " (+" + Stats.mib(peakAbove()) + ")";
        }
    }

    private final List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .toList();
    private final Set<String> poolNames =
            pools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final long before;
    private volatile long maxAfterGc;

    private HeapProbe() {
        System.gc();
        System.gc();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        before = pools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        maxAfterGc = before;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) collector).addNotificationListener(this, null, null);
        }
    }

    static HeapProbe start() {
        return new HeapProbe();
    }

    Heap stop() {
        long peak =
                pools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(this);
            } catch (ListenerNotFoundException alreadyGone) {
                // nothing to remove
            }
        }
        return new Heap(before, peak, maxAfterGc);
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo.from(
                        (CompositeData) notification.getUserData())
                .getGcInfo()
                .getMemoryUsageAfterGc();
        long used = after.entrySet().stream()
                .filter(pool -> poolNames.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed())
                .sum();
        maxAfterGc = Math.max(maxAfterGc, used);
    }
}
