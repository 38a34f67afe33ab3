package dev.timetracker.domain.correction;

import java.time.LocalDate;

/** Listing filters; a null component does not filter. {@code from}/{@code to} are inclusive work dates. */
public record CorrectionFilter(String employeeId, CorrectionStatus status, LocalDate from, LocalDate to) {

    public CorrectionFilter forEmployee(String onlyEmployee) {
        return new CorrectionFilter(onlyEmployee, status, from, to);
    }
}
