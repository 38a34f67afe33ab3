package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditRecord;
import dev.timetracker.domain.audit.AuditStamp;
import java.util.HashMap;
import java.util.Map;
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

    public static TransactWriteItem put(
            String table, AuditStamp stamp, String entityType, String entityId, String beforeJson, String afterJson) {
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
        String roleWire = string(item, "actor_role");
        Actor actor =
                "system".equals(roleWire) ? Actor.SYSTEM : new Actor(string(item, "actor_id"), Role.fromWire(roleWire));
        return new AuditRecord(
                string(item, "id"),
                Attributes.instant(item, "at"),
                actor,
                string(item, "action"),
                string(item, "entity_type"),
                string(item, "entity_id"),
                string(item, "before"),
                string(item, "after"),
                string(item, "reason"));
    }
}
