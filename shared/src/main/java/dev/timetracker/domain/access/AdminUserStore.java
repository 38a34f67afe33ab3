package dev.timetracker.domain.access;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where admin users live. Changes made by a caller are conditional, in the same transaction, on the caller's
 * token still counting (not revoked, account active, same token generation), so an admin deactivated or demoted
 * a moment ago can no longer change anything.
 */
public interface AdminUserStore {
    /**
     * @throws UsernameTakenException when the username (case-insensitive) is an admin user's or an employee's
     *                                login name
     * @throws dev.timetracker.domain.UnauthenticatedException when the caller's token no longer counts
     */
    void create(AdminUser user, String passwordHash, AuditStamp audit, Principal caller);

    /**
     * Creates the very first admin; refuses (returns false) once any first admin was created, whoever asks.
     */
    boolean createFirst(AdminUser user, String passwordHash, AuditStamp audit);

    Optional<AdminUser> find(String id);

    /**
     * Replaces {@code before} with {@code after}, and stores {@code passwordHash} when it is not null. A
     * deactivation, a change of role or a new password withdraws every token the user holds.
     *
     * @return false when the stored version is no longer {@code before.version()}
     * @throws UsernameTakenException when the new username is another account's login name
     * @throws dev.timetracker.domain.UnauthenticatedException when the caller's token no longer counts
     */
    boolean replace(
            AdminUser before, AdminUser after, @Nullable String passwordHash, AuditStamp audit, Principal caller);

    Page<AdminUser> list(PageRequest page);
}
