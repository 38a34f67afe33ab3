package dev.timetracker.adapters.config;

import dev.timetracker.adapters.auth.Authenticator;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.auth.TokenKeys;
import dev.timetracker.adapters.auth.TokenSettings;
import dev.timetracker.adapters.auth.TokenVerifier;
import dev.timetracker.adapters.dynamodb.CursorCodec;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a function is wired from: its environment, the DynamoDB client built from it, the table names,
 * the keys and the clock. A handler's no-argument constructor (what Lambda calls) uses
 * {@link #fromEnvironment(Environment)} with the process environment; the local stack passes each function its
 * own; tests derive one with their own client, tables or clock (docs/handlers.md).
 */
public record Deployment(
        Environment environment,
        DynamoDbClient db,
        TableNames tables,
        CursorCodec cursors,
        TokenKeys tokenKeys,
        TokenSettings tokenSettings,
        Clock clock) {

    /**
     * Reads the keys from Secrets Manager and Parameter Store here, in the constructor path, so that under
     * SnapStart they are in the snapshot and a restored instance starts without these calls.
     */
    public static Deployment fromEnvironment(Environment environment) {
        return fromEnvironment(environment, Clock.systemUTC());
    }

    /** With another clock (tests), which also judges when the cached public keys are read again. */
    public static Deployment fromEnvironment(Environment environment, Clock clock) {
        return new Deployment(
                environment,
                AwsClients.dynamoDb(environment),
                TableNames.from(environment),
                new CursorCodec(Keys.cursorKey(environment)),
                TokenKeys.from(environment, clock),
                TokenSettings.from(environment),
                clock);
    }

    /**
     * This deployment, once its environment names every variable that all of its function's routes need: a
     * template block without one fails init, naming it, rather than a first request.
     */
    public Deployment requiring(String... variables) {
        for (String variable : variables) {
            environment.required(variable);
        }
        return this;
    }

    public Authenticator authenticator() {
        return new Authenticator(new TokenVerifier(tokenKeys, tokenSettings, clock), sessions());
    }

    public SessionStore sessions() {
        String auth = tables.auth();
        if (auth == null) {
            throw Environment.missing("AUTH_TABLE");
        }
        return new SessionStore(db, auth);
    }

    public Deployment withDb(DynamoDbClient otherDb) {
        return new Deployment(environment, otherDb, tables, cursors, tokenKeys, tokenSettings, clock);
    }

    public Deployment withTables(TableNames otherTables) {
        return new Deployment(environment, db, otherTables, cursors, tokenKeys, tokenSettings, clock);
    }

    public Deployment withTokenKeys(TokenKeys otherKeys) {
        return new Deployment(environment, db, tables, cursors, otherKeys, tokenSettings, clock);
    }

    public Deployment withClock(Clock otherClock) {
        return new Deployment(environment, db, tables, cursors, tokenKeys, tokenSettings, otherClock);
    }
}
