package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The final sessions of one work date across all employees, ordered by employee id: a Query on the
 * sessions-by-date index, read page by page as it is iterated, so that a date of any size never sits in
 * memory. Pages are as large as DynamoDB makes them (1 MB): with a Limit, a date of exactly Limit sessions would
 * cost one more call for an empty page. Only the session's own attributes are returned.
 */
public final class FinalSessions implements Iterable<WorkSession> {
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
        return pages().stream().flatMap(List::stream).iterator();
    }

    /** The date's sessions a page (one Query call) at a time, each page read only when it is asked for. */
    public SdkIterable<List<WorkSession>> pages() {
        return () -> itemPages().stream()
                .map(page -> page.stream().map(TimeItems::sessionFromItem).toList())
                .iterator();
    }

    /** The same pages as stored items (the session's attributes only), for a reader that needs no sessions. */
    public SdkIterable<List<Map<String, AttributeValue>>> itemPages() {
        BatchReads.Projection projection = TimeItems.SESSION_ATTRIBUTES;
        return () -> db
                .queryPaginator(query -> query.tableName(table)
                        .indexName(TimeItems.SESSIONS_BY_DATE_INDEX)
                        .keyConditionExpression("#date = :date")
                        .projectionExpression(projection.expression())
                        .expressionAttributeNames(withDate(projection.names()))
                        .expressionAttributeValues(Map.of(":date", AttributeValue.fromS(date.toString()))))
                .stream()
                .map(QueryResponse::items)
                .iterator();
    }

    private static Map<String, String> withDate(Map<String, String> names) {
        Map<String, String> all = new HashMap<>(names);
        all.put("#date", TimeItems.SESSION_DATE);
        return all;
    }
}
