package dev.timetracker.local.template;

import java.util.List;

/**
 * The {@code CorsConfiguration} of the template's {@code AWS::Serverless::HttpApi}, with the allowed origins
 * resolved for this machine (see {@link SamTemplate#httpApiCors()}). {@code maxAgeSeconds} is null when unset.
 */
public record HttpApiCors(
        List<String> allowOrigins,
        List<String> allowHeaders,
        List<String> allowMethods,
        List<String> exposeHeaders,
        Integer maxAgeSeconds,
        boolean allowCredentials) {

    public HttpApiCors {
        allowOrigins = List.copyOf(allowOrigins);
        allowHeaders = List.copyOf(allowHeaders);
        allowMethods = List.copyOf(allowMethods);
        exposeHeaders = List.copyOf(exposeHeaders);
    }

    /** The same rules for other origins, e.g. the local stack's {@code --cors-origins}. */
    public HttpApiCors withOrigins(List<String> origins) {
        return new HttpApiCors(origins, allowHeaders, allowMethods, exposeHeaders, maxAgeSeconds, allowCredentials);
    }
}
