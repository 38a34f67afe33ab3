package dev.timetracker.domain.time;

import dev.timetracker.domain.RuleViolationException;
import java.util.Objects;

/** A punch whose timestamp cannot be accepted; the request is well-formed, so the API answers 422. */
public final class PunchRuleViolationException extends RuleViolationException {

    /** Which rule was broken, for clients that react to it rather than show the message. */
    public enum Rule {
        TOO_FAR_IN_THE_PAST("too_far_in_the_past"),
        TOO_FAR_IN_THE_FUTURE("too_far_in_the_future"),
        BEFORE_LATEST_ENTRY("before_latest_entry");

        private final String wire;

        Rule(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    private final Rule rule;

    public PunchRuleViolationException(Rule rule, String message) {
        super(Objects.requireNonNull(rule, "rule").wire().replace('_', '-'), message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
