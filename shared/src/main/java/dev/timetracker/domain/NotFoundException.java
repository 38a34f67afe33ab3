package dev.timetracker.domain;

public final class NotFoundException extends DomainException {
    public NotFoundException(String detail) {
        super(Kind.NOT_FOUND, "not-found", detail);
    }
}
