package dev.timetracker.adapters.http;

import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.ValidationException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Typed reading of query parameters, with the 400 a client needs when one is malformed. */
public final class QueryParameters {
    /** How a client pages: not part of what the listing is. */
    private static final java.util.Set<String> PAGING = java.util.Set.of("limit", "cursor");

    private QueryParameters() {}

    /**
     * The page asked for, scoped to this route and its filters: a cursor handed out by one listing (another
     * route, or the same route with other filters) is refused by every other.
     */
    public static PageRequest page(ApiRequest request) {
        int limit = request.queryParameter("limit")
                .map(value -> parseInt("limit", value))
                .orElse(PageRequest.DEFAULT_LIMIT);
        String cursor = request.queryParameter("cursor")
                .filter(value -> !value.isEmpty())
                .orElse(null);
        return new PageRequest(limit, cursor, scope(request));
    }

    /** The path without its optional trailing slash, and every filter, each length-prefixed so none can pose as two. */
    private static String scope(ApiRequest request) {
        StringBuilder scope = new StringBuilder(request.path().replaceAll("/+$", ""));
        Map<String, String> filters = new TreeMap<>(request.query());
        PAGING.forEach(filters::remove);
        filters.forEach((name, value) -> scope.append('|')
                .append(name.length())
                .append(':')
                .append(name)
                .append(value.length())
                .append(':')
                .append(value));
        return scope.toString();
    }

    public static @Nullable Boolean bool(ApiRequest request, String name) {
        return request.queryParameter(name)
                .map(value -> switch (value) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw new ValidationException(name, "must be true or false");
                })
                .orElse(null);
    }

    public static String requiredText(ApiRequest request, String name, int maxLength) {
        String value = request.queryParameter(name)
                .filter(text -> !text.isBlank())
                .orElseThrow(() -> new ValidationException(name, "is required"));
        return TextLimits.requireLine(name, value, maxLength);
    }

    /** An optional line of text (a filter); blank is absent. */
    public static Optional<String> text(ApiRequest request, String name, int maxLength) {
        return request.queryParameter(name)
                .filter(value -> !value.isBlank())
                .map(value -> TextLimits.requireLine(name, value, maxLength));
    }

    /** An optional id; blank is absent, anything else must be an id ({@link Identifiers}). */
    public static Optional<String> id(ApiRequest request, String name) {
        return request.queryParameter(name)
                .filter(value -> !value.isBlank())
                .map(value -> Identifiers.require(name, value));
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "must be a whole number");
        }
    }
}
