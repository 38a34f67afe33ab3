package dev.timetracker.domain.audit;

import java.time.LocalDate;

/** Listing filters: a null component does not filter; {@code from}/{@code to} are inclusive UTC dates. */
public record AuditFilter(String entityType, String entityId, LocalDate from, LocalDate to) {}
