package dev.timetracker.adapters.http;

import dev.timetracker.domain.access.Principal;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a handler needs of an API Gateway HTTP API (payload 2.0) event. Header names are lower case, as
 * API Gateway delivers them; a repeated query parameter arrives comma-joined, as API Gateway joins it.
 * {@code sourceIp} is the client's address as API Gateway saw it ({@code requestContext.http.sourceIp}).
 * {@code principal} is the caller, its session confirmed (null on public routes, and on routes whose endpoint
 * checks the session itself: those get an {@link dev.timetracker.domain.access.UnconfirmedPrincipal} instead).
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        @Nullable String body,
        String requestId,
        @Nullable String sourceIp,
        Map<String, String> pathParameters,
        @Nullable Principal principal) {

    /**
     * The caller, its session confirmed.
     *
     * @throws IllegalStateException on a public route, or one whose endpoint checks the session itself
     *                               ({@link Router.SessionCheckingEndpoint}): there is no confirmed caller there
     */
    @Override
    public Principal principal() {
        if (principal == null) {
            throw new IllegalStateException("No confirmed caller on this route (public, or its endpoint checks the"
                    + " session itself with the UnconfirmedPrincipal it was given)");
        }
        return principal;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    public @Nullable String pathParameter(String name) {
        return pathParameters.get(name);
    }

    ApiRequest withPathParameters(Map<String, String> parameters) {
        return new ApiRequest(
                method, path, headers, query, body, requestId, sourceIp, Map.copyOf(parameters), principal);
    }

    ApiRequest withPrincipal(Principal caller) {
        return new ApiRequest(method, path, headers, query, body, requestId, sourceIp, pathParameters, caller);
    }
}
