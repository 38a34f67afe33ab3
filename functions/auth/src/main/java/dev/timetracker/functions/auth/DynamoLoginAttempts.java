package dev.timetracker.functions.auth;

import dev.timetracker.domain.access.LoginAttempts;
import dev.timetracker.domain.access.LoginThrottle;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.Map;

/**
 * Login-attempt counters in the auth table, one item per login name, removed by TTL once the window has
 * passed. Counting is an atomic ADD within the window that returns the new count, so concurrent attempts each
 * get their own number; an attempt after the window starts a new one, decided by a condition on the stored
 * window start, so concurrent attempts are never lost.
 */
final class DynamoLoginAttempts implements LoginAttempts {
    private final DynamoDbClient db;
    private final String table;

    DynamoLoginAttempts(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public State current(String loginKey) {
        var item = db.getItem(get -> get.tableName(table).key(key(loginKey)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return State.NONE;
        }
        return state(item);
    }

    private static State state(Map<String, AttributeValue> item) {
        return new State(Integer.parseInt(item.get("failures").n()),
                Instant.ofEpochSecond(Long.parseLong(item.get("window_start").n())));
    }

    @Override
    public State countAttempt(String loginKey, Instant now) {
        long cutoff = now.minus(LoginThrottle.WINDOW).getEpochSecond();
        try {
            return state(db.updateItem(update -> update.tableName(table).key(key(loginKey))
                    .updateExpression("ADD failures :one")
                    .conditionExpression("window_start > :cutoff")
                    .expressionAttributeValues(Map.of(":one", number(1), ":cutoff", number(cutoff)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException noCurrentWindow) {
            try {
                return state(db.updateItem(update -> update.tableName(table).key(key(loginKey))
                        .updateExpression("SET failures = :one, window_start = :now, expires_at = :expires")
                        .conditionExpression("attribute_not_exists(window_start) OR window_start <= :cutoff")
                        .expressionAttributeValues(Map.of(":one", number(1), ":now", number(now.getEpochSecond()),
                                ":cutoff", number(cutoff),
                                ":expires", number(now.plus(LoginThrottle.WINDOW).getEpochSecond() + 60)))
                        .returnValues(ReturnValue.ALL_NEW)).attributes());
            } catch (ConditionalCheckFailedException someoneStartedIt) {
                // A concurrent attempt opened the new window first; count this one in it.
                return countAttempt(loginKey, now);
            }
        }
    }

    @Override
    public void clear(String loginKey) {
        db.deleteItem(delete -> delete.tableName(table).key(key(loginKey)));
    }

    private static Map<String, AttributeValue> key(String loginKey) {
        return Map.of("pk", AttributeValue.fromS("ATTEMPTS#" + loginKey), "sk", AttributeValue.fromS("ATTEMPTS"));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
