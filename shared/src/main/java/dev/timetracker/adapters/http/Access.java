package dev.timetracker.adapters.http;

import dev.timetracker.domain.access.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route, declared next to the route. Ownership ("only that employee") depends on the record
 * and is checked by the endpoint with {@link dev.timetracker.domain.access.AccessRules}.
 */
public record Access(boolean isPublic, Set<Role> roles, boolean sessionCheckedByEndpoint) {
    public static final Access PUBLIC = new Access(true, EnumSet.allOf(Role.class), false);
    public static final Access ANY_ROLE = new Access(false, EnumSet.allOf(Role.class), false);

    public static Access roles(Role first, Role... more) {
        return new Access(false, EnumSet.of(first, more), false);
    }

    /**
     * The token's signature and claims are checked before the endpoint runs, but its revocation and the
     * owner's activity are left to the endpoint, which checks them inside its own single DynamoDB call (the
     * punch and status routes, which must cost one round trip). Such an endpoint MUST do that check.
     */
    public Access withSessionCheckedByEndpoint() {
        return new Access(isPublic, roles, true);
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }
}
