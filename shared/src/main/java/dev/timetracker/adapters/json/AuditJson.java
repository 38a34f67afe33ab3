package dev.timetracker.adapters.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.audit.AuditRecord;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The audit record resource: {@code before}/{@code after} are the entity as the API showed it. */
public final class AuditJson {
    public static final List<String> ENTITY_TYPES = List.of(
            "employee", "admin_user", "business_hours", "time_entry", "timesheet", "correction", "pay_period_lock");

    private AuditJson() {}

    public static ObjectNode write(AuditRecord record) {
        ObjectNode json = Json.object();
        json.put("id", record.id());
        json.put("at", Json.instant(record.at()));
        json.put("actor_id", record.actor().id());
        json.put("actor_role", record.actor().roleWire());
        json.put("action", record.action());
        json.put("entity_type", record.entityType());
        json.put("entity_id", record.entityId());
        json.set("before", document(record.beforeJson()));
        json.set("after", document(record.afterJson()));
        json.put("reason", record.reason());
        return json;
    }

    private static com.fasterxml.jackson.databind.JsonNode document(@Nullable String text) {
        if (text == null) {
            return Json.nullNode();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode parsed = Json.parse(text);
            return parsed == null ? Json.nullNode() : parsed;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
