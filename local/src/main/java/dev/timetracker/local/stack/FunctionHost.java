package dev.timetracker.local.stack;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.FunctionResource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Runs the template's functions in this JVM as Lambda does: the handler class named in the template is
 * created once with its own environment (the "init"), and each invocation passes the event as
 * JSON bytes and reads the result back as JSON.
 */
public final class FunctionHost {
    private final Map<String, FunctionResource> functions = new LinkedHashMap<>();
    private final Map<String, RequestStreamHandler> handlers = new ConcurrentHashMap<>();
    private final Function<String, Environment> environments;

    /** @param environments each function's own environment, by logical id (see LocalAws#environmentOf) */
    public FunctionHost(List<FunctionResource> functions, Function<String, Environment> environments) {
        functions.forEach(function -> this.functions.put(function.logicalId(), function));
        this.environments = environments;
    }

    public FunctionResource function(String logicalId) {
        FunctionResource function = functions.get(logicalId);
        if (function == null) {
            throw new IllegalArgumentException("template.yaml has no function " + logicalId);
        }
        return function;
    }

    public JsonNode invoke(String logicalId, JsonNode event) {
        return invoke(handler(logicalId), function(logicalId), event);
    }

    /** The function's handler instance, created on first use as Lambda's init would. */
    public RequestStreamHandler handler(String logicalId) {
        FunctionResource function = function(logicalId);
        return handlers.computeIfAbsent(logicalId, id -> instantiate(function, environments.apply(id)));
    }

    /** One invocation of a given handler instance, configured as the template's function. */
    public static JsonNode invoke(RequestStreamHandler handler, FunctionResource function, JsonNode event) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(
                    new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)),
                    output,
                    new LocalContext(function, UUID.randomUUID().toString()));
            return Json.mapper().readTree(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lambda calls the no-argument constructor, which reads the process environment; in one JVM hosting every
     * function that would be one environment for all, so the host builds the function's deployment from its own
     * environment and calls the handler's one other constructor (docs/handlers.md): it takes that deployment, or
     * the function's configuration record built from it by the record's {@code of(Deployment)}.
     */
    private static RequestStreamHandler instantiate(FunctionResource function, Environment environment) {
        try {
            Constructor<?> seam = Arrays.stream(
                            Class.forName(function.handlerClass()).getConstructors())
                    .filter(constructor -> constructor.getParameterCount() == 1)
                    .findFirst()
                    .orElseThrow(() ->
                            new NoSuchMethodException(function.handlerClass() + " has no one-argument constructor"));
            Deployment deployment = Deployment.fromEnvironment(environment);
            Class<?> configuration = seam.getParameterTypes()[0];
            Object argument = configuration == Deployment.class
                    ? deployment
                    : configuration.getMethod("of", Deployment.class).invoke(null, deployment);
            return (RequestStreamHandler) seam.newInstance(argument);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "Cannot create handler " + function.handlerClass() + " of " + function.logicalId()
                            + "; is its module on the class path?",
                    e);
        }
    }
}
