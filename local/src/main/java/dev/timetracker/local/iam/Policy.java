package dev.timetracker.local.iam;

import java.util.List;
import java.util.Locale;

/**
 * An identity-based policy: statements of Effect, Action and Resource, evaluated as IAM does for one principal
 * and no other policy types: an explicit Deny wins, else an Allow allows, else the request is implicitly denied.
 * Action names match case-insensitively and Resource ARNs case-sensitively, both with {@code *} and {@code ?}
 * wildcards. See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html and
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
public record Policy(List<Statement> statements) {
    /** Everything allowed: the harness and the local stack's own provisioning. */
    public static final Policy FULL_ACCESS =
            new Policy(List.of(new Statement(Effect.ALLOW, List.of("*"), List.of("*"))));

    public Policy {
        statements = List.copyOf(statements);
    }

    public enum Effect {
        ALLOW,
        DENY
    }

    public enum Decision {
        ALLOWED,
        IMPLICITLY_DENIED,
        EXPLICITLY_DENIED
    }

    /** One statement, its actions ({@code service:Name}, wildcards allowed) and resource ARNs (wildcards allowed). */
    public record Statement(Effect effect, List<String> actions, List<String> resources) {
        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }

        boolean matches(String action, String resource) {
            return actions.stream()
                            .anyMatch(pattern ->
                                    wildcardMatch(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(pattern -> wildcardMatch(pattern, resource));
        }
    }

    public Decision evaluate(String action, String resource) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.matches(action, resource)) {
                if (statement.effect() == Effect.DENY) {
                    return Decision.EXPLICITLY_DENIED;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICITLY_DENIED;
    }

    /** IAM's glob: {@code *} any run of characters (also none, also across {@code /} and {@code :}), {@code ?} one. */
    static boolean wildcardMatch(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starAt = -1;
        int textAtStar = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                textAtStar = t;
            } else if (starAt >= 0) {
                p = starAt + 1;
                t = ++textAtStar;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
