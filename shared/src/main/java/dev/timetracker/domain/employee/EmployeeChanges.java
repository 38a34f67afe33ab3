package dev.timetracker.domain.employee;

import java.util.Optional;

/**
 * The fields a create or an update names. A null component was not sent. The optional text fields use
 * {@code Optional.empty()} for an explicit JSON null, which clears them.
 */
public record EmployeeChanges(
        String email,
        String firstName,
        String lastName,
        Optional<String> employeeCode,
        Optional<String> department,
        Optional<String> position,
        String timezone,
        String password,
        Boolean active) {

    public static EmployeeChanges none() {
        return new EmployeeChanges(null, null, null, null, null, null, null, null, null);
    }

    public EmployeeChanges withActive(boolean isActive) {
        return new EmployeeChanges(
                email, firstName, lastName, employeeCode, department, position, timezone, password, isActive);
    }
}
