package dev.timetracker.local.stack;

import dev.timetracker.local.template.HttpRoute;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API Gateway's route selection over the template's HttpApi routes: the most specific route wins (literal
 * segments over {@code {param}} over {@code {proxy+}}), {@code ANY} matches every method, and
 * {@code $default} catches the rest. A trailing slash is ignored when matching.
 */
public final class RouteTable {
    public record Match(HttpRoute route, Map<String, String> pathParameters) {}

    private final List<HttpRoute> routes;

    public RouteTable(List<HttpRoute> routes) {
        this.routes = new ArrayList<>(routes);
        this.routes.sort(Comparator.comparingInt(RouteTable::specificity).reversed());
    }

    public Optional<Match> match(String method, String path) {
        List<String> segments = segments(path);
        for (HttpRoute route : routes) {
            if (route.path().equals("$default")) {
                continue;
            }
            if (!route.method().equals("ANY") && !route.method().equals(method)) {
                continue;
            }
            Map<String, String> parameters = match(segments(route.path()), segments, path.endsWith("/"));
            if (parameters != null) {
                return Optional.of(new Match(route, parameters));
            }
        }
        return routes.stream()
                .filter(route -> route.path().equals("$default"))
                .findFirst()
                .map(route -> new Match(route, Map.of()));
    }

    private static Map<String, String> match(List<String> template, List<String> path, boolean trailingSlash) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            if (expected.endsWith("+}")) {
                if (i >= path.size()) {
                    return null;
                }
                String rest = String.join("/", path.subList(i, path.size())) + (trailingSlash ? "/" : "");
                parameters.put(expected.substring(1, expected.length() - 2), rest);
                return parameters;
            }
            if (i >= path.size()) {
                return null;
            }
            if (expected.startsWith("{")) {
                parameters.put(expected.substring(1, expected.length() - 1), path.get(i));
            } else if (!expected.equals(path.get(i))) {
                return null;
            }
        }
        return template.size() == path.size() ? parameters : null;
    }

    private static int specificity(HttpRoute route) {
        if (route.path().equals("$default")) {
            return Integer.MIN_VALUE;
        }
        int score = 0;
        for (String segment : segments(route.path())) {
            score += segment.endsWith("+}") ? 0 : segment.startsWith("{") ? 10 : 100;
        }
        return score * 2 + (route.method().equals("ANY") ? 0 : 1);
    }

    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }
}
