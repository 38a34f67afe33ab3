package dev.timetracker.domain.employee;

import org.jspecify.annotations.Nullable;

/**
 * The fields a create or an update names. A null component was not sent. The optional text fields
 * (employee code, department, position) are cleared by a blank value, which is what an explicit JSON null
 * arrives as.
 */
public record EmployeeChanges(
        @Nullable String email,
        @Nullable String firstName,
        @Nullable String lastName,
        @Nullable String employeeCode,
        @Nullable String department,
        @Nullable String position,
        @Nullable String timezone,
        @Nullable String password,
        @Nullable Boolean active) {

    public static EmployeeChanges none() {
        return new EmployeeChanges(null, null, null, null, null, null, null, null, null);
    }

    public EmployeeChanges withActive(boolean isActive) {
        return new EmployeeChanges(
                email, firstName, lastName, employeeCode, department, position, timezone, password, isActive);
    }
}
