package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pay rules of the business-hours config (API contract, "Pay rules"), on an employees table of their own. */
@ExtendWith(LocalAwsExtension.class)
class PayRulesApiTest {
    private static final String HOURS = "/api/employees/business-hours/";
    private Api api;

    @BeforeEach
    void setUp(TestStack stack) {
        Deployment deployment = stack.deployment("EmployeesFunction");
        var handler = new EmployeesHandler(
                deployment.withTables(deployment.tables().withEmployees(stack.freshTable("EmployeesTable"))));
        api = Fixtures.admin(stack).via(handler);
    }

    private static Map<String, Object> hours() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timezone", "Europe/Berlin");
        body.put("work_days", List.of(1, 2, 3, 4, 5));
        body.put("start_time", "09:00");
        body.put("end_time", "17:00");
        return body;
    }

    private static Map<String, Object> germanRules() {
        Map<String, Object> body = hours();
        body.put("weekly_overtime_after_minutes", 2400);
        body.put(
                "break_rules",
                List.of(
                        Map.of("after_minutes", 360, "min_break_minutes", 30),
                        Map.of("after_minutes", 540, "min_break_minutes", 45)));
        body.put("auto_deduct_break", true);
        body.put("max_daily_minutes", 600);
        body.put("min_rest_minutes", 660);
        body.put("rounding", Map.of("increment_minutes", 15, "punch_in", "nearest", "punch_out", "down"));
        return body;
    }

    @Test
    void payRulesAreStoredAndEchoedInEveryView() {
        Response created = api.post(HOURS, germanRules());
        assertEquals(201, created.status(), created::toString);
        JsonNode body = created.json();
        assertEquals(2400, body.get("weekly_overtime_after_minutes").asInt());
        assertEquals(
                "[{\"after_minutes\":360,\"min_break_minutes\":30},{\"after_minutes\":540,\"min_break_minutes\":45}]",
                body.get("break_rules").toString());
        assertTrue(body.get("auto_deduct_break").asBoolean());
        assertEquals(600, body.get("max_daily_minutes").asInt());
        assertEquals(660, body.get("min_rest_minutes").asInt());
        assertEquals(
                "{\"increment_minutes\":15,\"punch_in\":\"nearest\",\"punch_out\":\"down\"}",
                body.get("rounding").toString());
        // Read back from DynamoDB, in "current" and in the history.
        assertEquals(body, api.get(HOURS + "current/").json());
        assertEquals(body, api.get(HOURS).json().get("items").get(0));
    }

    @Test
    void aConfigWithoutPayRulesHasNone() {
        Response created = api.post(HOURS, hours());
        assertEquals(201, created.status(), created::toString);
        JsonNode body = api.get(HOURS + "current/").json();
        assertTrue(body.get("weekly_overtime_after_minutes").isNull());
        assertEquals("[]", body.get("break_rules").toString());
        assertEquals(false, body.get("auto_deduct_break").asBoolean());
        assertTrue(body.get("max_daily_minutes").isNull());
        assertTrue(body.get("min_rest_minutes").isNull());
        assertTrue(body.get("rounding").isNull());

        Map<String, Object> explicitNulls = hours();
        explicitNulls.put("weekly_overtime_after_minutes", null);
        explicitNulls.put("rounding", null);
        explicitNulls.put("break_rules", null);
        Response nulls = api.post(HOURS, explicitNulls);
        assertEquals(201, nulls.status(), nulls::toString);
        assertTrue(nulls.json().get("rounding").isNull());
    }

    @Test
    void invalidPayRulesAre400WithEveryField() {
        Map<String, Object> body = hours();
        body.put("weekly_overtime_after_minutes", 0);
        body.put(
                "break_rules",
                List.of(
                        Map.of("after_minutes", 540, "min_break_minutes", 45),
                        Map.of("after_minutes", 360, "min_break_minutes", 30)));
        body.put("max_daily_minutes", -60);
        body.put("min_rest_minutes", 0);
        body.put("rounding", Map.of("increment_minutes", 7, "punch_in", "ceil", "punch_out", "down"));
        assertEquals(
                Set.of(
                        "weekly_overtime_after_minutes",
                        "break_rules[1].after_minutes",
                        "max_daily_minutes",
                        "min_rest_minutes",
                        "rounding.increment_minutes",
                        "rounding.punch_in"),
                errorFields(body));

        Map<String, Object> types = hours();
        types.put("break_rules", List.of(Map.of("after_minutes", "6h", "min_break_minutes", 30, "paid", true)));
        types.put("auto_deduct_break", "yes");
        types.put("rounding", Map.of("increment_minutes", 15, "punch_in", "up", "punch_out", "up", "grace", 3));
        assertEquals(
                Set.of("break_rules[0].after_minutes", "break_rules[0].paid", "auto_deduct_break", "rounding.grace"),
                errorFields(types));

        Map<String, Object> deductAlone = hours();
        deductAlone.put("auto_deduct_break", true);
        assertEquals(Set.of("auto_deduct_break"), errorFields(deductAlone));
        Map<String, Object> roundingText = hours();
        roundingText.put("rounding", "15");
        assertEquals(Set.of("rounding"), errorFields(roundingText));
        assertTrue(api.get(HOURS).json().get("items").isEmpty(), "nothing was stored");
    }

    private Set<String> errorFields(Map<String, Object> body) {
        Response response = api.post(HOURS, body);
        assertEquals(400, response.status(), response::toString);
        assertEquals("application/problem+json", response.header("content-type"));
        Set<String> fields = new HashSet<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        return fields;
    }
}
