package dev.timetracker.adapters.config;

/** Table and bucket names, as template.yaml passes them to each function. */
public final class Tables {
    private Tables() {
    }

    public static String employees() {
        return Config.required("EMPLOYEES_TABLE");
    }
}
