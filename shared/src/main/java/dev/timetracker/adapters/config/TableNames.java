package dev.timetracker.adapters.config;

import org.jspecify.annotations.Nullable;

/**
 * The names of the tables and the bucket, as template.yaml passes them to each function (a function only
 * gets the ones its policy lets it touch; the others are null). The one place that reads these variables.
 */
public record TableNames(
        @Nullable String employees,
        @Nullable String auth,
        @Nullable String audit,
        @Nullable String time,
        @Nullable String exports,
        @Nullable String exportBucket) {

    public static TableNames from(Environment environment) {
        return new TableNames(
                environment.optional("EMPLOYEES_TABLE").orElse(null),
                environment.optional("AUTH_TABLE").orElse(null),
                environment.optional("AUDIT_TABLE").orElse(null),
                environment.optional("TIME_TABLE").orElse(null),
                environment.optional("EXPORTS_TABLE").orElse(null),
                environment.optional("EXPORT_BUCKET").orElse(null));
    }

    /**
     * The export bucket, for a function that cannot work without it: fails naming its variable, so that a template
     * block without it fails init rather than a first request.
     */
    public String requiredExportBucket() {
        if (exportBucket == null) {
            throw Environment.missing("EXPORT_BUCKET");
        }
        return exportBucket;
    }

    /** The employees table, for a store that cannot work without it: fails naming its variable, as above. */
    public String requiredEmployees() {
        return required(employees, "EMPLOYEES_TABLE");
    }

    /** The time table, for a store that cannot work without it: fails naming its variable, as above. */
    public String requiredTime() {
        return required(time, "TIME_TABLE");
    }

    private static String required(@Nullable String name, String variable) {
        if (name == null) {
            throw Environment.missing(variable);
        }
        return name;
    }

    /** The same names with another employees table: tests that need business hours of their own. */
    public TableNames withEmployees(String otherEmployees) {
        return new TableNames(otherEmployees, auth, audit, time, exports, exportBucket);
    }

    /** The same names with another auth table: tests that need admin users of their own. */
    public TableNames withAuth(String otherAuth) {
        return new TableNames(employees, otherAuth, audit, time, exports, exportBucket);
    }
}
