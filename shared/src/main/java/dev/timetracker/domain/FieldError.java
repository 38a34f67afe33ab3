package dev.timetracker.domain;

public record FieldError(String field, String message) {}
