package dev.timetracker.adapters.http;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Runs a function's hot path once before Lambda takes the SnapStart snapshot, so that the classes it loads,
 * the JIT work and the SDK's lazy set-up (HTTP client, signer, endpoint rules) are already in the snapshot
 * every cold start restores. Priming never writes and swallows its own failures: a snapshot must be taken
 * whatever the state of the tables.
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
        try {
            warmUp.run();
        } catch (RuntimeException e) {
            Log.warn("SnapStart priming failed; the snapshot is taken anyway", "error", e.toString());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to refresh: clients hold no connections across invocations that a restore could break.
    }
}
