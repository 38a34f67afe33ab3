package dev.timetracker.local.testing;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.adapters.s3.S3Clients;
import dev.timetracker.adapters.s3.S3Links;
import dev.timetracker.local.LocalAws;
import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.iam.LocalArns;
import dev.timetracker.local.stack.ApiGatewayEvents;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.stack.RouteTable;
import dev.timetracker.local.template.HttpRoute;
import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** One emulated deployment for a whole test run; see {@link LocalAwsExtension}. */
public final class TestStack implements AutoCloseable {
    /** The client address of requests that name none. */
    public static final String DEFAULT_SOURCE_IP = "127.0.0.1";

    private static final java.time.Duration INDEX_PROPAGATION_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final LocalAws aws;
    private final FunctionHost functions;
    private dev.timetracker.local.stack.QueueEventSources queueEventSources;
    private final RouteTable routes;
    private final Map<String, Deployment> deployments = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * How every test stack is deployed (as by sam deploy --parameter-overrides): the password work factor at its
     * floor. Hashing at the production figure (600,000 PBKDF2 iterations) was a third of these tests' CPU time, and
     * what the tests check of hashing (a stored hash names its work factor, an unknown login name derives as much as
     * a known one) holds at any figure.
     */
    public static final Map<String, String> PARAMETERS =
            Map.of("PasswordHashIterations", String.valueOf(Pbkdf2PasswordHasher.MINIMUM_ITERATIONS));

    /**
     * A deployment of its own, from another template (a test's changed copy of template.yaml), on emulators of its
     * own; the caller closes it.
     */
    public static TestStack startFrom(SamTemplate template) {
        return new TestStack(LocalAws.start(template.withParameters(PARAMETERS), null, 0, 0));
    }

    TestStack(LocalAws aws) {
        this.aws = aws;
        this.functions = new FunctionHost(aws.template().functions(), aws::environmentOf);
        List<HttpRoute> all = new ArrayList<>();
        aws.template().functions().forEach(function -> all.addAll(function.routes()));
        this.routes = new RouteTable(all);
    }

    public LocalAws aws() {
        return aws;
    }

    public DynamoDbClient dynamoDb() {
        return aws.dynamoDb();
    }

    public S3Client s3() {
        return aws.s3();
    }

    public SamTemplate template() {
        return aws.template();
    }

    /** The DynamoDB emulator's realism controls: index propagation, unprocessed batches, transactions, TTL. */
    public DynamoDbEmulator dynamoEmulator() {
        return aws.dynamoEmulator();
    }

