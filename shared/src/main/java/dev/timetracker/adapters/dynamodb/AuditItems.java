package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditRecord;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Audit records in the audit table: partitioned by entity (an entity's history is one Query), with indexes by
 * entity type and over the whole trail, all sorted by time. Each record is put on the condition that it is new,
 * inside the transaction of the change it records.
 */
public final class AuditItems {
    static final String TRAIL = "AUDIT";

    private AuditItems() {}

    /**
     * The audit record of a change, put on the condition that it is new.
     *
     * @param beforeJson the entity before the change; null for a create or an event that changes no document
     * @param afterJson  the entity after the change; null for an event that changes no document
     */
    public static TransactWriteItem put(
            String table,
            AuditStamp stamp,
            String entityType,
            String entityId,
            @Nullable String beforeJson,
            @Nullable String afterJson) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(entityType + "#" + entityId));
        item.put("sk", s(SortableInstant.format(stamp.at()) + "#" + stamp.id()));
        item.put("trail", s(TRAIL));
        item.put("id", s(stamp.id()));
        item.put("at", s(stamp.at().toString()));
        item.put("actor_id", s(stamp.actor().id()));
        item.put("actor_role", s(stamp.actor().roleWire()));
        item.put("action", s(stamp.action()));
        item.put("entity_type", s(entityType));
        item.put("entity_id", s(entityId));
        putIfPresent(item, "before", beforeJson);
        putIfPresent(item, "after", afterJson);
        putIfPresent(item, "reason", stamp.reason());
        return Transactions.putNew(table, item);
    }

    static AuditRecord fromItem(Map<String, AttributeValue> item) {
        String roleWire = required(item, "actor_role").s();
        return new AuditRecord(
                required(item, "id").s(),
                Instant.parse(required(item, "at").s()),
                "system".equals(roleWire)
                        ? Actor.SYSTEM
                        : new Actor(required(item, "actor_id").s(), role(roleWire)),
                required(item, "action").s(),
                required(item, "entity_type").s(),
                required(item, "entity_id").s(),
                string(item, "before"),
                string(item, "after"),
                string(item, "reason"));
    }

    private static Role role(String wire) {
        Role role = Role.fromWire(wire);
        if (role == null) {
            throw new IllegalStateException("stored audit record has an unknown actor_role " + wire);
        }
        return role;
    }
}
