package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouterTest {
    private final Router router = new Router()
            .route("GET", "/api/employees/{id}/", request -> ApiResponse.json(200, TextNode.valueOf("id=" + request.pathParameter("id"))))
            .route("GET", "/api/employees/by_email/", request -> ApiResponse.json(200, TextNode.valueOf("by-email")))
            .route("PUT", "/api/employees/{id}/", request -> ApiResponse.json(200, TextNode.valueOf("put")));

    private static ApiRequest request(String method, String path) {
        return new ApiRequest(method, path, Map.of(), Map.of(), null, "r1", Map.of());
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertEquals("\"by-email\"", router.dispatch(request("GET", "/api/employees/by_email/")).body());
        assertEquals("\"id=42\"", router.dispatch(request("GET", "/api/employees/42/")).body());
    }

    @Test
    void trailingSlashIsOptional() {
        assertEquals("\"id=42\"", router.dispatch(request("GET", "/api/employees/42")).body());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        ApiResponse response = router.dispatch(request("DELETE", "/api/employees/42/"));
        assertEquals(405, response.status());
        assertEquals("GET, PUT", response.headers().get("allow"));
        assertEquals("application/problem+json", response.headers().get("content-type"));
    }

    @Test
    void unknownPathIs404() {
        assertEquals(404, router.dispatch(request("GET", "/api/employees/42/history/")).status());
    }
}
