package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.DomainException;
import dev.timetracker.domain.FieldError;
import dev.timetracker.domain.RetryLaterException;
import dev.timetracker.domain.ValidationException;
import dev.timetracker.domain.correction.CorrectionRejectedException;
import java.util.Map;

/** RFC 9457 problem documents: the one place where domain failures become HTTP statuses. */
public final class Problems {
    public static final String TYPE_PREFIX = "https://timetracker.dev/problems/";

    private Problems() {}

    public static ApiResponse of(DomainException failure) {
        ObjectNode problem = document(failure.slug(), status(failure), failure.detail());
        if (failure instanceof ValidationException validation) {
            ArrayNode errors = problem.putArray("errors");
            for (FieldError error : validation.errors()) {
                errors.addObject().put("field", error.field()).put("message", error.message());
            }
        }
        if (failure instanceof CorrectionRejectedException rejected) {
            // The contract's 422 for a correction names the first broken change as a field, as a 400 names fields.
            problem.putArray("errors")
                    .addObject()
                    .put("field", rejected.field())
                    .put("message", rejected.detail());
        }
        if (failure instanceof ConflictException conflict) {
            conflict.extensions().forEach((name, value) -> problem.set(name, Json.valueOf(value)));
        }
        ApiResponse response = respond(problem);
        if (failure instanceof RetryLaterException retry) {
            long seconds = Math.max(1, (retry.retryAfter().toMillis() + 999) / 1000);
            response = response.withHeader("retry-after", Long.toString(seconds));
        }
        return response;
    }

    public static ApiResponse notFoundRoute(String method, String path) {
        return respond(document("not-found", 404, "No route for " + method + " " + path));
    }

    public static ApiResponse methodNotAllowed(String method, String allowed) {
        return respond(document("method-not-allowed", 405, "Method " + method + " is not allowed here; use " + allowed))
                .withHeader("allow", allowed);
    }

    public static ApiResponse payloadTooLarge(int limitBytes) {
        return respond(document("payload-too-large", 413, "The request body exceeds " + limitBytes + " bytes"));
    }

    public static ApiResponse unsupportedMediaType(String contentType) {
        return respond(
                document("unsupported-media-type", 415, "Send the body as application/json, not " + contentType));
    }

    /**
     * A failure of the HTTP exchange itself, answered before any function runs (a malformed request line, headers
     * too large, a body that took too long to arrive); {@code slug} names it, e.g. "request-timeout".
     */
    public static ApiResponse protocolError(int status, String slug, String detail) {
        return respond(document(slug, status, detail));
    }

    /** Deliberately says nothing about the cause: internals never leave the function. */
    public static ApiResponse internalError(String requestId) {
        ObjectNode problem = document("internal-error", 500, "The server failed to handle the request");
        problem.put("request_id", requestId);
        return respond(problem);
    }

    private static ObjectNode document(String slug, int status, String detail) {
        ObjectNode problem = Json.object();
        problem.put("type", TYPE_PREFIX + slug);
        problem.put("title", title(slug));
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static ApiResponse respond(ObjectNode problem) {
        return new ApiResponse(
                problem.get("status").intValue(),
                Map.of("content-type", ApiResponse.PROBLEM_JSON),
                Json.write(problem));
    }

    private static int status(DomainException failure) {
        return switch (failure.kind()) {
            case INVALID_INPUT -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case RULE_VIOLATION -> 422;
            case RETRY_LATER ->
                ((RetryLaterException) failure).reason() == RetryLaterException.Reason.THROTTLED ? 429 : 503;
        };
    }

    /** "email-taken" → "Email taken": a readable title derived from the stable slug. */
    private static String title(String slug) {
        String words = slug.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
