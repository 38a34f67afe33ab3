package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The routes the handlers serve, the routes template.yaml sends them and the routes OpenAPI documents agree. */
@ExtendWith(LocalAwsExtension.class)
class RouteCoverageTest {

    @Test
    void handlersServeExactlyTheDocumentedOperationsAndTheTemplateRoutesThemThere(TestStack stack) throws Exception {
        List<String> served = new ArrayList<>();
        for (FunctionResource function : stack.template().functions()) {
            if (function.routes().isEmpty()) {
                continue;
            }
            HttpFunction handler = (HttpFunction) stack.handler(function.logicalId());
            for (String route : handler.router().describe()) {
                served.add(route);
                String[] parts = route.split(" ");
                String samplePath = parts[1].replaceAll("\\{[^}]+}", "sample-id");
                assertEquals(
                        function.logicalId(),
                        stack.functionFor(parts[0], samplePath),
                        route + " is served by " + function.logicalId() + " but template.yaml routes it elsewhere");
            }
        }
        assertEquals(
                OpenApiContract.get().documentedOperations().stream().sorted().toList(),
                served.stream().sorted().toList());
    }
}
