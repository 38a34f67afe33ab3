package dev.timetracker.domain.employee;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.PasswordHashing;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.hours.BusinessHoursService;
import java.time.Clock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The employee use cases: create, read, change and deactivate (never delete: history must stay). Every change
 * is stored with its audit record in one transaction.
 */
public final class EmployeeService {
    /** A few retries absorb concurrent edits of different fields before we give up with a conflict. */
    private static final int MAX_UPDATE_ATTEMPTS = 3;

    private final EmployeeStore store;
    private final BusinessHoursService businessHours;
    private final PasswordHashing passwords;
    private final Clock clock;
    private final Supplier<String> ids;

    public EmployeeService(
            EmployeeStore store,
            BusinessHoursService businessHours,
            PasswordHashing passwords,
            Clock clock,
            Supplier<String> ids) {
        this.store = store;
        this.businessHours = businessHours;
        this.passwords = passwords;
        this.clock = clock;
        this.ids = ids;
    }

    public Employee create(EmployeeChanges input, Actor actor) {
        var defaultZone = input.timezone() == null ? businessHours.current().timezone() : null;
        Employee employee = EmployeeRules.newEmployee(ids.get(), input, defaultZone, clock.instant());
        store.create(employee, hashOrNull(input.password()), stamp(actor, "create"));
        return employee;
    }

    public Employee get(String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    public Employee byEmail(String email) {
        return store.findByEmail(email).orElseThrow(() -> new NotFoundException("No employee has this email address"));
    }

    public Page<Employee> list(EmployeeFilter filter, PageRequest page) {
        return store.list(filter, page);
    }

    public Employee update(String id, EmployeeChanges changes, Actor actor) {
        String action = Boolean.FALSE.equals(changes.active()) ? "deactivate" : "update";
        // Hash once, outside the retry loop: it is the slow part and does not depend on the stored state.
        String passwordHash = hashOrNull(changes.password());
        for (int attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
            Employee before = get(id);
            Employee after = EmployeeRules.applyChanges(before, changes, clock.instant());
            if (store.replace(before, after, passwordHash, stamp(actor, action))) {
                return after;
            }
        }
        throw new ConflictException("concurrent-update", "The employee was changed by someone else; try again");
    }

    /** Deactivating an inactive employee changes nothing and records nothing. */
    public void deactivate(String id, Actor actor) {
        if (get(id).active()) {
            update(id, EmployeeChanges.none().withActive(false), actor);
        }
    }

    private @Nullable String hashOrNull(@Nullable String password) {
        return password == null ? null : passwords.hash(password);
    }

    private AuditStamp stamp(Actor actor, String action) {
        return new AuditStamp(ids.get(), clock.instant(), actor, action, null);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No employee has id " + id);
    }
}
