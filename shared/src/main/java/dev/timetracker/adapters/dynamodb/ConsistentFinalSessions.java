package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.required;

import dev.timetracker.domain.time.WorkSession;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The final sessions of one work date across all employees, ordered by employee id, read with strongly
 * consistent reads of the table: the clocks index names the employees (a page of 100, in employee-id order), one
 * BatchGetItem of their {@code SESSION#<date>} items per page reads the sessions. Unlike {@link FinalSessions}
 * (the sessions-by-date index, eventually consistent: "All reads from GSIs ... are eventually consistent",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html), it holds
 * every session written before it is read, including those the same invocation has just written. One page
 * is in memory at a time.
 *
 * <p>The employees come from an index too, but a clock item is written when the employee is created, long before
 * any of their sessions is final; a clock too new to be indexed has no session of a date being exported.
 */
public final class ConsistentFinalSessions implements Iterable<WorkSession> {
    /** BatchGetItem reads at most 100 keys. */
    private static final int PAGE_SIZE = 100;

    private final DynamoDbClient db;
    private final String table;
    private final LocalDate date;

    public ConsistentFinalSessions(DynamoDbClient db, String table, LocalDate date) {
        this.db = db;
        this.table = table;
        this.date = date;
    }

    @Override
    public Iterator<WorkSession> iterator() {
        return db
                .queryPaginator(query -> ClockItems.allClocks(query, table)
                        .select(Select.SPECIFIC_ATTRIBUTES)
                        .projectionExpression("employee_id")
                        .limit(PAGE_SIZE))
                .stream()
                .flatMap(this::sessionsOf)
                .iterator();
    }

    private Stream<WorkSession> sessionsOf(QueryResponse clocks) {
        if (clocks.items().isEmpty()) {
            return Stream.empty();
        }
        // Distinct: BatchGetItem refuses a key twice, and an index may name one employee in two items.
        List<String> employees = clocks.items().stream()
                .map(clock -> required(clock, "employee_id").s())
                .distinct()
                .toList();
        List<Map<String, AttributeValue>> keys =
                employees.stream().map(id -> TimeItems.sessionKey(id, date)).toList();
        Map<String, WorkSession> byEmployee = new HashMap<>();
        BatchReads.get(db, Map.of(table, keys)).getOrDefault(table, List.of()).forEach(item -> {
            WorkSession session = TimeItems.sessionFromItem(item);
            byEmployee.put(session.employeeId(), session);
        });
        // In the index's order (DynamoDB's byte order of employee ids), as the sessions-by-date index has them.
        return employees.stream().map(byEmployee::get).filter(Objects::nonNull);
    }
}
