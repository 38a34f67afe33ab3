package dev.timetracker.functions.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.domain.access.AdminUser;
import dev.timetracker.domain.access.AdminUserChanges;
import dev.timetracker.domain.access.AdminUserInput;
import java.util.Set;

final class AdminUserJson {
    private static final Set<String> CREATE_FIELDS = Set.of("username", "email", "password", "role");
    private static final Set<String> UPDATE_FIELDS = Set.of("username", "email", "password", "role", "is_active");

    private AdminUserJson() {}

    static AdminUserInput read(String body) {
        JsonFields fields = JsonFields.parse(body, CREATE_FIELDS);
        AdminUserInput input = new AdminUserInput(
                fields.text("username"), fields.text("email"), fields.text("password"), fields.text("role"));
        fields.done();
        return input;
    }

    static AdminUserChanges readChanges(String body) {
        JsonFields fields = JsonFields.parse(body, UPDATE_FIELDS);
        AdminUserChanges changes = new AdminUserChanges(
                fields.text("username"),
                fields.text("email"),
                fields.text("password"),
                fields.text("role"),
                fields.bool("is_active"));
        fields.done();
        return changes;
    }

    static ObjectNode write(AdminUser user) {
        ObjectNode json = Json.object();
        json.put("id", user.id());
        json.put("username", user.username());
        json.put("email", user.email());
        json.put("role", user.role().wire());
        json.put("is_active", user.active());
        json.put("created_at", Json.instant(user.createdAt()));
        return json;
    }
}
