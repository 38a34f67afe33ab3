package dev.timetracker.domain.employee;

import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.NotFoundException;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.hours.BusinessHoursService;

import java.time.Clock;
import java.util.function.Supplier;

/** The employee use cases: create, read, change and deactivate (never delete: history must stay). */
public final class EmployeeService {
    /** A few retries absorb concurrent edits of different fields before we give up with a conflict. */
    private static final int MAX_UPDATE_ATTEMPTS = 3;

    private final EmployeeStore store;
    private final BusinessHoursService businessHours;
    private final Clock clock;
    private final Supplier<String> ids;

    public EmployeeService(EmployeeStore store, BusinessHoursService businessHours, Clock clock, Supplier<String> ids) {
        this.store = store;
        this.businessHours = businessHours;
        this.clock = clock;
        this.ids = ids;
    }

    public Employee create(EmployeeChanges input) {
        var defaultZone = input.timezone() == null ? businessHours.current().timezone() : null;
        Employee employee = EmployeeRules.newEmployee(ids.get(), input, defaultZone, clock.instant());
        store.create(employee);
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

    public Employee update(String id, EmployeeChanges changes) {
        for (int attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
            Employee before = get(id);
            Employee after = EmployeeRules.applyChanges(before, changes, clock.instant());
            if (store.replace(before, after)) {
                return after;
            }
        }
        throw new ConflictException("concurrent-update", "The employee was changed by someone else; try again");
    }

    public void deactivate(String id) {
        update(id, EmployeeChanges.none().withActive(false));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("No employee has id " + id);
    }
}
