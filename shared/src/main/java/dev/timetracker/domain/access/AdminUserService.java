package dev.timetracker.domain.access;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;

import java.time.Clock;
import java.util.function.Supplier;

public final class AdminUserService {
    private final AdminUserStore store;
    private final PasswordHashing passwords;
    private final Clock clock;
    private final Supplier<String> ids;

    public AdminUserService(AdminUserStore store, PasswordHashing passwords, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.passwords = passwords;
        this.clock = clock;
        this.ids = ids;
    }

    public AdminUser create(AdminUserInput input, Actor actor) {
        AdminUser user = AdminUserRules.newAdminUser(ids.get(), input, clock.instant());
        store.create(user, passwords.hash(input.password()), new AuditStamp(ids.get(), user.createdAt(), actor, "create", null));
        return user;
    }

    /** The one-time creation of the first admin; refused once it happened. */
    public AdminUser bootstrap(AdminUserInput input) {
        AdminUser user = AdminUserRules.newAdminUser(ids.get(), input, clock.instant());
        if (user.role() != Role.ADMIN) {
            throw new dev.timetracker.domain.ValidationException("role", "the first user must be an admin");
        }
        boolean created = store.createFirst(user, passwords.hash(input.password()),
                new AuditStamp(ids.get(), user.createdAt(), Actor.SYSTEM, "bootstrap", "first admin"));
        if (!created) {
            throw new ConflictException("already-bootstrapped", "The first admin exists already; log in as an admin");
        }
        return user;
    }

    public Page<AdminUser> list(PageRequest page) {
        return store.list(page);
    }

    /** Deactivates an admin user: the record stays, and every token they hold stops working. */
    public void deactivate(String id, Actor actor) {
        if (id.equals(actor.id())) {
            throw new ConflictException("self-deactivation", "You cannot deactivate your own account");
        }
        AdminUser before = store.find(id).orElseThrow(() -> new NotFoundException("No admin user has id " + id));
        if (!before.active()) {
            return;
        }
        AdminUser after = new AdminUser(before.id(), before.username(), before.email(), before.role(), false,
                before.createdAt(), clock.instant(), before.version() + 1);
        if (!store.replace(before, after, new AuditStamp(ids.get(), after.updatedAt(), actor, "deactivate", null))) {
            throw new ConflictException("concurrent-update", "The admin user was changed by someone else; try again");
        }
    }
}
