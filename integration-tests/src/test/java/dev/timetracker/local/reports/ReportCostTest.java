package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * What the reports cost, counted by an SDK interceptor on reports handlers built with their own client: the employees
 * report makes the same DynamoDB calls for a page of 20 employees as for a page of 100 (issue 11: at most 4 per page),
 * and the figures of every row equal the employee's sessions; the overview and the daily report make the same calls
 * for 10 employees as for 100, at most 10 and at most 100 read units, and never read the clocks (the live totals,
 * docs/storage.md).
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCostTest {
    private static final int EMPLOYEES = 100;
    private static final int FEW_EMPLOYEES = 10;
    /** A week with a nightly aggregate per date, and the week before, which has none (read from the live totals). */
    private static final String TWO_WEEKS = "from=2026-03-16&to=2026-03-29";

    private static final String RANGE = "from=2026-03-23&to=2026-03-29";

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** The index each Query read (none: the table). */
    private final List<String> queriedIndexes = Collections.synchronizedList(new ArrayList<>());

    private final DoubleAdder readUnits = new DoubleAdder();
    private TestStack stack;
    private Dataset data;
    private DynamoDbClient counting;
    private Api reports;
    private Api fewReports;

    @BeforeAll
    void seedAndAggregate(TestStack stack) {
        this.stack = stack;
        this.data = seeded(stack, EMPLOYEES);
        Dataset few = seeded(stack, FEW_EMPLOYEES);
        counting = AwsClients.dynamoDbBuilder(
                        stack.deployment("ReportsFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new Counter())
                                .build())
                .build();
        reports = Callers.admin(stack).via(handlerOn(data));
        fewReports = Callers.admin(stack).via(handlerOn(few));
        // Every batch processed whole, as DynamoDB does below its limits (BatchRetriesTest covers the rest).
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().suspend();
        }
        reports.get("/api/reports/employees/?limit=1&" + RANGE); // warms the business hours
        fewReports.get("/api/reports/employees/?limit=1&" + RANGE);
    }

    private ReportsHandler handlerOn(Dataset dataset) {
        return new ReportsHandler(
                ReportsHandler.Config.of(dataset.deployment("ReportsFunction").withDb(counting))
                        .withS3(stack.s3())
                        .withLinks(stack.links("ReportsFunction")));
    }

    /** Counts each call, asks DynamoDB for the read units it consumed, and adds them up. */
    private final class Counter implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            if (context.request() instanceof QueryRequest query) {
                queriedIndexes.add(String.valueOf(query.indexName()));
            }
        }

        @Override
        public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
            if (context.request() instanceof BatchGetItemRequest batch) {
                return batch.toBuilder()
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build();
            }
            if (context.request() instanceof QueryRequest query) {
                return query.toBuilder()
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build();
            }
            if (context.request() instanceof GetItemRequest get) {
                return get.toBuilder()
                        .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                        .build();
            }
            return context.request();
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            if (context.response() instanceof BatchGetItemResponse batch && batch.hasConsumedCapacity()) {
                batch.consumedCapacity().forEach(used -> readUnits.add(used.capacityUnits()));
            } else if (context.response() instanceof QueryResponse query && query.consumedCapacity() != null) {
                readUnits.add(query.consumedCapacity().capacityUnits());
            } else if (context.response() instanceof GetItemResponse get && get.consumedCapacity() != null) {
                readUnits.add(get.consumedCapacity().capacityUnits());
            }
        }
    }

    private static Dataset seeded(TestStack stack, int employees) {
        Dataset data = Dataset.fresh(stack).standardHours();
        for (int i = 0; i < employees; i++) {
            String id = String.format("emp-cost-%03d", i);
            data.employee(id, "Cost", String.format("Worker%03d", i), "C-" + i, "Ops", "Europe/Berlin", true);
            // Monday 08:00–16:00 Berlin, Tuesday a later start by i minutes (some late, some not).
            data.journal(
                    id,
                    List.of(
                            in("2026-03-23T07:00:00Z"),
                            out("2026-03-23T15:00:00Z"),
                            in(String.format("2026-03-24T07:%02d:00Z", i % 60)),
                            out("2026-03-24T15:30:00Z")));
        }
        stack.awaitIndexes();
        data.aggregation(Clock.fixed(Week.AFTER_WEEK, ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Week.AFTER_WEEK), () -> Long.MAX_VALUE);
        stack.awaitIndexes();
        return data;
    }

    @AfterAll
    void tearDown() {
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().resume();
        }
        counting.close();
    }

    @Test
    void theEmployeesReportCostsTheSameCallsForAPageOf20AsForAPageOf100() {
        List<String> small = callsOf("/api/reports/employees/?limit=20&" + RANGE, 20);
        List<String> large = callsOf("/api/reports/employees/?limit=100&" + RANGE, 100);

        assertEquals(small, large, "the calls do not grow with the page");
        assertTrue(large.size() <= 4, "at most 4 DynamoDB calls per page: " + large);
        assertEquals(
                List.of("BatchGetItem", "Query", "BatchGetItem"),
                large,
                "the caller's token check, the page of employees, their year items");
    }

    @Test
    void everyRowIsTheSumOfTheEmployeesSessions() {
        JsonNode items =
                reports.get("/api/reports/employees/?limit=100&" + RANGE).json().get("items");
        assertEquals(EMPLOYEES, items.size());
        Api status = Callers.admin(stack).via(data.status());
        for (JsonNode row : items) {
            Response sessions = status.get("/api/timetracking/sessions/?employee_id="
                    + row.get("employee_id").asText() + "&" + RANGE);
            long worked = 0;
            long late = 0;
            long lateDays = 0;
            long days = 0;
            for (JsonNode session : sessions.json().get("items")) {
                worked += session.get("worked_seconds").asLong();
                late += session.get("late_seconds").asLong();
                lateDays += session.get("late_seconds").asLong() > 0 ? 1 : 0;
                days += session.get("worked_seconds").asLong() > 0 ? 1 : 0;
            }
            assertEquals(2, days, row::toString);
            assertEquals(worked, row.get("worked_seconds").asLong(), row::toString);
            assertEquals(late, row.get("late_seconds").asLong(), row::toString);
            assertEquals(lateDays, row.get("late_days").asLong(), row::toString);
        }
    }

    @Test
    void theOverviewAndTheDailyReportCostTheSameForFewAndManyEmployeesAndReadNoClock() {
        for (String path : List.of(
                "/api/reports/overview/?date=2026-03-24",
                "/api/reports/daily/?" + RANGE,
                "/api/reports/daily/?" + TWO_WEEKS)) {
            Cost few = costOf(fewReports, path);
            Cost many = costOf(reports, path);

            assertEquals(few.calls(), many.calls(), path + ": the calls do not grow with the employees");
            assertTrue(many.calls().size() <= 10, path + ": at most 10 calls: " + many);
            // DynamoDB counts an eventually consistent read of an item up to 4 KB as half a unit, also inside a
            // BatchGetItem
            // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html);
            // moto 5.2 reports one unit per key of a BatchGetItem whatever its consistency, so only the emulator's
            // figure is AWS's. The calls above are checked on both.
            if (!stack.aws().onMoto()) {
                assertTrue(many.readUnits() <= 100, path + ": at most 100 read units: " + many);
            }
            assertFalse(many.indexes().contains(ClockItems.CLOCKS_INDEX), path + ": no clock is read: " + many);
        }
    }

    @Test
    void theOverviewAndTheDailyFiguresAreTheSessionsOfTheDates() {
        JsonNode overview =
                reports.get("/api/reports/overview/?date=2026-03-24").json();
        // Monday and Tuesday: 8 h each for everyone, less Tuesday's late starts (i % 60 minutes), +30 min at the end.
        long tuesday = 0;
        for (int i = 0; i < EMPLOYEES; i++) {
            tuesday += 8 * 3600 + 1800 - (i % 60) * 60L;
        }
        long lateTuesday = 0;
        for (JsonNode row : reports.get("/api/reports/employees/?limit=100&from=2026-03-24&to=2026-03-24")
                .json()
                .get("items")) {
            lateTuesday += row.get("late_days").asLong();
        }
        assertEquals(tuesday, overview.get("worked_seconds_today").asLong(), overview::toString);
        assertEquals(
                EMPLOYEES * 8L * 3600 + tuesday,
                overview.get("worked_seconds_week").asLong(),
                overview::toString);
        assertEquals(lateTuesday, overview.get("late_today").asLong(), overview::toString);
        JsonNode daily = reports.get("/api/reports/daily/?" + TWO_WEEKS).json().get("items");
        assertEquals(EMPLOYEES, daily.get(7).get("employees_present").asLong(), daily::toString);
        assertEquals(tuesday, daily.get(8).get("worked_seconds").asLong(), daily::toString);
        assertEquals(0, daily.get(0).get("employees_present").asLong(), daily::toString);
    }

    /** The calls of one request, the indexes its Queries read and the read units it consumed. */
    private record Cost(List<String> calls, List<String> indexes, double readUnits) {}

    private Cost costOf(Api api, String path) {
        calls.clear();
        queriedIndexes.clear();
        readUnits.reset();
        Response response = api.get(path);
        assertEquals(200, response.status(), response::toString);
        return new Cost(List.copyOf(calls), List.copyOf(queriedIndexes), readUnits.sum());
    }

    private List<String> callsOf(String path, int rows) {
        calls.clear();
        Response response = reports.get(path);
        assertEquals(200, response.status(), response::toString);
        assertEquals(rows, response.json().get("items").size());
        return List.copyOf(calls);
    }
}
