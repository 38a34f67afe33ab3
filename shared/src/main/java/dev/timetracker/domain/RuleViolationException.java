package dev.timetracker.domain;

/** Well-formed input that a business rule refuses (an inactive employee, a timestamp too far back). */
public non-sealed class RuleViolationException extends DomainException {
    public RuleViolationException(String slug, String detail) {
        super(Kind.RULE_VIOLATION, slug, detail);
    }
}
