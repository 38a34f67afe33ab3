package dev.timetracker.adapters.config;

import dev.timetracker.adapters.auth.Authenticator;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.auth.TokenKeys;
import dev.timetracker.adapters.auth.TokenSettings;
import dev.timetracker.adapters.auth.TokenVerifier;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import dev.timetracker.adapters.dynamodb.DynamoClients;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Everything a function is wired from: the DynamoDB client, the table names, the keys and the clock. A
 * handler's no-argument constructor (what Lambda calls) uses {@link #fromEnvironment()}; tests build one with
 * their own client, tables or clock.
 */
public record Deployment(DynamoDbClient db, TableNames tables, CursorCodec cursors, TokenKeys tokenKeys,
                         TokenSettings tokenSettings, Clock clock) {

    public static Deployment fromEnvironment() {
        return new Deployment(DynamoClients.shared(), TableNames.fromEnvironment(), new CursorCodec(Keys.cursorKey()),
                TokenKeys.fromConfig(), TokenSettings.fromConfig(), Clock.systemUTC());
    }

    public Authenticator authenticator() {
        return new Authenticator(new TokenVerifier(tokenKeys, tokenSettings, clock), sessions());
    }

    public SessionStore sessions() {
        return new SessionStore(db, tables.auth());
    }

    public Deployment withDb(DynamoDbClient otherDb) {
        return new Deployment(otherDb, tables, cursors, tokenKeys, tokenSettings, clock);
    }

    public Deployment withTables(TableNames otherTables) {
        return new Deployment(db, otherTables, cursors, tokenKeys, tokenSettings, clock);
    }

    public Deployment withTokenKeys(TokenKeys otherKeys) {
        return new Deployment(db, tables, cursors, otherKeys, tokenSettings, clock);
    }

    public Deployment withClock(Clock otherClock) {
        return new Deployment(db, tables, cursors, tokenKeys, tokenSettings, otherClock);
    }
}
