package dev.timetracker.adapters.auth;

import dev.timetracker.adapters.dynamodb.BatchReads;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.Transactions;
import dev.timetracker.domain.UnauthenticatedException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.TokenState;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Token state that a signature cannot carry, in the auth table: revoked token ids (kept until the token would
 * have expired, then removed by TTL) and each principal's state (active, and its token generation, which a
 * deactivation, a new password or a new role advances so that every token issued before stops counting). Every
 * authenticated request reads both in one BatchGetItem, or checks both inside its own write transaction.
 */
public final class SessionStore {
    /** The principal is active and has not started a token generation since the token was issued. */
    private static final String CURRENT_TOKEN = "is_active = :token_active AND token_generation = :token_generation";

    private final DynamoDbClient db;
    private final String table;

    public SessionStore(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** The caller's session, confirmed by one BatchGetItem: the caller as a confirmed principal. */
    public Principal confirm(UnconfirmedPrincipal caller) {
        var found = BatchReads.get(db, Map.of(table, keysToConfirm(caller)));
        return checkItems(caller, found.get(table));
    }

    /** The keys {@link #checkItems} needs, for a caller that reads them in its own batch. */
    public List<Map<String, AttributeValue>> keysToConfirm(UnconfirmedPrincipal caller) {
        return List.of(revocationKey(caller.tokenId()), principalKey(caller.subjectId()));
    }

    /** As above, for a confirmed principal whose session a store checks again in its own batch. */
    public List<Map<String, AttributeValue>> keysToConfirm(Principal principal) {
        return keysToConfirm(UnconfirmedPrincipal.of(principal));
    }

    /**
     * The checks of {@link #confirm}, on the auth-table items of {@link #keysToConfirm} read by a caller: the
     * caller as a confirmed principal.
     */
    public static Principal checkItems(
            UnconfirmedPrincipal caller, @Nullable List<Map<String, AttributeValue>> authItems) {
        Map<String, AttributeValue> revoked = BatchReads.withPartitionPrefix(authItems, "REVOKED#");
        Map<String, AttributeValue> state = BatchReads.withPartitionPrefix(authItems, "PRINCIPAL#");
        if (revoked != null && !revoked.isEmpty()) {
            throw new UnauthenticatedException("This token was revoked by a logout");
        }
        // An item without either attribute is no active principal (it cannot be one this code wrote).
        AttributeValue active = state == null ? null : state.get("is_active");
        AttributeValue generation = state == null ? null : state.get("token_generation");
        if (active == null
                || generation == null
                || !Boolean.TRUE.equals(active.bool())
                || caller.tokenGeneration() != Long.parseLong(generation.n())) {
            throw new UnauthenticatedException("This account is deactivated or its tokens were withdrawn");
        }
        return caller.confirmedBy(new ActivePrincipalState(Long.parseLong(generation.n())));
    }

    /** An active principal's state in this table, whose token's revocation item was read and found missing. */
    private record ActivePrincipalState(long tokenGeneration) implements TokenState {
        @Override
        public boolean isRevoked(String tokenId) {
            return false;
        }
    }

    /** As above, for a confirmed principal whose session a store checks again. */
    public static void checkItems(Principal principal, List<Map<String, AttributeValue>> authItems) {
        checkItems(UnconfirmedPrincipal.of(principal), authItems);
    }

    /**
     * Revokes one token until it would have expired anyway. An employee's token is also revoked on their
     * punch clock, which is where their own punches and status reads check it, in the same transaction.
     */
    public void revoke(Principal principal, String timeTable) {
        Map<String, AttributeValue> item = new HashMap<>(revocationKey(principal.tokenId()));
        String expiresAt = Long.toString(principal.expiresAt().getEpochSecond() + 60);
        item.put("subject_id", AttributeValue.fromS(principal.subjectId()));
        item.put("expires_at", AttributeValue.fromN(expiresAt));
        List<TransactWriteItem> writes = new java.util.ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).build())
                .build());
        if (principal.employeeId() != null) {
            writes.add(TransactWriteItem.builder()
                    .update(Update.builder()
                            .tableName(timeTable)
                            .key(ClockItems.key(principal.employeeId()))
                            .updateExpression("SET revoked.#jti = :expires")
                            .expressionAttributeNames(Map.of("#jti", principal.tokenId()))
                            .expressionAttributeValues(Map.of(":expires", AttributeValue.fromN(expiresAt)))
                            .build())
                    .build());
        }
        Transactions.write(db, writes);
    }

    /**
     * The write that records a principal's state, for a transaction that changes the account. Deactivating
     * starts a new token generation, so every token issued until then is refused, also after a later
     * reactivation.
     */
    public TransactWriteItem stateChange(String subjectId, String kind, boolean active) {
        return stateChange(subjectId, kind, active, !active);
    }

    /**
     * As {@link #stateChange(String, String, boolean)}; {@code withdrawTokens} starts a new token generation
     * whatever the activity (a new password or role must not leave the old tokens working).
     */
    public TransactWriteItem stateChange(String subjectId, String kind, boolean active, boolean withdrawTokens) {
        String update = withdrawTokens
                ? "SET kind = :kind, is_active = :active ADD token_generation :one"
                : "SET kind = :kind, is_active = :active, token_generation = if_not_exists(token_generation, :zero)";
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":kind", AttributeValue.fromS(kind));
        values.put(":active", AttributeValue.fromBool(active));
        values.put(withdrawTokens ? ":one" : ":zero", AttributeValue.fromN(withdrawTokens ? "1" : "0"));
        return TransactWriteItem.builder()
                .update(Update.builder()
                        .tableName(table)
                        .key(principalKey(subjectId))
                        .updateExpression(update)
                        .expressionAttributeValues(values)
                        .build())
                .build();
    }

    /** Stores a password hash for an account, for a transaction that creates or changes the account. */
    public TransactWriteItem credentialChange(String subjectId, String passwordHash) {
        Map<String, AttributeValue> item = new HashMap<>(credentialKey(subjectId));
        item.put("password_hash", AttributeValue.fromS(passwordHash));
        return TransactWriteItem.builder()
                .put(Put.builder().tableName(table).item(item).build())
                .build();
    }

    public static Map<String, AttributeValue> credentialKey(String subjectId) {
        return Map.of("pk", AttributeValue.fromS("CREDENTIAL#" + subjectId), "sk", AttributeValue.fromS("CREDENTIAL"));
    }

    /** Checks, inside another transaction, that the principal's token is neither revoked nor withdrawn. */
    public List<TransactWriteItem> conditionChecks(Principal principal) {
        return conditionChecks(UnconfirmedPrincipal.of(principal));
    }

    /** The same checks for a caller whose session the transaction confirms: it is written only if it counts. */
    public List<TransactWriteItem> conditionChecks(UnconfirmedPrincipal principal) {
        return List.of(
                revocationCheck(principal),
                TransactWriteItem.builder()
                        .conditionCheck(ConditionCheck.builder()
                                .tableName(table)
                                .key(principalKey(principal.subjectId()))
                                .conditionExpression(CURRENT_TOKEN)
                                .expressionAttributeValues(currentTokenValues(principal))
                                .build())
                        .build());
    }

    /**
     * The checks of {@link #conditionChecks(Principal)} for a transaction that also writes the caller's own
     * state (a {@link #stateChange} of the caller): a transaction may name an item once only, so the token check
     * becomes that write's condition. "You can't target the same item with multiple operations within the same
     * transaction": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html
     */
    public List<TransactWriteItem> conditionChecks(Principal principal, TransactWriteItem callersStateChange) {
        UnconfirmedPrincipal caller = UnconfirmedPrincipal.of(principal);
        Update update = callersStateChange.update();
        if (update == null || !update.key().equals(principalKey(principal.subjectId()))) {
            throw new IllegalArgumentException("Not a state change of the caller");
        }
        Map<String, AttributeValue> values = new HashMap<>(update.expressionAttributeValues());
        values.putAll(currentTokenValues(caller));
        return List.of(
                revocationCheck(caller),
                TransactWriteItem.builder()
                        .update(update.toBuilder()
                                .conditionExpression(CURRENT_TOKEN)
                                .expressionAttributeValues(values)
                                .build())
                        .build());
    }

    /**
     * SnapStart priming: the token checks every transactional write of a caller carries, for a caller that does
     * not exist ({@link PrimingCredentials#NO_SUCH_ID}), as a transaction of their own. Its conditions refuse it
     * (there is no such principal) and a ConditionCheck writes nothing anyway; what runs is the transaction's
     * marshalling and the cancellation's unmarshalling.
     *
     * @return whether DynamoDB refused it, as it must
     */
    public boolean primeRefusedTransaction() {
        Principal nobody = new Principal(
                PrimingCredentials.NO_SUCH_ID,
                dev.timetracker.domain.access.Role.ADMIN,
                null,
                "snapstart-priming",
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH,
                0);
        try {
            Transactions.write(db, conditionChecks(nobody));
            return false;
        } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException refused) {
            return true;
        }
    }

    private static Map<String, AttributeValue> currentTokenValues(UnconfirmedPrincipal principal) {
        return Map.of(
                ":token_active",
                AttributeValue.fromBool(true),
                ":token_generation",
                AttributeValue.fromN(Long.toString(principal.tokenGeneration())));
    }

    private TransactWriteItem revocationCheck(UnconfirmedPrincipal principal) {
        return TransactWriteItem.builder()
                .conditionCheck(ConditionCheck.builder()
                        .tableName(table)
                        .key(revocationKey(principal.tokenId()))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }

    public static Map<String, AttributeValue> revocationKey(String tokenId) {
        return Map.of("pk", AttributeValue.fromS("REVOKED#" + tokenId), "sk", AttributeValue.fromS("REVOKED"));
    }

    public static Map<String, AttributeValue> principalKey(String subjectId) {
        return Map.of("pk", AttributeValue.fromS("PRINCIPAL#" + subjectId), "sk", AttributeValue.fromS("STATE"));
    }
}
