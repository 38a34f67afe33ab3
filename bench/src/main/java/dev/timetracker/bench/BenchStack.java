package dev.timetracker.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.LocalAws;
import dev.timetracker.local.stack.ApiGatewayEvents;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.stack.RouteTable;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.HttpRoute;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.template.TableProvisioner;
import dev.timetracker.local.template.TableResource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The emulated deployment every benchmark runs against: the DynamoDB emulator and S3Proxy in this JVM on free
 * loopback ports, with template.yaml's tables and bucket, its functions hosted as the local stack hosts them, and
 * the helpers to turn a request into the API Gateway event its route gets.
 */
final class BenchStack implements AutoCloseable {
    /** One API call: method, path with query, JSON body (or null), bearer token (or null). */
    record Call(String method, String pathAndQuery, String body, String token) {}

    /** A function's answer: the HTTP status and body of an API Gateway result, or a direct invocation's JSON. */
    record Reply(int status, String body, JsonNode result) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        boolean is2xx() {
            return status >= 200 && status < 300;
        }
    }

    private final LocalAws aws;
    private final Path root;
    private final FunctionHost host;
    private final RouteTable routes;
    private final Map<String, Deployment> deployments = new java.util.concurrent.ConcurrentHashMap<>();

    private BenchStack(LocalAws aws, Path root) {
        this.aws = aws;
        this.root = root;
        this.host = new FunctionHost(aws.template().functions(), aws::environmentOf);
        List<HttpRoute> all = new ArrayList<>();
        aws.template().functions().forEach(function -> all.addAll(function.routes()));
        this.routes = new RouteTable(all);
    }

    /** In memory, on free ports; sets the functions' settings as system properties (LocalAws does). */
    static BenchStack start() {
        Path templateFile = SamTemplate.locate();
        return new BenchStack(LocalAws.start(SamTemplate.load(templateFile), null, 0, 0), templateFile.getParent());
    }

    LocalAws aws() {
        return aws;
    }

    SamTemplate template() {
        return aws.template();
    }

    /** The repository's root folder (where template.yaml is). */
    Path root() {
        return root;
    }

    /** Scratch space under bench/target, for event files and the cold-start runner. */
    Path workDir(String name) {
        Path dir = root.resolve("bench").resolve("target").resolve("bench-work").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Writes a file of {@link #workDir}, e.g. the event a child JVM reads; returns its path. */
    Path workFile(String workDir, String fileName, String content) {
        Path file = workDir(workDir).resolve(fileName);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    FunctionHost host() {
        return host;
    }

    RouteTable routes() {
        return routes;
    }

    FunctionResource function(String logicalId) {
        return host.function(logicalId);
    }

    /** One function's own environment (what LocalAws gives it), here with some table names replaced. */
    Map<String, String> settings(String functionLogicalId, Map<String, String> overrides) {
        Map<String, String> settings =
                new LinkedHashMap<>(environment(functionLogicalId).variables());
        settings.putAll(overrides);
        return settings;
    }

    /** A DynamoDB client set up as a function's (its identity and endpoint), with these interceptors on it. */
    static DynamoDbClient dynamoDb(Environment environment, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder overrides = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor interceptor : interceptors) {
            overrides.addExecutionInterceptor(interceptor);
        }
        return AwsClients.dynamoDbBuilder(environment, overrides.build()).build();
    }

    Environment environment(String functionLogicalId) {
        return aws.environmentOf(functionLogicalId);
    }

    /** One function's wiring, built once. */
    Deployment deployment(String functionLogicalId) {
        return deployments.computeIfAbsent(functionLogicalId, id -> Deployment.fromEnvironment(environment(id)));
    }

    /** A new empty table shaped like one of the template's (keys, indexes, TTL); returns its name. */
    String freshTable(String logicalId) {
        TableResource table = aws.template().tables().stream()
                .filter(t -> t.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no table " + logicalId));
        String name = logicalId + "-" + UUID.randomUUID();
        TableProvisioner.provision(aws.dynamoDb(), table, name);
        // The functions' policies name the template's table; this one stands for it.
        dev.timetracker.local.iam.LocalArns.registerCopy(name, logicalId);
        return name;
    }

    /** A sample event of the repository's events/ folder, as text. */
    String sampleEvent(String fileName) {
        try {
            return Files.readString(root.resolve("events").resolve(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API Gateway HTTP API event that template.yaml's route for this call would get, as bytes. */
    byte[] event(Call call) {
        int question = call.pathAndQuery().indexOf('?');
        String path = question < 0 ? call.pathAndQuery() : call.pathAndQuery().substring(0, question);
        String query = question < 0 ? null : call.pathAndQuery().substring(question + 1);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("accept", List.of("application/json"));
        headers.put("user-agent", List.of("TimeTracker-Bench/1.0"));
        if (call.body() != null) {
            headers.put("content-type", List.of("application/json"));
        }
        if (call.token() != null) {
            headers.put("authorization", List.of("Bearer " + call.token()));
        }
        var match = routes.match(call.method(), path)
                .orElseThrow(
                        () -> new IllegalArgumentException("template.yaml routes no " + call.method() + " " + path));
        ObjectNode event = ApiGatewayEvents.event(
                new ApiGatewayEvents.HttpCall(
                        call.method(),
                        path,
                        query,
                        headers,
                        call.body() == null ? null : call.body().getBytes(StandardCharsets.UTF_8),
                        "127.0.0.1"),
                match);
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** The function template.yaml routes this call to. */
    String functionFor(Call call) {
        String path = call.pathAndQuery().split("\\?", 2)[0];
        return routes.match(call.method(), path)
                .map(match -> match.route().functionId())
                .orElseThrow(() -> new IllegalArgumentException("No route for " + call));
    }

    /** Through the function instance the template's function has in this JVM (as the local stack would). */
    Reply send(Call call) {
        return reply(host.invoke(functionFor(call), readTree(event(call))));
    }

    /** Through a given handler instance, as Lambda invokes it: event bytes in, result bytes out. */
    static Reply send(RequestStreamHandler handler, byte[] event) {
        try {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), output, null);
            return reply(Json.mapper().readTree(output.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply reply(JsonNode result) {
        return new Reply(
                result.path("statusCode").asInt(0),
                result.hasNonNull("body") ? result.get("body").asText() : null,
                result);
    }

    static JsonNode readTree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(Object value) {
        return Json.write(Json.mapper().valueToTree(value));
    }

    @Override
    public void close() {
        aws.close();
    }
}
