package dev.timetracker.domain;

import org.jspecify.annotations.Nullable;

/**
 * A client's request for one page: how many items, the opaque cursor of the page before (or null), and the
 * listing the client is paging through ({@code scope}: the route and its filters, empty when not from a
 * client). A cursor is only valid in the scope it was handed out in.
 */
public record PageRequest(int limit, @Nullable String cursor, String scope) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor != null && cursor.length() > TextLimits.CURSOR) {
            throw new ValidationException("cursor", "is not a cursor of this listing; start again without it");
        }
        scope = scope == null ? "" : scope;
    }

    public PageRequest(int limit, @Nullable String cursor) {
        this(limit, cursor, "");
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, null);
    }

    /** A store's own name for its listing, bound to the client's scope: what a cursor is signed for. */
    public String listing(String storeListing) {
        return scope.isEmpty() ? storeListing : storeListing + "\n" + scope;
    }
}
