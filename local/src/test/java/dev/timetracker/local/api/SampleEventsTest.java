package dev.timetracker.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import dev.timetracker.local.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Every sample event in events/ routes as its routeKey says and gets the answer it should. */
@ExtendWith(LocalAwsExtension.class)
class SampleEventsTest {

    /** In the order they run: the create comes before the lookups of that employee. */
    private static final Map<String, Integer> EXPECTED_STATUS = new LinkedHashMap<>();

    static {
        EXPECTED_STATUS.put("employees-create.json", 201);
        EXPECTED_STATUS.put("employees-list.json", 200);
        EXPECTED_STATUS.put("employees-by-email.json", 200);
        // The sample id names no stored employee.
        EXPECTED_STATUS.put("employees-get.json", 404);
        EXPECTED_STATUS.put("employees-update.json", 404);
        EXPECTED_STATUS.put("employees-deactivate.json", 404);
        EXPECTED_STATUS.put("business-hours-current.json", 200);
        EXPECTED_STATUS.put("business-hours-history.json", 200);
        EXPECTED_STATUS.put("business-hours-create.json", 201);
    }

    @Test
    void everySampleEventIsCoveredHere() throws IOException {
        Path events = SamTemplate.locate().getParent().resolve("events");
        try (Stream<Path> files = Files.list(events)) {
            List<String> names = files.map(file -> file.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .filter(n -> !n.startsWith("schedule-") && !n.startsWith("aggregation-"))
                    .sorted().toList();
            assertEquals(EXPECTED_STATUS.keySet().stream().sorted().toList(), names);
        }
    }

    @Test
    void eachEventReachesItsFunctionAndAnswersAsExpected(TestStack stack) {
        EXPECTED_STATUS.forEach((file, status) -> {
            JsonNode event = Fixtures.authorize(TestStack.event(file), stack);
            String method = event.at("/requestContext/http/method").asText();
            String path = event.get("rawPath").asText();
            String function = stack.functionFor(method, path);
            assertNotNull(function, file + " matches no route of template.yaml");
            assertEquals(event.get("routeKey").asText(), routeKeyOf(stack, function, method, path), file);
            JsonNode result = stack.invoke(function, event);
            assertEquals(status.intValue(), result.get("statusCode").asInt(), file + ": " + result);
        });
    }

    private static String routeKeyOf(TestStack stack, String function, String method, String path) {
        return stack.template().functions().stream().filter(f -> f.logicalId().equals(function))
                .flatMap(f -> f.routes().stream())
                .filter(route -> new dev.timetracker.local.stack.RouteTable(List.of(route)).match(method, path).isPresent())
                .map(route -> route.routeKey()).findFirst().orElseThrow();
    }
}
