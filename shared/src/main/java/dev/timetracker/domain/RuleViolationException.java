package dev.timetracker.domain;

/** Well-formed input that a business rule refuses (an inactive employee, a timestamp too far back). */
public class RuleViolationException extends DomainException {
    public RuleViolationException(String slug, String detail) {
        super(slug, detail);
    }
}
