package dev.timetracker.adapters.dynamodb;

import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Fills one API page from a DynamoDB Query. DynamoDB applies Limit before a FilterExpression, so one call
 * may return fewer matches than asked for; we keep querying (a bounded number of times) and hand out a cursor
 * pointing just after the last item returned, so no item is skipped or repeated.
 */
public final class PagedQuery {
    /** Bounds the work of one request when a filter matches rarely; the client follows the cursor. */
    private static final int MAX_CALLS = 5;

    private PagedQuery() {}

    public static <T> Page<T> run(
            DynamoDbClient db,
            QueryRequest query,
            Set<String> keyNames,
            PageRequest page,
            CursorCodec cursors,
            String storeListing,
            Function<Map<String, AttributeValue>, T> mapper) {
        String listing = page.listing(storeListing);
        Map<String, AttributeValue> start = cursors.decode(listing, page.cursor(), keyNames);
        List<T> items = new ArrayList<>();
        for (int call = 0; call < MAX_CALLS; call++) {
            QueryResponse response = db.query(query.toBuilder()
                    .exclusiveStartKey(start)
                    .limit(page.limit())
                    .build());
            List<Map<String, AttributeValue>> found = response.items();
            for (int i = 0; i < found.size(); i++) {
                items.add(mapper.apply(found.get(i)));
                if (items.size() == page.limit()) {
                    boolean more = i < found.size() - 1
                            || (response.hasLastEvaluatedKey()
                                    && !response.lastEvaluatedKey().isEmpty());
                    return new Page<>(items, more ? cursors.encode(listing, keyOf(found.get(i), keyNames)) : null);
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return new Page<>(items, null);
            }
            start = response.lastEvaluatedKey();
        }
        return new Page<>(items, cursors.encode(listing, start));
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, Set<String> keyNames) {
        Map<String, AttributeValue> key = new HashMap<>();
        keyNames.forEach(name -> key.put(name, item.get(name)));
        return key;
    }
}
