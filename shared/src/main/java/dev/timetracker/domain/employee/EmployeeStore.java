package dev.timetracker.domain.employee;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Where employees live. Implementations enforce email uniqueness and optimistic versions atomically. */
public interface EmployeeStore {

    /**
     * Stores a new employee with its audit record, and its password hash when one was set.
     *
     * @throws EmailTakenException when another employee already has this email (case-insensitive)
     */
    void create(Employee employee, @Nullable String passwordHash, AuditStamp audit);

    Optional<Employee> find(String id);

    Optional<Employee> findByEmail(String email);

    /**
     * Replaces {@code before} with {@code after} if nobody changed it in between.
     *
     * @return false when the stored version is no longer {@code before.version()}
     * @throws EmailTakenException when the new email belongs to another employee
     */
    boolean replace(Employee before, Employee after, @Nullable String passwordHash, AuditStamp audit);

    Page<Employee> list(EmployeeFilter filter, PageRequest page);
}
