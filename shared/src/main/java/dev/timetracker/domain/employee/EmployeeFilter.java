package dev.timetracker.domain.employee;

/** Listing filters; a null component does not filter. */
public record EmployeeFilter(Boolean active, String department) {
    /**
     * A department filter is read the way departments are stored: stripped, and blank meaning none. So
     * {@code ?department=} does not filter, as a blank {@code employee_id}, {@code entity_type} or {@code entity_id}
     * does not elsewhere in the API; it could match nothing anyway, and as a key value it is one DynamoDB refuses.
     */
    public EmployeeFilter {
        department = EmployeeRules.text(department);
    }
}
