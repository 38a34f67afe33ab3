package dev.timetracker.adapters.http;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JIT settings the JVM actually runs with, read back from HotSpot rather than from JAVA_TOOL_OPTIONS: Lambda's
 * java17/java21 runtimes stop tiered compilation at level 1 (C1 only) unless the function sets the level itself
 * ("For Java 17 and Java 21, Lambda configures the JVM to stop tiered compilation at level 1 by default":
 * https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html), so {@code -XX:+TieredCompilation} alone
 * changes nothing there. Logged once per JVM at init, so a function's log shows which compilers it got.
 */
public final class JvmFlags {
    static final List<String> LOGGED = List.of("TieredCompilation", "TieredStopAtLevel", "UseSerialGC");
    private static final AtomicBoolean LOGGED_ONCE = new AtomicBoolean();

    private JvmFlags() {}

    /** Each flag of {@link #LOGGED} as the JVM has it ("unknown" if this JVM has no such flag). */
    public static Map<String, String> effective() {
        HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        Map<String, String> flags = new LinkedHashMap<>();
        for (String name : LOGGED) {
            String value;
            try {
                value = hotSpot.getVMOption(name).getValue();
            } catch (IllegalArgumentException noSuchFlag) {
                value = "unknown";
            }
            flags.put(name, value);
        }
        return flags;
    }

    /** Logs {@link #effective()} the first time it is called in this JVM; never fails init. */
    public static void logOnce() {
        if (!LOGGED_ONCE.compareAndSet(false, true)) {
            return;
        }
        try {
            List<Object> keyValues = new java.util.ArrayList<>();
            effective().forEach((name, value) -> {
                keyValues.add(name);
                keyValues.add(value);
            });
            Log.info("JVM flags in effect", keyValues.toArray());
        } catch (RuntimeException | LinkageError e) {
            Log.warn("JVM flags could not be read", "error", e.toString());
        }
    }
}
