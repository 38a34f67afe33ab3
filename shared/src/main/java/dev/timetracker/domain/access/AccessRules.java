package dev.timetracker.domain.access;

import dev.timetracker.domain.ForbiddenException;

/** Ownership rules: an employee reaches their own records only, whatever id a request names. */
public final class AccessRules {
    private AccessRules() {}

    public static void requireSelfOrRole(Principal principal, String employeeId, Role... roles) {
        requireSelfOrRole(principal.hasRole(roles), principal.isEmployee(employeeId));
    }

    /** The same rule on a caller whose session is not confirmed yet: who they are is signed in their token. */
    public static void requireSelfOrRole(UnconfirmedPrincipal caller, String employeeId, Role... roles) {
        requireSelfOrRole(caller.hasRole(roles), caller.isEmployee(employeeId));
    }

    private static void requireSelfOrRole(boolean hasRole, boolean isSelf) {
        if (!hasRole && !isSelf) {
            throw new ForbiddenException("You may only access your own records");
        }
    }

    public static void requireRole(Principal principal, Role... roles) {
        if (!principal.hasRole(roles)) {
            throw new ForbiddenException("Your role may not do this");
        }
    }
}
