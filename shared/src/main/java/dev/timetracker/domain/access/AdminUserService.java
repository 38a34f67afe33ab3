package dev.timetracker.domain.access;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Admin users and managers. There is always an active admin: only an admin whose token still counts can change
 * admin users (the store re-checks the caller inside the transaction of the change), and nobody can deactivate
 * or demote themselves, so whoever makes a change is an active admin after it. Two admins deactivating each
 * other at once therefore end with one of them active: the second change finds its caller gone and is refused.
 */
public final class AdminUserService {
    /** A few retries absorb concurrent edits of different fields before we give up with a conflict. */
    private static final int MAX_UPDATE_ATTEMPTS = 3;

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

    public AdminUser create(AdminUserInput input, Principal caller) {
        AdminUser user = AdminUserRules.newAdminUser(ids.get(), input, clock.instant());
        store.create(user, passwords.hash(input.password()), stamp(caller.actor(), "create"), caller);
        return user;
    }

    /** The one-time creation of the first admin; refused once it happened. */
    public AdminUser bootstrap(AdminUserInput input) {
        AdminUser user = AdminUserRules.newAdminUser(ids.get(), input, clock.instant());
        if (user.role() != Role.ADMIN) {
            throw new dev.timetracker.domain.ValidationException("role", "the first user must be an admin");
        }
        boolean created = store.createFirst(
                user,
                passwords.hash(input.password()),
                new AuditStamp(ids.get(), user.createdAt(), Actor.SYSTEM, "bootstrap", "first admin"));
        if (!created) {
            throw new ConflictException("already-bootstrapped", "The first admin exists already; log in as an admin");
        }
        return user;
    }

    public Page<AdminUser> list(PageRequest page) {
        return store.list(page);
    }

    /**
     * Changes an admin user: username, email, role, activity, password. A deactivation, a change of role or a
     * new password withdraws every token the user holds (their own caller's too, when they change their own
     * password).
     */
    public AdminUser update(String id, AdminUserChanges changes, Principal caller) {
        String passwordHash = null;
        for (int attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
            AdminUser before = get(id);
            AdminUser after = AdminUserRules.applyChanges(before, changes, clock.instant());
            refuseLockingThemselvesOut(caller, before, after);
            if (passwordHash == null && changes.password() != null) {
                // Hashed once, after validation and outside the retries: it is the slow part.
                passwordHash = passwords.hash(changes.password());
            }
            String action = before.active() && !after.active() ? "deactivate" : "update";
            if (store.replace(before, after, passwordHash, stamp(caller.actor(), action), caller)) {
                return after;
            }
        }
        throw new ConflictException("concurrent-update", "The admin user was changed by someone else; try again");
    }

    /** Deactivates an admin user: the record stays, and every token they hold stops working. */
    public void deactivate(String id, Principal caller) {
        if (get(id).active()) {
            update(id, new AdminUserChanges(null, null, null, null, false), caller);
        }
    }

    private AdminUser get(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("No admin user has id " + id));
    }

    /** What keeps at least one active admin: the caller, who must stay one. */
    private static void refuseLockingThemselvesOut(Principal caller, AdminUser before, AdminUser after) {
        if (!before.id().equals(caller.subjectId())) {
            return;
        }
        if (!after.active()) {
            throw new ConflictException(
                    "self-deactivation", "You cannot deactivate your own account; another admin can");
        }
        if (before.role() == Role.ADMIN && after.role() != Role.ADMIN) {
            throw new ConflictException("self-demotion", "You cannot give up your own admin role; another admin can");
        }
    }

    private AuditStamp stamp(Actor actor, String action) {
        return new AuditStamp(ids.get(), clock.instant(), actor, action, null);
    }
}
