package dev.timetracker.adapters.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.auth.PrimingCredentials;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.access.Role;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a function does before its SnapStart snapshot, as it declares it in
 * {@link HttpFunction#prime(Priming)}: requests through its real routes (API Gateway's event, the real token check
 * with a {@link PrimingCredentials} token, JSON binding, the endpoint and its DynamoDB calls on keys that match
 * nothing), and other warm-ups. Each step runs on its own: a failure is logged and the next step runs.
 */
public final class Priming {
    /** One step: the status its request got (0 for a warm-up, -1 when it failed) and the problem detail, if any. */
    public record Outcome(
            String step,
            int expectedStatus,
            int status,
            @Nullable String detail) {
        public boolean asExpected() {
            return status == expectedStatus;
        }
    }

    private final HttpFunction function;
    private final PrimingCredentials credentials;
    private final SessionStore sessions;
    private final List<Outcome> outcomes = new ArrayList<>();

    Priming(HttpFunction function, PrimingCredentials credentials, SessionStore sessions) {
        this.function = function;
        this.credentials = credentials;
        this.sessions = sessions;
    }

    /**
     * Sends {@code method pathAndQuery} with {@code body} (JSON, or null) as a caller of {@code role} who does not
     * exist ({@link PrimingCredentials#NO_SUCH_ID}), or with no token when {@code role} is null.
     */
    public void request(
            String method, String pathAndQuery, @Nullable String body, @Nullable Role role, int expectedStatus) {
        String step = method + " " + pathAndQuery;
        try {
            ApiResponse response =
                    function.handle(event(method, pathAndQuery, body, role == null ? null : credentials.bearer(role)));
            record(new Outcome(step, expectedStatus, response.status(), detail(response)));
        } catch (RuntimeException | LinkageError e) {
            record(new Outcome(step, expectedStatus, -1, e.toString()));
        }
    }

    /** A warm-up that is not a request (e.g. password hashing, which no priming request may reach). */
    public void warmUp(String step, Runnable work) {
        try {
            work.run();
            record(new Outcome(step, 0, 0, null));
        } catch (RuntimeException | LinkageError e) {
            record(new Outcome(step, 0, -1, e.toString()));
        }
    }

    /**
     * The token checks every transactional write of a caller carries, as a transaction its conditions refuse
     * ({@link SessionStore#primeRefusedTransaction}): for functions whose writes go through such a transaction,
     * which no priming request may reach (a request whose transaction is refused has read something first).
     */
    public void refusedTransaction() {
        warmUp("TransactWriteItems refused by its conditions", () -> {
            if (!sessions.primeRefusedTransaction()) {
                throw new IllegalStateException("A transaction of a caller that does not exist was not refused");
            }
        });
    }

    private static @Nullable String detail(ApiResponse response) {
        try {
            JsonNode problem = response.body() == null ? null : Json.parse(response.body());
            return problem == null ? null : problem.path("detail").asText(null);
        } catch (java.io.IOException | RuntimeException notJson) {
            return null;
        }
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    private void record(Outcome outcome) {
        outcomes.add(outcome);
        if (!outcome.asExpected()) {
            Log.warn(
                    "SnapStart priming step did not go as expected; its path may be missing from the snapshot",
                    "step",
                    outcome.step(),
                    "expected",
                    outcome.expectedStatus(),
                    "status",
                    outcome.status(),
                    "detail",
                    outcome.detail());
        }
    }

    /** The API Gateway HTTP API (payload 2.0) event of the request. */
    private static ObjectNode event(
            String method, String pathAndQuery, @Nullable String body, @Nullable String authorization) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        ObjectNode event = Json.object();
        event.put("version", "2.0");
        event.put("rawPath", path);
        ObjectNode headers = event.putObject("headers");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        if (question >= 0) {
            event.put("rawQueryString", pathAndQuery.substring(question + 1));
            ObjectNode query = event.putObject("queryStringParameters");
            for (String pair : pathAndQuery.substring(question + 1).split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] nameValue = pair.split("=", 2);
                query.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
            }
        }
        if (body != null) {
            headers.put("content-type", "application/json");
            event.put("body", body);
            event.put("isBase64Encoded", false);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("requestId", "snapstart-priming");
        context.putObject("http").put("method", method).put("path", path).put("sourceIp", "127.0.0.1");
        return event;
    }
}
