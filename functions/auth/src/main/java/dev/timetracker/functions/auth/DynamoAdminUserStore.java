package dev.timetracker.functions.auth;

import dev.timetracker.adapters.auth.LoginNameClaims;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.dynamodb.AuditItems;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.dynamodb.PagedQuery;
import dev.timetracker.adapters.dynamodb.Transactions;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.AdminUser;
import dev.timetracker.domain.access.AdminUserRules;
import dev.timetracker.domain.access.AdminUserStore;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UsernameTakenException;
import dev.timetracker.domain.audit.AuditStamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Admin users in the auth table: a profile per user and a claim per username (the two written in one
 * transaction, each conditional on being new, with a check that no employee logs in with that name, which makes
 * login names unique), with the login state and password hash beside them and the audit record in the same
 * transaction. Changes made by a caller are also conditional on the caller's token still counting.
 */
final class DynamoAdminUserStore implements AdminUserStore {
    static final String LISTING_INDEX = "by-listing";
    private static final String LISTING = "ADMIN_USER";
    private static final String PRINCIPAL_KIND = "admin_user";
    private static final Set<String> LISTING_KEYS = Set.of("pk", "sk", "listing", "listing_sort");

    private final DynamoDbClient db;
    private final SessionStore sessions;
    private final String auditTable;
    private final String employeesTable;
    private final CursorCodec cursors;

    DynamoAdminUserStore(
            DynamoDbClient db, SessionStore sessions, String auditTable, String employeesTable, CursorCodec cursors) {
        this.db = db;
        this.sessions = sessions;
        this.auditTable = auditTable;
        this.employeesTable = employeesTable;
        this.cursors = cursors;
    }

    @Override
    public void create(AdminUser user, String passwordHash, AuditStamp audit, Principal caller) {
        List<TransactWriteItem> writes = creation(user, passwordHash, audit);
        int callerChecks = writes.size();
        writes.addAll(sessions.conditionChecks(caller));
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException e) {
            if (Transactions.failedConditionIn(e, callerChecks, writes.size())) {
                throw callerGone();
            }
            if (Transactions.failedConditionIn(e, 0, 2)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
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
            if (Transactions.failedConditionIn(e, 0, 2)) {
                throw new UsernameTakenException();
            }
            throw e;
        }
    }

    /** The username claim and the check that no employee has the name come first: indexes 0 and 1. */
    private List<TransactWriteItem> creation(AdminUser user, String passwordHash, AuditStamp audit) {
        return new ArrayList<>(List.of(
                putNew(usernameClaim(user)),
                LoginNameClaims.noEmailClaim(employeesTable, user.username()),
                putNew(toItem(user)),
                sessions.stateChange(user.id(), PRINCIPAL_KIND, true),
                sessions.credentialChange(user.id(), passwordHash),
                AuditItems.put(auditTable, audit, "admin_user", user.id(), null, auditJson(user, false))));
    }

    @Override
    public Optional<AdminUser> find(String id) {
        var item = db.getItem(get -> get.tableName(sessions.table())
                        .key(key("ADMIN#" + id, "PROFILE"))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /**
     * One transaction: the profile (conditional on the version read); when the username changed, the old claim
     * released (if still this user's) and the new one taken, with the check that no employee logs in with it;
     * the login state when activity, role or password changed; the password hash; the audit record; and last
     * the caller's token checks.
     */
    @Override
    public boolean replace(AdminUser before, AdminUser after, String passwordHash, AuditStamp audit, Principal caller) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(sessions.table())
                        .item(toItem(after))
                        .conditionExpression("version = :expected")
                        .expressionAttributeValues(
                                Map.of(":expected", AttributeValue.fromN(Long.toString(before.version()))))
                        .build())
                .build());
        int newClaim = -1;
        if (!AdminUserRules.usernameKey(before.username()).equals(AdminUserRules.usernameKey(after.username()))) {
            writes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(sessions.table())
                            .key(LoginNameClaims.usernameClaimKey(before.username()))
                            .conditionExpression("admin_id = :id")
                            .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(before.id())))
                            .build())
                    .build());
            newClaim = writes.size();
            writes.add(putNew(usernameClaim(after)));
            writes.add(LoginNameClaims.noEmailClaim(employeesTable, after.username()));
        }
        // A role travels in the token, so a new role, like a deactivation or a new password, withdraws the tokens.
        boolean withdrawTokens =
                (before.active() && !after.active()) || before.role() != after.role() || passwordHash != null;
        TransactWriteItem stateChange = before.active() != after.active() || withdrawTokens
                ? sessions.stateChange(after.id(), PRINCIPAL_KIND, after.active(), withdrawTokens)
                : null;
        boolean ownStateChange = stateChange != null && after.id().equals(caller.subjectId());
        if (stateChange != null && !ownStateChange) {
            writes.add(stateChange);
        }
        if (passwordHash != null) {
            writes.add(sessions.credentialChange(after.id(), passwordHash));
        }
        writes.add(AuditItems.put(
                auditTable,
                audit,
                "admin_user",
                after.id(),
                auditJson(before, false),
                auditJson(after, passwordHash != null)));
        int callerChecks = writes.size();
        writes.addAll(
                ownStateChange ? sessions.conditionChecks(caller, stateChange) : sessions.conditionChecks(caller));
        try {
            Transactions.write(db, writes);
            return true;
        } catch (TransactionCanceledException e) {
            if (Transactions.failedConditionIn(e, callerChecks, writes.size())) {
                throw callerGone();
            }
            if (newClaim >= 0 && Transactions.failedConditionIn(e, newClaim, newClaim + 2)) {
                throw new UsernameTakenException();
            }
            boolean staleClaim = newClaim >= 0 && Transactions.failedCondition(e, newClaim - 1);
            if (Transactions.failedCondition(e, 0) || staleClaim) {
                return false;
            }
            throw e;
        }
    }

    /** The caller was deactivated, demoted or logged out since their token was checked: the change is refused. */
    private static UnauthenticatedException callerGone() {
        return new UnauthenticatedException("This account is deactivated or its tokens were withdrawn");
    }

    /** The admin user as the API shows it; a password change is noted, never the password or its hash. */
    private static String auditJson(AdminUser user, boolean passwordChanged) {
        var json = AdminUserJson.write(user);
        if (passwordChanged) {
            json.put("password_changed", true);
        }
        return Json.write(json);
    }

    @Override
    public Page<AdminUser> list(PageRequest page) {
        QueryRequest query = QueryRequest.builder()
                .tableName(sessions.table())
                .indexName(LISTING_INDEX)
                .keyConditionExpression("listing = :listing")
                .expressionAttributeValues(Map.of(":listing", AttributeValue.fromS(LISTING)))
                .build();
        return PagedQuery.run(db, query, LISTING_KEYS, page, cursors, "admin-users", DynamoAdminUserStore::fromItem);
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return Transactions.putNew(sessions.table(), item);
    }

    private static Map<String, AttributeValue> usernameClaim(AdminUser user) {
        Map<String, AttributeValue> claim = new HashMap<>(LoginNameClaims.usernameClaimKey(user.username()));
        claim.put("admin_id", AttributeValue.fromS(user.id()));
        return claim;
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
        return new AdminUser(
                item.get("id").s(),
                item.get("username").s(),
                item.get("email").s(),
                Role.fromWire(item.get("role").s()),
                Boolean.TRUE.equals(item.get("is_active").bool()),
                Instant.parse(item.get("created_at").s()),
                Instant.parse(item.get("updated_at").s()),
                Long.parseLong(item.get("version").n()));
    }
}
