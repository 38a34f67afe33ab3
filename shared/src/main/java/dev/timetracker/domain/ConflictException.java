package dev.timetracker.domain;

import java.util.Map;

/** The request clashes with the current state: a uniqueness rule or a state machine says no. */
public non-sealed class ConflictException extends DomainException {
    private final Map<String, Object> extensions;

    public ConflictException(String slug, String detail) {
        this(slug, detail, Map.of());
    }

    public ConflictException(String slug, String detail, Map<String, Object> extensions) {
        super(Kind.CONFLICT, slug, detail);
        this.extensions = Map.copyOf(extensions);
    }

    /** Extra members for the problem document, such as {@code current_status}. */
    public Map<String, Object> extensions() {
        return extensions;
    }
}
