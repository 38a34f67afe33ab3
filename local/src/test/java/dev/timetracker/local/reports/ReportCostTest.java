package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.AwsClients;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What the employees report costs, counted by an SDK interceptor on a reports handler built with its own client:
 * the same DynamoDB calls for a page of 20 employees as for a page of 100 (issue 11: at most 4 per page), and the
 * figures of every row equal to the employee's sessions.
 */
@ExtendWith(LocalAwsExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportCostTest {
    private static final int EMPLOYEES = 100;
    private static final String RANGE = "from=2026-03-23&to=2026-03-29";

    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private TestStack stack;
    private Dataset data;
    private DynamoDbClient counting;
    private Api reports;

    @BeforeAll
    void seedAndAggregate(TestStack stack) {
        this.stack = stack;
        this.data = Dataset.fresh(stack).standardHours();
        for (int i = 0; i < EMPLOYEES; i++) {
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
        counting = AwsClients.dynamoDbBuilder(
                        stack.deployment("ReportsFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                                    }
                                })
                                .build())
                .build();
        ReportsHandler handler = new ReportsHandler(
                ReportsHandler.Config.of(data.deployment("ReportsFunction").withDb(counting))
                        .withS3(stack.s3())
                        .withLinks(stack.links("ReportsFunction")));
        reports = Callers.admin(stack).via(handler);
        // Every batch processed whole, as DynamoDB does below its limits (BatchRetriesTest covers the rest).
        if (!stack.aws().onMoto()) {
            stack.dynamoEmulator().batches().suspend();
        }
        reports.get("/api/reports/employees/?limit=1&" + RANGE); // warms the business hours
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

    private List<String> callsOf(String path, int rows) {
        calls.clear();
        Response response = reports.get(path);
        assertEquals(200, response.status(), response::toString);
        assertEquals(rows, response.json().get("items").size());
        return List.copyOf(calls);
    }
}