    /**
     * Waits until every DynamoDB write so far has reached the global secondary indexes: what a real client does
     * by polling an index until the item shows (GSIs are eventually consistent). Use it only where a client of
     * the API would have to wait too, e.g. between creating data and listing it.
     */
    public void awaitIndexes() {
        try {
            if (aws.onMoto()) {
                return; // moto updates its indexes with the item
            }
            if (!dynamoEmulator().indexes().awaitPropagated(INDEX_PROPAGATION_TIMEOUT)) {
                throw new IllegalStateException("Index updates still pending after " + INDEX_PROPAGATION_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the indexes", e);
        }
    }

    /**
     * What one function of template.yaml is wired from — its own environment, DynamoDB client and tables — for
     * a test that builds that function's handler with its own clock, client or tables. One per function.
     */
    public Deployment deployment(String functionLogicalId) {
        return deployments.computeIfAbsent(functionLogicalId, id -> Deployment.fromEnvironment(aws.environmentOf(id)));
    }

    /**
     * Creates an empty table shaped like one of template.yaml's (keys, indexes, TTL) under a fresh name, for a
     * test that needs state no other test touches; returns the name.
     */
    public String freshTable(String logicalId) {
        var table = aws.template().tables().stream()
                .filter(t -> t.logicalId().equals(logicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no table " + logicalId));
        String name = logicalId + "-" + java.util.UUID.randomUUID();
        dev.timetracker.local.template.TableProvisioner.provision(aws.dynamoDb(), table, name);
        // Functions may use it as they use the template's table (their policies name that one).
        LocalArns.registerCopy(name, logicalId);
        return name;
    }

    /** An empty bucket standing for one of template.yaml's buckets, for a test's own files; returns its name. */
    public String freshBucket(String logicalId) {
        String name = SamTemplate.bucketName(logicalId) + "-" + java.util.UUID.randomUUID();
        aws.s3().createBucket(create -> create.bucket(name));
        LocalArns.registerCopy(name, SamTemplate.bucketName(logicalId));
        return name;
    }

    /**
     * A new secret standing for one of template.yaml's (the functions' policies allow it as they allow that one),
     * holding {@code value}: for a test that changes a key without touching the stack's own. Returns its name.
     */
    public String freshSecret(String originalName, String value) {
        String name = originalName + "-copy-" + java.util.UUID.randomUUID();
        LocalArns.registerCopy(name, originalName);
        aws.createSecret(name, value);
        return name;
    }

    /** The same for a Parameter Store parameter. */
    public String freshParameter(String originalName, String value) {
        String name = originalName + "-copy-" + java.util.UUID.randomUUID();
        LocalArns.registerCopy(name, originalName);
        aws.putParameter(name, value);
        return name;
    }

    /** Download links signed as one function of template.yaml signs them (its own credentials). */
    public S3Links links(String functionLogicalId) {
        return new S3Links(S3Clients.presigner(deployment(functionLogicalId).environment()), S3Links.DEFAULT_VALIDITY);
    }

    /** The handler instance the local stack runs for one function of template.yaml. */
    /**
     * Lambda's pollers of the template's SQS events, invoking this stack's handlers: {@code queues().drain()} runs
     * them until no message is visible.
     */
    public synchronized dev.timetracker.local.stack.QueueEventSources queues() {
        if (queueEventSources == null) {
            queueEventSources = new dev.timetracker.local.stack.QueueEventSources(
                    aws.queues(), functions::invoke, aws.template().queueEventSources());
        }
        return queueEventSources;
    }

    /** The same pollers, invoking a test's own handler of one function (its tables, clock, client). */
    public dev.timetracker.local.stack.QueueEventSources queues(
            String functionLogicalId, RequestStreamHandler handler) {
        return new dev.timetracker.local.stack.QueueEventSources(
                aws.queues(),
                (id, event) -> id.equals(functionLogicalId)
                        ? FunctionHost.invoke(handler, functions.function(id), event)
                        : functions.invoke(id, event),
                aws.template().queueEventSources());
    }

    public RequestStreamHandler handler(String functionLogicalId) {
        return functions.handler(functionLogicalId);
    }

    /** Invokes a function of template.yaml with an event, as Lambda would, and returns its raw result. */
    public JsonNode invoke(String functionLogicalId, JsonNode event) {
        return functions.invoke(functionLogicalId, event);
    }

    /** An event from the repository's events/ folder. */
    public static ObjectNode event(String fileName) {
        Path file = SamTemplate.locate().getParent().resolve("events").resolve(fileName);
        try {
            return (ObjectNode) Json.mapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function that template.yaml routes this request to (null when no route matches). */
    public String functionFor(String method, String path) {
        return routes.match(method, path)
                .map(match -> match.route().functionId())
                .orElse(null);
    }

    /** The API Gateway route key that template.yaml's routes select for this request (null when none). */
    public String routeKeyFor(String method, String path) {
        return routes.match(method, path)
                .map(match -> match.route().path().equals("$default")
                        ? "$default"
                        : match.route().routeKey())
                .orElse(null);
    }

    /** Sends a request through the template's routes, as API Gateway would, and returns the response. */
    public Response request(String method, String pathAndQuery, String body, Map<String, String> headers) {
        return request(null, method, pathAndQuery, body, headers);
    }

    /**
     * Sends a request to a given handler instance (one a test built with its own collaborators), with the
     * event API Gateway would build for the template's matching route.
     */
    public Response request(
            RequestStreamHandler handler,
            String method,
            String pathAndQuery,
            String body,
            Map<String, String> headers) {
        return request(handler, method, pathAndQuery, body, headers, DEFAULT_SOURCE_IP);
    }

    /** As above, from the client address {@code sourceIp} (what API Gateway passes as requestContext.http.sourceIp). */
    public Response request(
            RequestStreamHandler handler,
            String method,
            String pathAndQuery,
            String body,
            Map<String, String> headers,
            String sourceIp) {
        ObjectNode event = apiEvent(method, pathAndQuery, body, headers, sourceIp);
        String functionId = functionFor(method, pathAndQuery.split("\\?", 2)[0]);
        if (handler == null) {
            return Response.of(functions.invoke(functionId, event));
        }
        return Response.of(FunctionHost.invoke(handler, functions.function(functionId), event));
    }

    /** The event API Gateway builds for this request and the template's matching route. */
    public ObjectNode apiEvent(String method, String pathAndQuery, String body, Map<String, String> headers) {
        return apiEvent(method, pathAndQuery, body, headers, DEFAULT_SOURCE_IP);
    }

    private ObjectNode apiEvent(
            String method, String pathAndQuery, String body, Map<String, String> headers, String sourceIp) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        Map<String, List<String>> allHeaders = new LinkedHashMap<>();
        if (body != null) {
            allHeaders.put("content-type", List.of("application/json"));
        }
        headers.forEach((name, value) -> allHeaders.put(name.toLowerCase(), List.of(value)));
        var match = routes.match(method, path)
                .orElseThrow(() -> new AssertionError("template.yaml routes no " + method + " " + path));
        return ApiGatewayEvents.event(
                new ApiGatewayEvents.HttpCall(
                        method,
                        path,
                        query,
                        allHeaders,
                        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                        sourceIp),
                match);
    }

    public Response request(String method, String pathAndQuery, String body) {
        return request(method, pathAndQuery, body, Map.of());
    }

    public Response get(String pathAndQuery) {
        return request("GET", pathAndQuery, null);
    }

    @Override
    public void close() {
        aws.close();
    }
}
