package dev.timetracker.domain.employee;

/** Listing filters; a null component does not filter. */
public record EmployeeFilter(Boolean active, String department) {
}
