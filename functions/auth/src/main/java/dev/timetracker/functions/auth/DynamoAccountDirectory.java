package dev.timetracker.functions.auth;

import dev.timetracker.adapters.auth.LoginNameClaims;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.domain.access.Account;
import dev.timetracker.domain.access.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Finds the account behind a login name with two BatchGetItem calls: first the username claim (auth table)
 * and the email claim (employees table) at once, then the owner's profile, password hash and login state.
 */
final class DynamoAccountDirectory implements dev.timetracker.domain.access.AccountDirectory {
    private final DynamoDbClient db;
    private final String authTable;
    private final String employeesTable;

    DynamoAccountDirectory(DynamoDbClient db, String authTable, String employeesTable) {
        this.db = db;
        this.authTable = authTable;
        this.employeesTable = employeesTable;
    }

    @Override
    public Optional<Account> findByLogin(String login) {
        Map<String, List<Map<String, AttributeValue>>> claims = batchGet(Map.of(
                authTable, List.of(LoginNameClaims.usernameClaimKey(login)),
                employeesTable, List.of(LoginNameClaims.emailClaimKey(login))));
        var adminClaim = claims.getOrDefault(authTable, List.of());
        if (!adminClaim.isEmpty()) {
            return admin(adminClaim.get(0).get("admin_id").s());
        }
        var employeeClaim = claims.getOrDefault(employeesTable, List.of());
        if (!employeeClaim.isEmpty()) {
            return employee(employeeClaim.get(0).get("employee_id").s());
        }
        return Optional.empty();
    }

    private Optional<Account> admin(String id) {
        var items = batchGet(Map.of(
                authTable,
                List.of(
                        DynamoAdminUserStore.key("ADMIN#" + id, "PROFILE"),
                        SessionStore.credentialKey(id),
                        SessionStore.principalKey(id))));
        Map<String, AttributeValue> profile = find(items.get(authTable), "ADMIN#");
        if (profile == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> credential = find(items.get(authTable), "CREDENTIAL#");
        Map<String, AttributeValue> state = find(items.get(authTable), "PRINCIPAL#");
        return Optional.of(new Account(
                id,
                profile.get("username").s(),
                Role.fromWire(profile.get("role").s()),
                null,
                credential == null ? null : credential.get("password_hash").s(),
                isActive(state),
                generation(state)));
    }

    private Optional<Account> employee(String id) {
        var items = batchGet(Map.of(
                authTable, List.of(SessionStore.credentialKey(id), SessionStore.principalKey(id)),
                employeesTable,
                        List.of(Map.of(
                                "pk", AttributeValue.fromS("EMPLOYEE#" + id), "sk", AttributeValue.fromS("PROFILE")))));
        List<Map<String, AttributeValue>> profiles = items.getOrDefault(employeesTable, List.of());
        if (profiles.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> credential = find(items.get(authTable), "CREDENTIAL#");
        Map<String, AttributeValue> state = find(items.get(authTable), "PRINCIPAL#");
        return Optional.of(new Account(
                id,
                profiles.get(0).get("email").s(),
                Role.EMPLOYEE,
                id,
                credential == null ? null : credential.get("password_hash").s(),
                isActive(state),
                generation(state)));
    }

    private static long generation(Map<String, AttributeValue> state) {
        return state == null || !state.containsKey("token_generation")
                ? 0
                : Long.parseLong(state.get("token_generation").n());
    }

    private static boolean isActive(Map<String, AttributeValue> state) {
        return state != null && Boolean.TRUE.equals(state.get("is_active").bool());
    }

    private static Map<String, AttributeValue> find(List<Map<String, AttributeValue>> items, String pkPrefix) {
        return BatchReads.withPartitionPrefix(items, pkPrefix);
    }

    private Map<String, List<Map<String, AttributeValue>>> batchGet(
            Map<String, List<Map<String, AttributeValue>>> keys) {
        return BatchReads.get(db, keys);
    }
}
