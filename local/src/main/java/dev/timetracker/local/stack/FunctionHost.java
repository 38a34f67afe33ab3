package dev.timetracker.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.FunctionResource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the template's functions in this JVM as Lambda does: the handler class named in the template is
 * created once through its no-argument constructor (the "init"), and each invocation passes the event as
 * JSON bytes and reads the result back as JSON.
 */
public final class FunctionHost {
    private final Map<String, FunctionResource> functions = new LinkedHashMap<>();
    private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();

    public FunctionHost(List<FunctionResource> functions) {
        functions.forEach(function -> this.functions.put(function.logicalId(), function));
    }

    public FunctionResource function(String logicalId) {
        FunctionResource function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return function;
    }

    public JsonNode invoke(String logicalId, JsonNode event) {
        FunctionResource function = function(logicalId);
        RequestStreamHandler handler = handlers.computeIfAbsent(logicalId, id -> instantiate(function));
        return invoke(handler, function, event);
    }

    /** One invocation of a given handler instance, configured as the template's function. */
    public static JsonNode invoke(RequestStreamHandler handler, FunctionResource function, JsonNode event) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), output,
                    new LocalContext(function, UUID.randomUUID().toString()));
            return Json.mapper().readTree(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestStreamHandler instantiate(FunctionResource function) {
        try {
            return (RequestStreamHandler) Class.forName(function.handlerClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create handler " + function.handlerClass()
                    + " of " + function.logicalId() + "; is its module on the class path?", e);
        }
    }
}
