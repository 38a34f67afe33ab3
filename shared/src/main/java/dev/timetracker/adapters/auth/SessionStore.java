package dev.timetracker.adapters.auth;

import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token state that a signature cannot carry, in the auth table: revoked token ids (kept until the token would
 * have expired, then removed by TTL) and each principal's state (active, and its token generation, which
 * deactivation advances so that every token issued before stops counting). Every authenticated request reads
 * both in one BatchGetItem, or checks both inside its own write transaction.
 */
public final class SessionStore {
    private final DynamoDbClient db;
    private final String table;

    public SessionStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public String table() {
        return table;
    }

    public void confirm(Principal principal) {
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder()
                .keys(revocationKey(principal.tokenId()), principalKey(principal.subjectId()))
                .consistentRead(true).build());
        var response = db.batchGetItem(batch -> batch.requestItems(request));
        Map<String, AttributeValue> revoked = null;
        Map<String, AttributeValue> state = null;
        // Unprocessed keys are rare (throttling); reading them again keeps the answer exact.
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>(response.responses().getOrDefault(table, List.of()));
        if (response.hasUnprocessedKeys() && !response.unprocessedKeys().isEmpty()) {
            items.addAll(db.batchGetItem(batch -> batch.requestItems(response.unprocessedKeys()))
                    .responses().getOrDefault(table, List.of()));
        }
        for (Map<String, AttributeValue> item : items) {
            if (item.get("pk").s().startsWith("REVOKED#")) {
                revoked = item;
            } else {
                state = item;
            }
        }
        checkItems(principal, revoked, state);
    }

    /** The same checks as {@link #confirm}, on items a caller read itself in its own batch. */
    public static void checkItems(Principal principal, Map<String, AttributeValue> revoked, Map<String, AttributeValue> state) {
        if (revoked != null && !revoked.isEmpty()) {
            throw new UnauthenticatedException("This token was revoked by a logout");
        }
        if (state == null || state.isEmpty() || !Boolean.TRUE.equals(state.get("is_active").bool())
                || principal.tokenGeneration() != Long.parseLong(state.get("token_generation").n())) {
            throw new UnauthenticatedException("This account is deactivated or its tokens were withdrawn");
        }
    }

    /** Revokes one token until it would have expired anyway. */
    public void revoke(Principal principal) {
        Map<String, AttributeValue> item = new HashMap<>(revocationKey(principal.tokenId()));
        item.put("subject_id", AttributeValue.fromS(principal.subjectId()));
        item.put("expires_at", AttributeValue.fromN(Long.toString(principal.expiresAt().getEpochSecond() + 60)));
        db.putItem(put -> put.tableName(table).item(item));
    }

    /**
     * The write that records a principal's state, for a transaction that changes the account. Deactivating
     * starts a new token generation, so every token issued until then is refused, also after a later
     * reactivation.
     */
    public TransactWriteItem stateChange(String subjectId, String kind, boolean active) {
        String update = active
                ? "SET kind = :kind, is_active = :active, token_generation = if_not_exists(token_generation, :zero)"
                : "SET kind = :kind, is_active = :active ADD token_generation :one";
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":kind", AttributeValue.fromS(kind));
        values.put(":active", AttributeValue.fromBool(active));
        values.put(active ? ":zero" : ":one", AttributeValue.fromN(active ? "0" : "1"));
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(principalKey(subjectId))
                .updateExpression(update).expressionAttributeValues(values).build()).build();
    }

    /** Stores a password hash for an account, for a transaction that creates or changes the account. */
    public TransactWriteItem credentialChange(String subjectId, String passwordHash) {
        Map<String, AttributeValue> item = new HashMap<>(credentialKey(subjectId));
        item.put("password_hash", AttributeValue.fromS(passwordHash));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    public static Map<String, AttributeValue> credentialKey(String subjectId) {
        return Map.of("pk", AttributeValue.fromS("CREDENTIAL#" + subjectId), "sk", AttributeValue.fromS("CREDENTIAL"));
    }

    /** Checks, inside another transaction, that the principal's token is neither revoked nor withdrawn. */
    public List<TransactWriteItem> conditionChecks(Principal principal) {
        return List.of(
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(revocationKey(principal.tokenId()))
                        .conditionExpression("attribute_not_exists(pk)").build()).build(),
                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                        .key(principalKey(principal.subjectId()))
                        .conditionExpression("is_active = :active AND token_generation = :generation")
                        .expressionAttributeValues(Map.of(":active", AttributeValue.fromBool(true),
                                ":generation", AttributeValue.fromN(Long.toString(principal.tokenGeneration()))))
                        .build()).build());
    }

    public static Map<String, AttributeValue> revocationKey(String tokenId) {
        return Map.of("pk", AttributeValue.fromS("REVOKED#" + tokenId), "sk", AttributeValue.fromS("REVOKED"));
    }

    public static Map<String, AttributeValue> principalKey(String subjectId) {
        return Map.of("pk", AttributeValue.fromS("PRINCIPAL#" + subjectId), "sk", AttributeValue.fromS("STATE"));
    }
}
