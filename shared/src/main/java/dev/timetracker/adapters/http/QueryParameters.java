package dev.timetracker.adapters.http;

import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.ValidationException;

/** Typed reading of query parameters, with the 400 a client needs when one is malformed. */
public final class QueryParameters {
    private QueryParameters() {
    }

    public static PageRequest page(ApiRequest request) {
        int limit = request.queryParameter("limit").map(value -> parseInt("limit", value)).orElse(PageRequest.DEFAULT_LIMIT);
        String cursor = request.queryParameter("cursor").filter(value -> !value.isEmpty()).orElse(null);
        return new PageRequest(limit, cursor);
    }

    public static Boolean bool(ApiRequest request, String name) {
        return request.queryParameter(name).map(value -> switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new ValidationException(name, "must be true or false");
        }).orElse(null);
    }

    public static String requiredText(ApiRequest request, String name) {
        return request.queryParameter(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> new ValidationException(name, "is required"));
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name, "must be a whole number");
        }
    }
}
