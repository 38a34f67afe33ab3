package dev.timetracker.adapters.http;

import dev.timetracker.domain.access.Role;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may call a route, declared next to the route. Ownership ("only that employee") depends on the record
 * and is checked by the endpoint with {@link dev.timetracker.domain.access.AccessRules}. Whether the caller's
 * session is confirmed before the endpoint runs is said by the kind of endpoint ({@link Router}).
 */
public record Access(boolean isPublic, Set<Role> roles) {
    public static final Access PUBLIC = new Access(true, EnumSet.allOf(Role.class));
    public static final Access ANY_ROLE = new Access(false, EnumSet.allOf(Role.class));

    public static Access roles(Role first, Role... more) {
        return new Access(false, EnumSet.of(first, more));
    }

    public boolean allows(Role role) {
        return roles.contains(role);
    }
}
