package dev.timetracker.functions.auth;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.dynamodb.AuditItems;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.dynamodb.PagedQuery;
import dev.timetracker.adapters.dynamodb.Transactions;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.AdminUser;
import dev.timetracker.domain.access.AdminUserRules;
import dev.timetracker.domain.access.AdminUserStore;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UsernameTakenException;
import dev.timetracker.domain.audit.AuditStamp;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Admin users in the auth table: a profile per user and a claim per username (the two written in one
 * transaction, each conditional on being new, which makes usernames unique), with the login state and
 * password hash beside them and the audit record in the same transaction.
 */
final class DynamoAdminUserStore implements AdminUserStore {
    static final String LISTING_INDEX = "by-listing";
    private static final String LISTING = "ADMIN_USER";
    private static final String PRINCIPAL_KIND = "admin_user";
    private static final Set<String> LISTING_KEYS = Set.of("pk", "sk", "listing", "listing_sort");

    private final DynamoDbClient db;
    private final SessionStore sessions;
    private final String auditTable;
    private final CursorCodec cursors;

    DynamoAdminUserStore(DynamoDbClient db, SessionStore sessions, String auditTable, CursorCodec cursors) {
        this.db = db;
        this.sessions = sessions;
        this.auditTable = auditTable;
        this.cursors = cursors;
    }

    @Override
    public void create(AdminUser user, String passwordHash, AuditStamp audit) {
        write(creation(user, passwordHash, audit));
    }

    @Override
    public boolean createFirst(AdminUser user, String passwordHash, AuditStamp audit) {
        List<TransactWriteItem> writes = creation(user, passwordHash, audit);
        Map<String, AttributeValue> marker = new HashMap<>(key("BOOTSTRAP", "BOOTSTRAP"));
        marker.put("admin_id", AttributeValue.fromS(user.id()));
        writes.add(putNew(marker));
        try {
            Transactions.write(db, writes);
            return true;
        } catch (TransactionCanceledException e) {
            // The marker decides first: once bootstrapped, the answer is "refused" whatever else clashed.
            if (Transactions.failedCondition(e, writes.size() - 1)) {
                return false;
            }
            if (Transactions.failedCondition(e, 0)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
    }

    private List<TransactWriteItem> creation(AdminUser user, String passwordHash, AuditStamp audit) {
        Map<String, AttributeValue> claim = new HashMap<>(usernameKey(user.username()));
        claim.put("admin_id", AttributeValue.fromS(user.id()));
        return new ArrayList<>(List.of(
                putNew(claim),
                putNew(toItem(user)),
                sessions.stateChange(user.id(), PRINCIPAL_KIND, true),
                sessions.credentialChange(user.id(), passwordHash),
                AuditItems.put(auditTable, audit, "admin_user", user.id(), null, Json.write(AdminUserJson.write(user)))));
    }

    private void write(List<TransactWriteItem> writes) {
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException e) {
            if (Transactions.failedCondition(e, 0)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
    }

    @Override
    public Optional<AdminUser> find(String id) {
        var item = db.getItem(get -> get.tableName(sessions.table()).key(key("ADMIN#" + id, "PROFILE"))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean replace(AdminUser before, AdminUser after, AuditStamp audit) {
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(Put.builder().tableName(sessions.table()).item(toItem(after))
                        .conditionExpression("version = :expected")
                        .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(before.version()))))
                        .build()).build(),
                sessions.stateChange(after.id(), PRINCIPAL_KIND, after.active()),
                AuditItems.put(auditTable, audit, "admin_user", after.id(), Json.write(AdminUserJson.write(before)),
                        Json.write(AdminUserJson.write(after))));
        try {
            Transactions.write(db, writes);
            return true;
        } catch (TransactionCanceledException e) {
            if (Transactions.failedCondition(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Page<AdminUser> list(PageRequest page) {
        QueryRequest query = QueryRequest.builder().tableName(sessions.table()).indexName(LISTING_INDEX)
                .keyConditionExpression("listing = :listing")
                .expressionAttributeValues(Map.of(":listing", AttributeValue.fromS(LISTING)))
                .build();
        return PagedQuery.run(db, query, LISTING_KEYS, page, cursors, "admin-users", DynamoAdminUserStore::fromItem);
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(sessions.table()).item(item)
                .conditionExpression("attribute_not_exists(pk)").build()).build();
    }

    static Map<String, AttributeValue> usernameKey(String username) {
        return key("USERNAME#" + AdminUserRules.usernameKey(username), "CLAIM");
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private Map<String, AttributeValue> toItem(AdminUser user) {
        Map<String, AttributeValue> item = new HashMap<>(key("ADMIN#" + user.id(), "PROFILE"));
        item.put("id", AttributeValue.fromS(user.id()));
        item.put("username", AttributeValue.fromS(user.username()));
        item.put("email", AttributeValue.fromS(user.email()));
        item.put("role", AttributeValue.fromS(user.role().wire()));
        item.put("is_active", AttributeValue.fromBool(user.active()));
        item.put("created_at", AttributeValue.fromS(user.createdAt().toString()));
        item.put("updated_at", AttributeValue.fromS(user.updatedAt().toString()));
        item.put("version", AttributeValue.fromN(Long.toString(user.version())));
        item.put("listing", AttributeValue.fromS(LISTING));
        item.put("listing_sort", AttributeValue.fromS(AdminUserRules.usernameKey(user.username()) + "#" + user.id()));
        return item;
    }

    static AdminUser fromItem(Map<String, AttributeValue> item) {
        return new AdminUser(item.get("id").s(), item.get("username").s(), item.get("email").s(),
                Role.fromWire(item.get("role").s()), Boolean.TRUE.equals(item.get("is_active").bool()),
                Instant.parse(item.get("created_at").s()), Instant.parse(item.get("updated_at").s()),
                Long.parseLong(item.get("version").n()));
    }
}
