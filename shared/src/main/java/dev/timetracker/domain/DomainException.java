package dev.timetracker.domain;

/**
 * A failure the caller caused or can act on. Each subtype stands for one kind of answer (the HTTP adapter
 * maps kinds to status codes in one place), so domain code never speaks HTTP.
 */
public abstract class DomainException extends RuntimeException {
    private final String slug;

    protected DomainException(String slug, String detail) {
        super(detail, null, false, false);
        this.slug = slug;
    }

    /** Stable, machine-readable name of the problem, the last segment of its problem type URI. */
    public String slug() {
        return slug;
    }

    public String detail() {
        return getMessage();
    }
}
