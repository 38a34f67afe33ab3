package dev.timetracker.functions.auth;

import dev.timetracker.domain.access.LoginAttempts;
import dev.timetracker.domain.access.LoginThrottle;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Login-attempt counters in the auth table, one item per login name ({@code ATTEMPTS#}) and per source address
 * ({@code SOURCE_ATTEMPTS#}), removed by TTL once the window has passed. Counting is an atomic ADD within the
 * window that returns the new count, so concurrent attempts each get their own number; an attempt after the
 * window starts a new one, decided by a condition on the stored window start, so concurrent attempts are never
 * lost.
 */
final class DynamoLoginAttempts implements LoginAttempts {
    private final DynamoDbClient db;
    private final String table;

    DynamoLoginAttempts(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    @Override
    public State current(LoginThrottle.Counter counter, String key) {
        var item = db.getItem(get -> get.tableName(table).key(key(counter, key)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return State.NONE;
        }
        return state(item);
    }

    private static State state(Map<String, AttributeValue> item) {
        return new State(
                Integer.parseInt(item.get("failures").n()),
                Instant.ofEpochSecond(Long.parseLong(item.get("window_start").n())));
    }

    @Override
    public State countAttempt(LoginThrottle.Counter counter, String key, Instant now) {
        long cutoff = now.minus(counter.window()).getEpochSecond();
        try {
            return state(db.updateItem(update -> update.tableName(table)
                            .key(key(counter, key))
                            .updateExpression("ADD failures :one")
                            .conditionExpression("window_start > :cutoff")
                            .expressionAttributeValues(Map.of(":one", number(1), ":cutoff", number(cutoff)))
                            .returnValues(ReturnValue.ALL_NEW))
                    .attributes());
        } catch (ConditionalCheckFailedException noCurrentWindow) {
            try {
                return state(db.updateItem(update -> update.tableName(table)
                                .key(key(counter, key))
                                .updateExpression("SET failures = :one, window_start = :now, expires_at = :expires")
                                .conditionExpression("attribute_not_exists(window_start) OR window_start <= :cutoff")
                                .expressionAttributeValues(Map.of(
                                        ":one",
                                        number(1),
                                        ":now",
                                        number(now.getEpochSecond()),
                                        ":cutoff",
                                        number(cutoff),
                                        ":expires",
                                        number(now.plus(counter.window()).getEpochSecond() + 60)))
                                .returnValues(ReturnValue.ALL_NEW))
                        .attributes());
            } catch (ConditionalCheckFailedException someoneStartedIt) {
                // A concurrent attempt opened the new window first; count this one in it.
                return countAttempt(counter, key, now);
            }
        }
    }

    @Override
    public void clear(LoginThrottle.Counter counter, String key) {
        db.deleteItem(delete -> delete.tableName(table).key(key(counter, key)));
    }

    @Override
    public void takeBack(LoginThrottle.Counter counter, String key, Instant windowStart) {
        try {
            db.updateItem(update -> update.tableName(table)
                    .key(key(counter, key))
                    .updateExpression("ADD failures :minus_one")
                    .conditionExpression("window_start = :counted_in AND failures > :zero")
                    .expressionAttributeValues(Map.of(
                            ":minus_one",
                            number(-1),
                            ":zero",
                            number(0),
                            ":counted_in",
                            number(windowStart.getEpochSecond()))));
        } catch (ConditionalCheckFailedException anotherWindow) {
            // The attempt's window has passed; the new one never counted it.
        }
    }

    private static Map<String, AttributeValue> key(LoginThrottle.Counter counter, String key) {
        String prefix = switch (counter) {
            case LOGIN_NAME -> "ATTEMPTS#";
            case SOURCE_ADDRESS -> "SOURCE_ATTEMPTS#";
        };
        return Map.of("pk", AttributeValue.fromS(prefix + key), "sk", AttributeValue.fromS("ATTEMPTS"));
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
