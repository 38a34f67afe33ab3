package dev.timetracker.domain;

import java.time.Duration;

/** The request may succeed if repeated after {@link #retryAfter()}: throttling or a dependency outage. */
public final class RetryLaterException extends DomainException {
    public enum Reason {
        THROTTLED,
        DEPENDENCY_UNAVAILABLE
    }

    private final Reason reason;
    private final Duration retryAfter;

    public RetryLaterException(Reason reason, String detail, Duration retryAfter) {
        super(Kind.RETRY_LATER, reason == Reason.THROTTLED ? "too-many-requests" : "service-unavailable", detail);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
