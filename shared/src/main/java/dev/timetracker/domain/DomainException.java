package dev.timetracker.domain;

/**
 * A failure the caller caused or can act on. Each direct subtype stands for one {@link Kind} of answer (the HTTP
 * adapter maps kinds to status codes in one exhaustive switch), so domain code never speaks HTTP. The hierarchy is
 * sealed: a new kind of failure is a new constant and a compile error in every mapper, never an unmapped subtype
 * escaping as a raw exception. Conflicts and rule violations stay open for failures that carry more (an entry id,
 * a field), which keep their parent's kind.
 */
public abstract sealed class DomainException extends RuntimeException
        permits ValidationException,
                UnauthenticatedException,
                ForbiddenException,
                NotFoundException,
                ConflictException,
                RuleViolationException,
                RetryLaterException {

    /** What the caller can do about it: fix the input, authenticate, ask someone else, or try again. */
    public enum Kind {
        INVALID_INPUT,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        RULE_VIOLATION,
        RETRY_LATER
    }

    private final Kind kind;
    private final String slug;

    DomainException(Kind kind, String slug, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.slug = slug;
    }

    public Kind kind() {
        return kind;
    }

    /** Stable, machine-readable name of the problem, the last segment of its problem type URI. */
    public String slug() {
        return slug;
    }

    public String detail() {
        return String.valueOf(getMessage());
    }
}
