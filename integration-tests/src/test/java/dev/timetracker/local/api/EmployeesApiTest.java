package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.MutableClock;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalAwsExtension.class)
class EmployeesApiTest {
    private TestStack stack;
    private Api api;
    private String unique;

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        api = Fixtures.admin(stack);
        unique = UUID.randomUUID().toString().substring(0, 8);
    }

    private Map<String, Object> employee(String first, String last) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", first.toLowerCase() + "." + unique + "@example.com");
        body.put("first_name", first);
        body.put("last_name", last);
        body.put("department", "Dept-" + unique);
        return body;
    }

    private JsonNode create(Map<String, Object> body) {
        Response response = api.post("/api/employees/", body);
        assertEquals(201, response.status(), response::toString);
        return response.json();
    }

    @Test
    void createThenGetReturnsTheContractFields() {
        Map<String, Object> body = employee("Ana", "García");
        body.put("employee_code", "E-1");
        body.put("position", "Picker");
        body.put("timezone", "Europe/Madrid");
        JsonNode created = create(body);
        assertEquals("Ana", created.get("first_name").asText());
        assertEquals("Europe/Madrid", created.get("timezone").asText());
        assertTrue(created.get("is_active").asBoolean());
        assertEquals(created.get("created_at"), created.get("updated_at"));

        Response fetched = api.get("/api/employees/" + created.get("id").asText() + "/");
        assertEquals(200, fetched.status());
        assertEquals(created, fetched.json());
        // The same path without its trailing slash works too, with no redirect.
        assertEquals(
                created, api.get("/api/employees/" + created.get("id").asText()).json());
    }

    @Test
    void timezoneDefaultsToTheBusinessHoursZone() {
        String current = api.get("/api/employees/business-hours/current/")
                .json()
                .get("timezone")
                .asText();
        assertEquals(current, create(employee("Bo", "Lind")).get("timezone").asText());
    }

    @Test
    void duplicateEmailIsAConflictRegardlessOfCase() {
        Map<String, Object> body = employee("Cai", "Wong");
        create(body);
        Map<String, Object> again = employee("Other", "Person");
        again.put("email", body.get("email").toString().toUpperCase());
        Response response = api.post("/api/employees/", again);
        assertEquals(409, response.status());
        assertEquals(
                "https://timetracker.dev/problems/email-taken",
                response.json().get("type").asText());
    }

    @Test
    void concurrentCreatesOfOneEmailGiveOneCreatedAndTheRestConflicts() throws Exception {
        Map<String, Object> body = employee("Dee", "Race");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(() -> api.post("/api/employees/", body).status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : pool.invokeAll(calls)) {
                statuses.add(result.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses::toString);
            assertEquals(9, statuses.stream().filter(s -> s == 409).count(), statuses::toString);
        } finally {
            pool.shutdown();
        }
        stack.awaitIndexes(); // listings are index queries: a client sees new employees once the index caught up
        Response listed = api.get("/api/employees/?department=Dept-" + unique);
        assertEquals(1, listed.json().get("items").size());
    }

    @Test
    void listPagesAlphabeticallyWithACursorAndFilters() {
        for (String last : List.of("Evans", "Adams", "Diaz", "Baker", "Cole")) {
            create(employee("P" + last, last));
        }
        stack.awaitIndexes();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get("/api/employees/?department=Dept-" + unique + "&limit=2"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.json()
                    .get("items")
                    .forEach(item -> seen.add(item.get("last_name").asText()));
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(List.of("Adams", "Baker", "Cole", "Diaz", "Evans"), seen);
        assertEquals(3, pages);
    }

    @Test
    void activeFilterAndDeactivationKeepTheRecord() {
        JsonNode staying = create(employee("Fay", "Stay"));
        JsonNode leaving = create(employee("Gus", "Leave"));
        String id = leaving.get("id").asText();

        Response deleted = api.delete("/api/employees/" + id + "/");
        assertEquals(204, deleted.status());
        assertEquals(null, deleted.body());

        JsonNode after = api.get("/api/employees/" + id + "/").json();
        assertFalse(after.get("is_active").asBoolean());
        assertEquals(leaving.get("email"), after.get("email"));

        stack.awaitIndexes();
        List<String> active = ids(api.get("/api/employees/?department=Dept-" + unique + "&active=true"));
        List<String> inactive = ids(api.get("/api/employees/?department=Dept-" + unique + "&active=false"));
        assertEquals(List.of(staying.get("id").asText()), active);
        assertEquals(List.of(id), inactive);
        assertEquals(204, api.delete("/api/employees/" + id + "/").status(), "deactivating twice is harmless");
    }

    @Test
    void activeFilterOnTheWholeRosterSkipsNobody() {
        JsonNode inactive = create(employee("Hal", "Gone"));
        api.delete("/api/employees/" + inactive.get("id").asText() + "/");
        stack.awaitIndexes();
        Set<String> seen = new java.util.HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page =
                    api.get("/api/employees/?active=false&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertEquals(200, page.status(), page::toString);
            page.json().get("items").forEach(item -> {
                assertFalse(item.get("is_active").asBoolean());
                seen.add(item.get("id").asText());
            });
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
        } while (cursor != null && ++pages < 100);
        assertTrue(seen.contains(inactive.get("id").asText()));
    }

    @Test
    void updateChangesOnlyWhatIsSentAndMovesTheEmailClaim() {
        // updated_at has whole seconds: the function runs on a clock this test moves past the creation's second.
        MutableClock clock = new MutableClock(Instant.now());
        Api employees = api.via(
                new EmployeesHandler(stack.deployment("EmployeesFunction").withClock(clock)));
        Response creation = employees.post("/api/employees/", employee("Ida", "Move"));
        assertEquals(201, creation.status(), creation::toString);
        JsonNode created = creation.json();
        String id = created.get("id").asText();
        String oldEmail = created.get("email").asText();
        String newEmail = "ida.new." + unique + "@example.com";
        clock.advance(Duration.ofSeconds(1));

        Response updated = employees.put("/api/employees/" + id + "/", Map.of("email", newEmail, "position", "Lead"));
        assertEquals(200, updated.status(), updated::toString);
        assertEquals(newEmail, updated.json().get("email").asText());
        assertEquals("Lead", updated.json().get("position").asText());
        assertEquals("Ida", updated.json().get("first_name").asText());
        assertNotEquals(created.get("updated_at"), updated.json().get("updated_at"));

        assertEquals(
                id,
                api.get("/api/employees/by_email/?email=" + newEmail)
                        .json()
                        .get("id")
                        .asText());
        assertEquals(404, api.get("/api/employees/by_email/?email=" + oldEmail).status());
        Map<String, Object> reuse = employee("Other", "Person");
        reuse.put("email", oldEmail);
        assertEquals(201, api.post("/api/employees/", reuse).status(), "the old address is free again");
    }

    @Test
    void updateToAnotherEmployeesEmailIsAConflictAndChangesNothing() {
        JsonNode first = create(employee("Jo", "One"));
        JsonNode second = create(employee("Kim", "Two"));
        Response response = api.put(
                "/api/employees/" + second.get("id").asText() + "/",
                Map.of("email", first.get("email").asText(), "position", "X"));
        assertEquals(409, response.status());
        assertEquals(
                second,
                api.get("/api/employees/" + second.get("id").asText() + "/").json());
    }

    @Test
    void updateCanClearOptionalFieldsAndReactivate() {
        JsonNode created = create(employee("Lu", "Back"));
        String id = created.get("id").asText();
        api.delete("/api/employees/" + id + "/");
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("department", null);
        changes.put("is_active", true);
        JsonNode updated = api.put("/api/employees/" + id + "/", changes).json();
        assertTrue(updated.get("department").isNull());
        assertTrue(updated.get("is_active").asBoolean());
    }

    @Test
    void byEmailIsCaseInsensitiveAndNeedsTheParameter() {
        JsonNode created = create(employee("Mo", "Find"));
        String email = created.get("email").asText().toUpperCase();
        assertEquals(
                created.get("id"),
                api.get("/api/employees/by_email/?email=" + email).json().get("id"));
        assertEquals(400, api.get("/api/employees/by_email/").status());
        assertEquals(
                404,
                api.get("/api/employees/by_email/?email=nobody." + unique + "@example.com")
                        .status());
    }

    @Test
    void unknownIdsAre404() {
        assertEquals(404, api.get("/api/employees/" + UUID.randomUUID() + "/").status());
        assertEquals(
                404,
                api.put("/api/employees/" + UUID.randomUUID() + "/", Map.of("position", "x"))
                        .status());
        assertEquals(
                404, api.delete("/api/employees/" + UUID.randomUUID() + "/").status());
    }

    @Test
    void invalidInputIsA400ListingEveryField() {
        Response response = api.post(
                "/api/employees/",
                "{\"email\":\"not-an-email\",\"first_name\":\"\",\"timezone\":\"Mars/Olympus\",\"role\":\"admin\"}");
        assertEquals(400, response.status());
        assertEquals("application/problem+json", response.header("content-type"));
        Set<String> fields = new java.util.HashSet<>();
        response.json()
                .get("errors")
                .forEach(error -> fields.add(error.get("field").asText()));
        assertEquals(Set.of("role"), fields, "unknown fields are reported before the values are judged");

        Response values = api.post(
                "/api/employees/", "{\"email\":\"not-an-email\",\"first_name\":\"\",\"timezone\":\"Mars/Olympus\"}");
        Set<String> valueFields = new java.util.HashSet<>();
        values.json()
                .get("errors")
                .forEach(error -> valueFields.add(error.get("field").asText()));
        assertEquals(Set.of("email", "first_name", "last_name", "timezone"), valueFields);
    }

    @Test
    void wrongTypesAndMalformedJsonAre400() {
        assertEquals(
                400,
                api.post("/api/employees/", "{\"email\": 42, \"first_name\": [], \"last_name\": true}")
                        .status());
        assertEquals(400, api.post("/api/employees/", "{\"email\": \"a@b.co\",").status());
        assertEquals(400, api.post("/api/employees/", "[]").status());
        assertEquals(400, api.post("/api/employees/", "null").status());
        assertEquals(
                400,
                api.put("/api/employees/" + UUID.randomUUID() + "/", "{\"is_active\": \"yes\"}")
                        .status());
        assertEquals(400, api.send("POST", "/api/employees/", null).status(), "a create needs a body");
    }

    @Test
    void badListParametersAre400() {
        assertEquals(400, api.get("/api/employees/?limit=0").status());
        assertEquals(400, api.get("/api/employees/?limit=201").status());
        assertEquals(400, api.get("/api/employees/?limit=ten").status());
        assertEquals(400, api.get("/api/employees/?active=maybe").status());
        assertEquals(400, api.get("/api/employees/?cursor=not-a-cursor").status());
        assertEquals(200, api.get("/api/employees/?limit=200").status());
    }

    /**
     * Departments are stored stripped and blank as none, so a filter is read that way: an empty one does not filter
     * (DynamoDB refuses an empty key value in the department index's key condition: it was a 500).
     */
    @Test
    void aBlankDepartmentFilterDoesNotFilterAndSpacesAroundOneAreIgnored() {
        String id = create(employee("Rae", "Blank")).get("id").asText();
        stack.awaitIndexes();
        List<String> everyone = ids(api.get("/api/employees/?limit=200"));
        assertEquals(everyone, ids(api.get("/api/employees/?department=&limit=200")));
        assertEquals(everyone, ids(api.get("/api/employees/?department=%20%20&limit=200")));
        assertEquals(List.of(id), ids(api.get("/api/employees/?department=%20Dept-" + unique + "%20")));
    }

    @Test
    void aCursorOnlyWorksForItsOwnListing() {
        for (String last : List.of("Nash", "Oak", "Pike")) {
            create(employee("Q" + last, last));
        }
        stack.awaitIndexes();
        String cursor = api.get("/api/employees/?department=Dept-" + unique + "&limit=1")
                .json()
                .get("next_cursor")
                .asText();
        assertEquals(400, api.get("/api/employees/?limit=1&cursor=" + cursor).status(), "cursor of another filter");
        assertEquals(
                400, api.get("/api/employees/business-hours/?cursor=" + cursor).status(), "cursor of another listing");
        String tampered = cursor.substring(0, 5) + (cursor.charAt(5) == 'A' ? 'B' : 'A') + cursor.substring(6);
        assertEquals(
                400,
                api.get("/api/employees/?department=Dept-" + unique + "&limit=1&cursor=" + tampered)
                        .status());
    }

    @Test
    void transportErrorsAreProblems() {
        Response wrongMethod = api.send("PATCH", "/api/employees/", "{}");
        assertEquals(405, wrongMethod.status());
        assertEquals("GET, HEAD, POST", wrongMethod.header("allow"));

        Response unknown = api.get("/api/employees/" + UUID.randomUUID() + "/history/");
        assertEquals(404, unknown.status());
        assertEquals("application/problem+json", unknown.header("content-type"));

        Response tooLarge = api.post("/api/employees/", "{\"first_name\":\"" + "x".repeat(1024 * 1024) + "\"}");
        assertEquals(413, tooLarge.status());

        Response notJson = api.send("POST", "/api/employees/", "email=a@b.co", Map.of("content-type", "text/plain"));
        assertEquals(415, notJson.status());
    }

    private static List<String> ids(Response response) {
        assertEquals(200, response.status(), response::toString);
        List<String> ids = new ArrayList<>();
        response.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
