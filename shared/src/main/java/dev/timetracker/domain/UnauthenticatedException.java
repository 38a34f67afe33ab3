package dev.timetracker.domain;

public final class UnauthenticatedException extends DomainException {
    public UnauthenticatedException(String detail) {
        super(Kind.UNAUTHENTICATED, "unauthenticated", detail);
    }
}
