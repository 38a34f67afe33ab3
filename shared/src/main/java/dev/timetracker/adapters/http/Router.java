package dev.timetracker.adapters.http;

import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Matches a request to one of a function's routes. API Gateway sends every path under the function's
 * prefix here (template.yaml routes {@code {proxy+}}), so this is where 404 and 405 are answered, and where
 * a path works with and without its trailing slash.
 */
public final class Router {
    /** What a route runs: an {@link Endpoint}, or a {@link SessionCheckingEndpoint}. */
    public sealed interface Target permits Endpoint, SessionCheckingEndpoint {}

    /**
     * A route's behaviour: turn a request into a response (or throw a domain failure). Unless the route is public,
     * the caller's session is confirmed before it runs, and the request carries the caller as a
     * {@link dev.timetracker.domain.access.Principal}.
     */
    @FunctionalInterface
    public non-sealed interface Endpoint extends Target, Function<ApiRequest, ApiResponse> {}

    /**
     * The behaviour of a route that checks the caller's session itself, inside its own single DynamoDB call (the
     * punch and status routes, which must cost one round trip): the token's signature and claims are checked
     * before it runs, its revocation and the owner's activity are not. So it gets the caller as an
     * {@link UnconfirmedPrincipal}, which only a store that checks the session accepts, and its request carries no
     * principal at all.
     */
    @FunctionalInterface
    public non-sealed interface SessionCheckingEndpoint extends Target {
        ApiResponse apply(ApiRequest request, UnconfirmedPrincipal caller);
    }

    /** What routing a request gives: a route to run, or the 404/405 problem to answer instead. */
    public sealed interface Outcome permits Match, Miss {}

    /** A route that matched, with the request's path parameters filled in. */
    public record Match(Access access, Target target, ApiRequest request) implements Outcome {}

    public record Miss(ApiResponse problem) implements Outcome {}

    private record Route(String method, String template, List<String> segments, Access access, Target target) {
        int literalSegments() {
            return (int) segments.stream().filter(s -> !isParameter(s)).count();
        }
    }

    private final List<Route> routes = new ArrayList<>();

    public Router route(String method, String template, Access access, Endpoint endpoint) {
        return add(method, template, access, endpoint);
    }

    /** A route whose endpoint checks the caller's session itself (see {@link SessionCheckingEndpoint}). */
    public Router routeCheckingSession(
            String method, String template, Access access, SessionCheckingEndpoint endpoint) {
        if (access.isPublic()) {
            throw new IllegalArgumentException("A public route has no caller whose session to check: " + template);
        }
        return add(method, template, access, endpoint);
    }

    private Router add(String method, String template, Access access, Target target) {
        routes.add(new Route(method, template, segments(template), access, target));
        // Literal segments win over parameters: /business-hours/ is not an employee id.
        routes.sort(Comparator.comparingInt(Route::literalSegments).reversed());
        return this;
    }

    /** Every route as "METHOD /template/", for tests that check the table against template.yaml and OpenAPI. */
    public List<String> describe() {
        return routes.stream()
                .map(r -> r.method() + " " + r.template())
                .sorted()
                .toList();
    }

    /**
     * A HEAD request runs the GET route of its path (RFC 9110 §9.3.2: the same answer without the body, which
     * {@link HttpFunction} drops), so every GET route also answers HEAD and lists it in {@code Allow}.
     */
    public Outcome match(ApiRequest request) {
        List<String> path = segments(request.path());
        String method = request.method().equals("HEAD") ? "GET" : request.method();
        Set<String> allowed = new TreeSet<>();
        for (Route route : routes) {
            Map<String, String> parameters = match(route.segments(), path);
            if (parameters == null) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match(route.access(), route.target(), request.withPathParameters(parameters));
            }
            allowed.add(route.method());
            if (route.method().equals("GET")) {
                allowed.add("HEAD");
            }
        }
        if (!allowed.isEmpty()) {
            return new Miss(Problems.methodNotAllowed(request.method(), String.join(", ", allowed)));
        }
        return new Miss(Problems.notFoundRoute(request.method(), request.path()));
    }

    private static @Nullable Map<String, String> match(List<String> template, List<String> path) {
        if (template.size() != path.size()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (isParameter(expected)) {
                parameters.put(expected.substring(1, expected.length() - 1), path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return parameters;
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
