package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditFilter;
import dev.timetracker.domain.audit.AuditRecord;
import dev.timetracker.domain.audit.AuditStore;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** The audit trail, newest first: one Query on the table, the by-type index or the whole-trail index. */
public final class DynamoAuditStore implements AuditStore {
    static final String BY_TYPE_INDEX = "by-type";
    static final String TRAIL_INDEX = "by-time";

    private final DynamoDbClient db;
    private final String table;
    private final CursorCodec cursors;

    public DynamoAuditStore(DynamoDbClient db, String table, CursorCodec cursors) {
        this.db = db;
        this.table = table;
        this.cursors = cursors;
    }

    @Override
    public Page<AuditRecord> list(AuditFilter filter, PageRequest page) {
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).scanIndexForward(false);
        String partition;
        Set<String> keys;
        if (filter.entityType() != null && filter.entityId() != null) {
            partition = "pk = :partition";
            values.put(":partition", s(filter.entityType() + "#" + filter.entityId()));
            keys = Set.of("pk", "sk");
        } else if (filter.entityType() != null) {
            query.indexName(BY_TYPE_INDEX);
            partition = "entity_type = :partition";
            values.put(":partition", s(filter.entityType()));
            keys = Set.of("pk", "sk", "entity_type");
        } else {
            query.indexName(TRAIL_INDEX);
            partition = "trail = :partition";
            values.put(":partition", s(AuditItems.TRAIL));
            keys = Set.of("pk", "sk", "trail");
        }
        if (filter.entityId() != null && filter.entityType() == null) {
            query.filterExpression("entity_id = :entity");
            values.put(":entity", s(filter.entityId()));
        }
        String range = "";
        if (filter.from() != null || filter.to() != null) {
            LocalDate from = filter.from() == null ? LocalDate.of(1970, 1, 1) : filter.from();
            LocalDate to = filter.to() == null ? LocalDate.of(9999, 12, 30) : filter.to();
            range = " AND sk BETWEEN :from AND :to";
            values.put(
                    ":from",
                    s(SortableInstant.format(from.atStartOfDay(ZoneOffset.UTC).toInstant())));
            values.put(
                    ":to",
                    s(SortableInstant.format(
                            to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())));
        }
        query.keyConditionExpression(partition + range).expressionAttributeValues(values);
        if (!names.isEmpty()) {
            query.expressionAttributeNames(names);
        }
        String listing = "audit/" + filter;
        return PagedQuery.run(db, query.build(), keys, page, cursors, listing, AuditItems::fromItem);
    }
}
