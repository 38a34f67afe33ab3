package dev.timetracker.domain.access;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;

import java.util.Optional;

public interface AdminUserStore {
    /** @throws UsernameTakenException when the username (case-insensitive) is in use */
    void create(AdminUser user, String passwordHash, AuditStamp audit);

    /**
     * Creates the very first admin; refuses (returns false) once any first admin was created, whoever asks.
     */
    boolean createFirst(AdminUser user, String passwordHash, AuditStamp audit);

    Optional<AdminUser> find(String id);

    /** @return false when the stored version is no longer {@code before.version()} */
    boolean replace(AdminUser before, AdminUser after, AuditStamp audit);

    Page<AdminUser> list(PageRequest page);
}
