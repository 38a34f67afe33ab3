package dev.timetracker.domain.employee;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The fields a create or an update names. A null component was not sent. The optional text fields use
 * {@code Optional.empty()} for an explicit JSON null, which clears them.
 */
public record EmployeeChanges(
        @Nullable String email,
        @Nullable String firstName,
        @Nullable String lastName,
        @Nullable Optional<String> employeeCode,
        @Nullable Optional<String> department,
        @Nullable Optional<String> position,
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
