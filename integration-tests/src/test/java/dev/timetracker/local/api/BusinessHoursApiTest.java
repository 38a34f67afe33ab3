package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Business hours on a table of their own, so "current" is not shared with other tests. */
@ExtendWith(LocalAwsExtension.class)
class BusinessHoursApiTest {
    private Api api;

    @BeforeEach
    void setUp(TestStack stack) {
        Deployment deployment = stack.deployment("EmployeesFunction");
        var tables = deployment.tables();
        var isolated = tables.withEmployees(stack.freshTable("EmployeesTable"));
        var handler = new EmployeesHandler(deployment.withTables(isolated));
        api = Fixtures.admin(stack).via(handler);
    }

    private static Map<String, Object> hours(String zone, String start, String end, String effectiveFrom) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", zone);
        body.put("work_days", List.of(1, 2, 3, 4, 5));
        body.put("start_time", start);
        body.put("end_time", end);
        body.put("late_grace_minutes", 5);
        body.put("early_leave_grace_minutes", 10);
        body.put("max_shift_hours", 10);
        body.put("daily_overtime_after_minutes", 480);
        if (effectiveFrom != null) {
            body.put("effective_from", effectiveFrom);
        }
        return body;
    }

    @Test
    void beforeAnyConfigurationTheDefaultApplies() {
        JsonNode current = api.get("/api/employees/business-hours/current/").json();
        assertEquals("default", current.get("id").asText());
        assertEquals("Etc/UTC", current.get("timezone").asText());
        assertEquals("09:00", current.get("start_time").asText());
        assertEquals(
                0, api.get("/api/employees/business-hours/").json().get("items").size());
    }

    @Test
    void createdConfigurationIsCurrentAndEchoesEveryField() {
        Response created = api.post("/api/employees/business-hours/", hours("Europe/Berlin", "08:30", "17:00", null));
        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        assertEquals("Europe/Berlin", body.get("timezone").asText());
        assertEquals("[1,2,3,4,5]", body.get("work_days").toString());
        assertEquals("08:30", body.get("start_time").asText());
        assertEquals(5, body.get("late_grace_minutes").asInt());
        assertEquals(10, body.get("early_leave_grace_minutes").asInt());
        Instant effective = Instant.parse(body.get("effective_from").asText());
        assertTrue(Duration.between(effective, Instant.now()).abs().getSeconds() < 10, "defaults to now");
        assertEquals(body, api.get("/api/employees/business-hours/current/").json());
        assertEquals(body, api.get("/api/employees/business-hours/current").json());
    }

    @Test
    void aFutureConfigurationWaitsAndHistoryIsNewestFirst() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JsonNode past = api.post(
                        "/api/employees/business-hours/",
                        hours(
                                "Europe/Berlin",
                                "09:00",
                                "17:00",
                                now.minus(Duration.ofDays(60))
                                        .atOffset(ZoneOffset.ofHours(1))
                                        .toString()))
                .json();
        JsonNode future = api.post(
                        "/api/employees/business-hours/",
                        hours(
                                "Europe/Madrid",
                                "07:00",
                                "15:00",
                                now.plus(Duration.ofDays(30))
                                        .atOffset(ZoneOffset.ofHours(2))
                                        .toString()))
                .json();
        JsonNode middle = api.post(
                        "/api/employees/business-hours/",
                        hours(
                                "Europe/Paris",
                                "10:00",
                                "18:00",
                                now.minus(Duration.ofDays(10)).toString()))
                .json();
        assertEquals(
                now.minus(Duration.ofDays(60)).toString(),
                past.get("effective_from").asText(),
                "kept as UTC");

        assertEquals(
                middle.get("id"),
                api.get("/api/employees/business-hours/current/").json().get("id"));

        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(
                            "/api/employees/business-hours/?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            page.get("items").forEach(item -> ids.add(item.get("id").asText()));
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asText();
        } while (cursor != null);
        assertEquals(
                List.of(
                        future.get("id").asText(),
                        middle.get("id").asText(),
                        past.get("id").asText()),
                ids);
    }

    @Test
    void invalidConfigurationsAre400WithEveryField() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", "Berlin");
        body.put("work_days", List.of(0, 8));
        body.put("start_time", "9am");
        body.put("end_time", "24:00");
        body.put("late_grace_minutes", -1);
        body.put("early_leave_grace_minutes", -1);
        body.put("max_shift_hours", 0);
        body.put("daily_overtime_after_minutes", -5);
        Response response = api.post("/api/employees/business-hours/", body);
        assertEquals(400, response.status());
        Set<String> fields = new java.util.HashSet<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        assertEquals(
                Set.of(
                        "timezone",
                        "work_days",
                        "start_time",
                        "end_time",
                        "late_grace_minutes",
                        "early_leave_grace_minutes",
                        "max_shift_hours",
                        "daily_overtime_after_minutes"),
                fields);

        Response endBeforeStart = api.post("/api/employees/business-hours/", hours("UTC", "17:00", "09:00", null));
        assertEquals(400, endBeforeStart.status());
        assertEquals(
                "end_time",
                endBeforeStart.json().get("errors").get(0).get("field").asText());

        Map<String, Object> repeated = hours("UTC", "09:00", "17:00", null);
        repeated.put("work_days", List.of(1, 1));
        assertEquals(400, api.post("/api/employees/business-hours/", repeated).status());

        Map<String, Object> unknown = hours("UTC", "09:00", "17:00", null);
        unknown.put("id", "mine");
        assertEquals(400, api.post("/api/employees/business-hours/", unknown).status());

        assertEquals(
                400,
                api.post("/api/employees/business-hours/", "{\"work_days\": \"weekdays\"}")
                        .status());
        assertTrue(api.get("/api/employees/business-hours/").json().get("items").isEmpty(), "nothing was stored");
    }
}
