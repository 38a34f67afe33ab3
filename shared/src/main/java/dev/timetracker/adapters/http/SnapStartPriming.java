package dev.timetracker.adapters.http;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's priming once before Lambda takes the SnapStart snapshot, so that the classes its real path
 * loads, the JIT work and the SDK's lazy set-up (HTTP client, signer, marshallers, endpoint rules) are already in
 * the snapshot every cold start restores. Priming writes nothing and swallows its own failures: a snapshot must be
 * taken whatever the state of the tables.
 */
public final class SnapStartPriming implements Resource {
    private final Runnable warmUp;

    private SnapStartPriming(Runnable warmUp) {
        this.warmUp = warmUp;
    }

    /**
     * Registers the warm-up; keep the returned object referenced (CRaC holds resources weakly). Outside a
     * CRaC runtime (tests, the local stack) nothing is ever called.
     */
    public static SnapStartPriming register(Runnable warmUp) {
        SnapStartPriming priming = new SnapStartPriming(warmUp);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        runSafely(warmUp);
    }

    /** Runs a priming step; a failure is logged and never reaches the runtime (init must go on). */
    public static void runSafely(Runnable warmUp) {
        try {
            warmUp.run();
        } catch (RuntimeException | LinkageError e) {
            Log.warn("SnapStart priming failed; the snapshot is taken anyway", "error", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connections across invocations that a restore could break.
    }
}
