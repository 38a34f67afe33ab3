package dev.timetracker.local.api;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.testing.Response;
import dev.timetracker.local.testing.TestStack;
import java.util.Map;

/** Requests through the template's routes, each response checked against docs/openapi.yaml. */
public final class Api {
    private final TestStack stack;
    private final RequestStreamHandler handler;
    private final Map<String, String> headers;
    private final String sourceIp;

    public Api(TestStack stack) {
        this(stack, null, Map.of(), TestStack.DEFAULT_SOURCE_IP);
    }

    private Api(TestStack stack, RequestStreamHandler handler, Map<String, String> headers, String sourceIp) {
        this.stack = stack;
        this.handler = handler;
        this.headers = headers;
        this.sourceIp = sourceIp;
    }

    public Api withHeaders(Map<String, String> extra) {
        var all = new java.util.HashMap<>(headers);
        all.putAll(extra);
        return new Api(stack, handler, Map.copyOf(all), sourceIp);
    }

    /** Sends from this client address (API Gateway's requestContext.http.sourceIp). */
    public Api from(String otherSourceIp) {
        return new Api(stack, handler, headers, otherSourceIp);
    }

    /** Sends to this handler instance instead of the one the template's function creates. */
    public Api via(RequestStreamHandler instance) {
        return new Api(stack, instance, headers, sourceIp);
    }

    public Response send(String method, String pathAndQuery, String body) {
        return send(method, pathAndQuery, body, Map.of());
    }

    public Response send(String method, String pathAndQuery, String body, Map<String, String> extraHeaders) {
        var all = new java.util.HashMap<>(headers);
        all.putAll(extraHeaders);
        Response response = stack.request(handler, method, pathAndQuery, body, all, sourceIp);
        OpenApiContract.get().check(method, pathAndQuery, response);
        return response;
    }

    public Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    public Response post(String path, Object body) {
        return send(
                "POST",
                path,
                body instanceof String text ? text : Json.write(Json.mapper().valueToTree(body)));
    }

    public Response put(String path, Object body) {
        return send(
                "PUT",
                path,
                body instanceof String text ? text : Json.write(Json.mapper().valueToTree(body)));
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public static JsonNode json(Response response) {
        return response.json();
    }
}
