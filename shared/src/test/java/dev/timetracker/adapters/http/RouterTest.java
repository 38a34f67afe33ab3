package dev.timetracker.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private final Router router = new Router()
            .route(
                    "GET",
                    "/api/employees/{id}/",
                    Access.ANY_ROLE,
                    request -> ApiResponse.json(200, TextNode.valueOf("id=" + request.pathParameter("id"))))
            .route(
                    "GET",
                    "/api/employees/by_email/",
                    Access.PUBLIC,
                    request -> ApiResponse.json(200, TextNode.valueOf("by-email")))
            .route(
                    "PUT",
                    "/api/employees/{id}/",
                    Access.ANY_ROLE,
                    request -> ApiResponse.json(200, TextNode.valueOf("put")));

    private static ApiRequest request(String method, String path) {
        return new ApiRequest(method, path, Map.of(), Map.of(), null, "r1", null, Map.of(), null);
    }

    private ApiResponse dispatch(ApiRequest request) {
        Router.Outcome outcome = router.match(request);
        if (outcome instanceof Router.Miss miss) {
            return miss.problem();
        }
        Router.Match match = (Router.Match) outcome;
        return ((Router.Endpoint) match.target()).apply(match.request());
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertEquals(
                "\"by-email\"",
                dispatch(request("GET", "/api/employees/by_email/")).body());
        assertSame(Access.PUBLIC, ((Router.Match) router.match(request("GET", "/api/employees/by_email/"))).access());
        assertEquals("\"id=42\"", dispatch(request("GET", "/api/employees/42/")).body());
    }

    @Test
    void trailingSlashIsOptional() {
        assertEquals("\"id=42\"", dispatch(request("GET", "/api/employees/42")).body());
    }

    @Test
    void wrongMethodIs405WithAllow() {
        ApiResponse response = dispatch(request("DELETE", "/api/employees/42/"));
        assertEquals(405, response.status());
        assertEquals("GET, HEAD, PUT", response.headers().get("allow"));
        assertEquals("application/problem+json", response.headers().get("content-type"));
    }

    @Test
    void unknownPathIs404() {
        assertEquals(404, dispatch(request("GET", "/api/employees/42/history/")).status());
    }

    @Test
    void headRunsTheGetRouteOfItsPath() {
        assertEquals(
                "\"id=42\"",
                dispatch(request("HEAD", "/api/employees/42/")).body(),
                "the body HttpFunction then drops");
        assertEquals(
                "\"by-email\"",
                dispatch(request("HEAD", "/api/employees/by_email")).body());
        Router postOnly = new Router()
                .route(
                        "POST",
                        "/api/auth/login/",
                        Access.PUBLIC,
                        request -> ApiResponse.json(200, TextNode.valueOf("login")));
        ApiResponse head = ((Router.Miss) postOnly.match(request("HEAD", "/api/auth/login/"))).problem();
        assertEquals(405, head.status());
        assertEquals("POST", head.headers().get("allow"));
    }
}
