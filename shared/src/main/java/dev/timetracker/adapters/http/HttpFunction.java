package dev.timetracker.adapters.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.auth.Authenticator;
import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.DomainException;
import dev.timetracker.domain.ForbiddenException;
import dev.timetracker.domain.Identifiers;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The Lambda entry point shared by the HTTP functions. It reads the API Gateway HTTP API event with our own
 * ObjectMapper (a stream handler skips the runtime's reflective event mapping), applies the checks every
 * route shares, dispatches to the function's router, and turns every failure into a problem document:
 * no exception ever reaches API Gateway. It also registers the function's SnapStart priming, the one hook
 * for every function. How a handler is shaped on top of it: docs/handlers.md.
 */
public abstract class HttpFunction implements RequestStreamHandler {
    /** API Gateway accepts up to 10 MB; nothing in this API needs more than a fraction of one. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Duration DEPENDENCY_RETRY_AFTER = Duration.ofSeconds(1);
    /** Answers with a 4xx problem, by reason (dimension {@value #REASON_DIMENSION}: the problem type's slug). */
    public static final String REFUSALS_METRIC = "Refusals";
    /** Answers with a 5xx problem, by reason as above. */
    public static final String FAILURES_METRIC = "Failures";

    public static final String REASON_DIMENSION = "reason";

    private final Router router;
    private final Authenticator authenticator;
    private final SessionStore sessions;
    /** Held because CRaC holds its resources weakly; registered once here for every HTTP function. */
    @SuppressWarnings("UnusedVariable") // never read on purpose: the field only keeps the CRaC resource reachable
    private final SnapStartPriming snapStartHook;

    protected HttpFunction(Router router, Deployment deployment) {
        this.router = router;
        this.authenticator = deployment.authenticator();
        this.sessions = deployment.sessions();
        JvmFlags.logOnce();
        this.snapStartHook = SnapStartPriming.register(this::prime);
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (Log.Scope invocation = Log.invocation(context)) {
            JsonNode event = Json.parse(input);
            JsonNode result;
            if (event != null && event.has("requestContext")) {
                ApiResponse response = handle(event);
                recordRefusal(response);
                result = toLambdaResult(response);
            } else {
                result = handleDirectInvocation(event);
            }
            Json.write(output, result);
        }
    }

    /**
     * A problem answer as a metric by reason (its problem type's slug) and a log line. Only here, for invocations:
     * priming goes through {@link #handle} and its expected refusals are no client's.
     */
    private void recordRefusal(ApiResponse response) throws IOException {
        if (response.status() < 400 || response.body() == null) {
            return;
        }
        JsonNode problem = Json.parse(response.body());
        String reason = problem == null ? "" : problem.path("type").asText("").replace(Problems.TYPE_PREFIX, "");
        String metric = response.status() < 500 ? REFUSALS_METRIC : FAILURES_METRIC;
        Metrics.record(metricsName(), metric, Metrics.Unit.COUNT, 1, Instant.now(), Map.of(REASON_DIMENSION, reason));
        Log.info(
                response.status() < 500 ? "Request refused" : "Request failed",
                "status",
                response.status(),
                "reason",
                reason);
    }

    /** The function's stable name for metrics: PunchHandler is "punch". */
    protected String metricsName() {
        return getClass().getSimpleName().replaceFirst("Handler$", "").toLowerCase(Locale.ROOT);
    }

    /**
     * An invocation that did not come through API Gateway (an operator's {@code aws lambda invoke}). Functions
     * that offer such operations override this; API Gateway can never send an event without requestContext.
     */
    protected JsonNode handleDirectInvocation(@Nullable JsonNode event) {
        return Json.object().put("error", "This function only answers API Gateway HTTP API events");
    }

    /** Handles one API Gateway HTTP API event (payload format 2.0), given as its JSON tree. */
    public final ApiResponse handle(JsonNode event) {
        ApiRequest request;
        try {
            request = toRequest(event);
        } catch (RuntimeException e) {
            Log.error("Unreadable API Gateway event", e);
            return Problems.internalError("unknown");
        }
        ApiResponse response = respond(request);
        // HEAD gets the GET route's status and headers, never a body (RFC 9110 §9.3.2), its problems included.
        return request.method().equals("HEAD") ? response.withoutBody() : response;
    }

    private ApiResponse respond(ApiRequest request) {
        try {
            if (request.body() != null && request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
                return Problems.payloadTooLarge(MAX_BODY_BYTES);
            }
            if (request.body() != null
                    && !request.body().isEmpty()
                    && !isJson(request.header("content-type").orElse(""))) {
                return Problems.unsupportedMediaType(
                        request.header("content-type").orElse("no content type"));
            }
            return dispatch(router.match(request));
        } catch (DomainException failure) {
            return Problems.of(failure);
        } catch (SdkException e) {
            if (e.retryable() || isThrottling(e)) {
                Log.warn("AWS dependency unavailable", "api_request_id", request.requestId(), "error", e.getMessage());
                return Problems.of(new RetryLaterException(
                        RetryLaterException.Reason.DEPENDENCY_UNAVAILABLE,
                        "A service we depend on is unavailable; retry shortly",
                        DEPENDENCY_RETRY_AFTER));
            }
            Log.error("AWS call failed", e, "api_request_id", request.requestId());
            return Problems.internalError(request.requestId());
        } catch (RuntimeException e) {
            Log.error("Unhandled failure", e, "api_request_id", request.requestId());
            return Problems.internalError(request.requestId());
        }
    }

    private ApiResponse dispatch(Router.Outcome outcome) {
        if (outcome instanceof Router.Miss miss) {
            return miss.problem();
        }
        Router.Match match = (Router.Match) outcome;
        ApiRequest request = match.request();
        if (match.target() instanceof Router.SessionCheckingEndpoint checking) {
            // Signature and claims only: the endpoint's store call checks the session (Router.SessionCheckingEndpoint).
            UnconfirmedPrincipal caller = authenticator.verifyOnly(request.header("authorization"));
            requireRole(match.access(), caller.role());
            requireIds(request);
            return checking.apply(request, caller);
        }
        if (!match.access().isPublic()) {
            Principal principal = authenticator.authenticate(request.header("authorization"));
            requireRole(match.access(), principal.role());
            request = request.withPrincipal(principal);
        }
        requireIds(request);
        return ((Router.Endpoint) match.target()).apply(request);
    }

    private static void requireRole(Access access, Role role) {
        if (!access.allows(role)) {
            throw new ForbiddenException("Your role may not do this");
        }
    }

    /** Every path parameter is an id: a malformed one is a 400 here, before any endpoint can look it up. */
    private static void requireIds(ApiRequest request) {
        request.pathParameters().forEach(Identifiers::require);
    }

    /**
     * The beforeCheckpoint work (also run by tests and bench/): opens priming credentials, runs what the function
     * declares in {@link #prime(Priming)}, and closes them, after which no token signed for priming verifies. Never
     * throws.
     */
    public final List<Priming.Outcome> prime() {
        List<Priming.Outcome> outcomes = new ArrayList<>();
        SnapStartPriming.runSafely(() -> {
            try (PrimingCredentials credentials = authenticator.openPriming()) {
                Priming priming = new Priming(this, credentials, sessions);
                try {
                    prime(priming);
                } finally {
                    outcomes.addAll(priming.outcomes());
                }
            }
        });
        Log.info(
                "SnapStart priming done",
                "steps",
                outcomes.size(),
                "as_expected",
                outcomes.stream().filter(Priming.Outcome::asExpected).count());
        return outcomes;
    }

    /**
     * The function's priming: requests through its real routes that read keys matching nothing or make writes
     * their own conditions refuse, so nothing is written (see {@link Priming}).
     */
    protected abstract void prime(Priming priming);

    public final Router router() {
        return router;
    }

    /**
     * Failures worth a "retry shortly": throttling, a 5xx from the service, a write that met a running DynamoDB
     * transaction (TransactionConflictException, which the SDK does not retry), and client-side failures (network,
     * timeouts) once the SDK's own retries are spent. Any other 4xx from the service is our bug, not a dependency's.
     */
    private static boolean isThrottling(SdkException e) {
        if (e instanceof software.amazon.awssdk.services.dynamodb.model.TransactionConflictException) {
            return true;
        }
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        return e instanceof software.amazon.awssdk.core.exception.SdkClientException;
    }

    private static boolean isJson(String contentType) {
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    static ApiRequest toRequest(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String method = http.path("method").asText("GET").toUpperCase(Locale.ROOT);
        String path = event.hasNonNull("rawPath")
                ? event.get("rawPath").asText()
                : http.path("path").asText("/");
        String body = event.hasNonNull("body") ? event.get("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return new ApiRequest(
                method,
                path,
                lowerCaseKeys(stringMap(event.get("headers"))),
                stringMap(event.get("queryStringParameters")),
                body,
                event.path("requestContext").path("requestId").asText("unknown"),
                http.path("sourceIp").asText(null),
                Map.of(),
                null);
    }

    private static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields =
                            node.properties().iterator();
                    fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), field.getValue().asText());
            }
        }
        return map;
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> map) {
        Map<String, String> lower = new HashMap<>();
        map.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static ObjectNode toLambdaResult(ApiResponse response) {
        ObjectNode result = Json.object();
        result.put("statusCode", response.status());
        ObjectNode headers = result.putObject("headers");
        response.headers().forEach(headers::put);
        if (response.body() != null) {
            result.put("body", response.body());
        }
        result.put("isBase64Encoded", false);
        return result;
    }
}
