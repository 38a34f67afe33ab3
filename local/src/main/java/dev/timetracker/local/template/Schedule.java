package dev.timetracker.local.template;

/** A Schedule event of a function: {@code rate(...)} or {@code cron(...)}, and the Input it sends, if any. */
public record Schedule(String eventId, String expression, String input) {}
