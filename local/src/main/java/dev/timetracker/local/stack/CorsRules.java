package dev.timetracker.local.stack;

import dev.timetracker.local.template.HttpApiCors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What API Gateway does with CORS for an HTTP API that has a {@code CorsConfiguration}
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html):
 * <ul>
 *   <li>it answers a preflight itself, whether or not a route matches: "API Gateway automatically sends a
 *       response to preflight OPTIONS requests, even if there isn't an OPTIONS route configured";</li>
 *   <li>a preflight is an OPTIONS request with both {@code origin} and {@code access-control-request-method}
 *       ("For the OPTIONS method, your request must have both origin header and Access-Control-Request-Method
 *       header"); any other OPTIONS request is routed like any method;</li>
 *   <li>it "adds the configured CORS headers to the response from an integration" when the request has an
 *       {@code origin}, and "ignores CORS headers returned from your backend integration".</li>
 * </ul>
 * The page does not say what a refused origin gets. API Gateway still answers the preflight 204 but without any
 * {@code access-control-*} header (and adds none to responses), so the browser refuses the call; that is what is
 * done here. The requested method and headers are not checked: the browser compares them with the answer.
 */
public final class CorsRules {
    /** An API without CorsConfiguration: OPTIONS goes to the routes, function headers pass unchanged. */
    public static final CorsRules NONE = new CorsRules(null);

    private static final String PREFIX = "access-control-";

    private final HttpApiCors cors;

    public CorsRules(HttpApiCors cors) {
        this.cors = cors;
    }

    /** Preflights are the API's own business only when it has a CORS configuration. */
    boolean isPreflight(String method, String origin, String requestedMethod) {
        return cors != null && method.equals("OPTIONS") && origin != null && requestedMethod != null;
    }

    /** The headers of API Gateway's own 204 answer to a preflight; none for an origin not allowed. */
    Map<String, String> preflightHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (!allows(origin)) {
            return headers;
        }
        headers.put("access-control-allow-origin", allowOriginValue(origin));
        headers.put("access-control-allow-methods", String.join(",", cors.allowMethods()));
        headers.put("access-control-allow-headers", String.join(",", cors.allowHeaders()));
        if (cors.maxAgeSeconds() != null) {
            headers.put("access-control-max-age", Integer.toString(cors.maxAgeSeconds()));
        }
        if (cors.allowCredentials()) {
            headers.put("access-control-allow-credentials", "true");
        }
        return headers;
    }

    /**
     * A function's response headers as the client gets them: without the function's own CORS headers, and with
     * the configured ones when the request came from an allowed origin.
     */
    Map<String, String> integrationResponseHeaders(Map<String, String> functionHeaders, String origin) {
        if (cors == null) {
            return functionHeaders;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        functionHeaders.forEach((name, value) -> {
            if (!name.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
                headers.put(name, value);
            }
        });
        if (origin != null && allows(origin)) {
            headers.put("access-control-allow-origin", allowOriginValue(origin));
            if (!cors.exposeHeaders().isEmpty()) {
                headers.put("access-control-expose-headers", String.join(",", cors.exposeHeaders()));
            }
            if (cors.allowCredentials()) {
                headers.put("access-control-allow-credentials", "true");
            }
        }
        return headers;
    }

    private boolean allows(String origin) {
        List<String> allowed = cors.allowOrigins();
        return allowed.contains("*") || allowed.contains(origin);
    }

    private String allowOriginValue(String origin) {
        return cors.allowOrigins().contains("*") && !cors.allowCredentials() ? "*" : origin;
    }
}
