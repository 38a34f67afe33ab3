package dev.timetracker.domain;

public final class ForbiddenException extends DomainException {
    public ForbiddenException(String detail) {
        super(Kind.FORBIDDEN, "forbidden", detail);
    }
}
