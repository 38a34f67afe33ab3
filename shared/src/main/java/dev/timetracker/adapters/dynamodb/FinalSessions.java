package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.time.WorkSession;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;

/**
 * The final sessions of one work date across all employees, ordered by employee id: a Query on the
 * sessions-by-date index, read page by page as it is iterated, so that a date of any size never sits in
 * memory.
 */
public final class FinalSessions implements Iterable<WorkSession> {
    /** As many as DynamoDB returns in one call (it stops at 1 MB): fewer round trips for the same rows. */
    private static final int PAGE_SIZE = 1000;

    private final DynamoDbClient db;
    private final String table;
    private final LocalDate date;

    public FinalSessions(DynamoDbClient db, String table, LocalDate date) {
        this.db = db;
        this.table = table;
        this.date = date;
    }

    @Override
    public Iterator<WorkSession> iterator() {
        return db.queryPaginator(query -> query.tableName(table).indexName(TimeItems.SESSIONS_BY_DATE_INDEX)
                        .keyConditionExpression("session_date = :date")
                        .expressionAttributeValues(Map.of(":date", AttributeValue.fromS(date.toString())))
                        .limit(PAGE_SIZE))
                .items().stream().map(TimeItems::sessionFromItem).iterator();
    }
}
