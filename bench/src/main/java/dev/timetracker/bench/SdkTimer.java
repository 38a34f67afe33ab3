package dev.timetracker.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The time a handler spends inside SDK calls, so that its own time is its handler time minus this. It counts the
 * union of the calls' spans (from the first call in flight to the last one done), so calls made in parallel are
 * not counted twice. A span runs from {@code beforeExecution} to {@code afterExecution} (or the failure): it holds
 * the SDK's own marshalling, signing and unmarshalling as well as the round trip, which is the part of a request
 * the function's code does not control.
 */
final class SdkTimer implements ExecutionInterceptor {
    private int inFlight;
    private long busySince;
    private long busyNanos;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        long now = System.nanoTime();
        synchronized (this) {
            if (inFlight++ == 0) {
                busySince = now;
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        done();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        done();
    }

    private void done() {
        long now = System.nanoTime();
        synchronized (this) {
            if (--inFlight == 0) {
                busyNanos += now - busySince;
            }
        }
    }

    /** The nanoseconds spent in SDK calls since the last take; starts counting afresh. */
    synchronized long take() {
        long spent = busyNanos;
        busyNanos = 0;
        return spent;
    }
}
