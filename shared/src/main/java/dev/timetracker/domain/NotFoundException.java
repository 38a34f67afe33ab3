package dev.timetracker.domain;

public final class NotFoundException extends DomainException {
    public NotFoundException(String detail) {
        super("not-found", detail);
    }
}
