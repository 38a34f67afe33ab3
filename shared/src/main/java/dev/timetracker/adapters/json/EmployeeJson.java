package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.employee.EmployeeChanges;
import java.util.Set;

/** The employee resource of the API contract, field by field. */
public final class EmployeeJson {
    private static final Set<String> CREATE_FIELDS = Set.of(
            "email", "first_name", "last_name", "employee_code", "department", "position", "timezone", "password");
    private static final Set<String> UPDATE_FIELDS = union(CREATE_FIELDS, "is_active");

    private EmployeeJson() {}

    public static EmployeeChanges readCreate(String body) {
        return read(body, CREATE_FIELDS);
    }

    public static EmployeeChanges readUpdate(String body) {
        return read(body, UPDATE_FIELDS);
    }

    private static EmployeeChanges read(String body, Set<String> allowed) {
        JsonFields fields = JsonFields.parse(body, allowed);
        EmployeeChanges changes = new EmployeeChanges(
                fields.text("email"),
                fields.text("first_name"),
                fields.text("last_name"),
                fields.nullableText("employee_code"),
                fields.nullableText("department"),
                fields.nullableText("position"),
                fields.text("timezone"),
                fields.text("password"),
                fields.bool("is_active"));
        fields.done();
        return changes;
    }

    public static ObjectNode write(Employee employee) {
        ObjectNode json = Json.object();
        json.put("id", employee.id());
        json.put("email", employee.email());
        json.put("first_name", employee.firstName());
        json.put("last_name", employee.lastName());
        json.put("employee_code", employee.employeeCode());
        json.put("department", employee.department());
        json.put("position", employee.position());
        json.put("timezone", employee.timezone().getId());
        json.put("is_active", employee.active());
        json.put("created_at", Json.instant(employee.createdAt()));
        json.put("updated_at", Json.instant(employee.updatedAt()));
        return json;
    }

    private static Set<String> union(Set<String> fields, String extra) {
        var all = new java.util.HashSet<>(fields);
        all.add(extra);
        return Set.copyOf(all);
    }
}
