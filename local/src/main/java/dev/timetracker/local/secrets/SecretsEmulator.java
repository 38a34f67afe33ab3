package dev.timetracker.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.LoopbackHttpServer;
import dev.timetracker.local.dynamodb.RequestAuthorizer.Refusal;
import dev.timetracker.local.dynamodb.RequestAuthorizer.SignedRequest;
import dev.timetracker.local.iam.LocalArns;
import dev.timetracker.local.iam.SecretsAccess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Secrets Manager and SSM Parameter Store, as much as the functions and the operators' rotation steps use, on
 * one loopback port (the awsJson1_1 protocol: POST / with X-Amz-Target, told apart by its prefix). Every request
 * is SigV4-checked and authorised against the caller's template policy by {@link SecretsAccess}, as DynamoDB's
 * are. State is in memory; the local stack seeds it at every start.
 *
 * <p>Versions of a secret follow Secrets Manager's staging labels: a new value without VersionStages gets
 * AWSCURRENT, and the version AWSCURRENT leaves gets AWSPREVIOUS
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_PutSecretValue.html,
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecretVersionStage.html). GetSecretValue
 * reads AWSCURRENT unless VersionStage or VersionId says otherwise
 * (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). PutParameter with
 * Overwrite raises the parameter's version (https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html).
 */
public final class SecretsEmulator implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SecretsEmulator.class.getName());
    private static final String SECRETS_TARGET = "secretsmanager.";
    private static final String SSM_TARGET = "AmazonSSM.";
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";

    private record Version(String id, String value, List<String> stages) {}

    private record Parameter(String name, String type, String value, long version) {}

    /** Secret name to its versions, newest last. */
    private final Map<String, List<Version>> secrets = new LinkedHashMap<>();

    private final Map<String, Parameter> parameters = new HashMap<>();
    private final SecretsAccess access;
    private final LoopbackHttpServer server;

    private SecretsEmulator(SecretsAccess access) {
        this.access = access;
        this.server = new LoopbackHttpServer("secrets-emulator", 4, this::handle);
    }

    public static SecretsEmulator start(SecretsAccess access) {
        return new SecretsEmulator(access);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            int status = 200;
            JsonNode answer;
            try {
                answer = dispatch(exchange, requestBody);
            } catch (Refusal e) {
                status = e.status();
                answer = Json.object().put("__type", e.type()).put("message", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Secrets emulator failed on a request", e);
                status = 500;
                answer = Json.object().put("__type", "InternalServiceError").put("message", e.toString());
            }
            byte[] body = Json.mapper().writeValueAsBytes(answer);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders()
                    .set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private JsonNode dispatch(HttpExchange exchange, byte[] requestBody) {
        String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        String service =
                target.startsWith(SECRETS_TARGET) ? "secretsmanager" : target.startsWith(SSM_TARGET) ? "ssm" : null;
        if (service == null) {
            throw new Refusal(400, "UnknownOperationException", "Unknown target " + target);
        }
        SecretsAccess.Caller caller = access.authenticate(signedRequest(exchange, requestBody), service);
        JsonNode request;
        try {
            request = requestBody.length == 0 ? Json.object() : Json.mapper().readTree(requestBody);
        } catch (IOException e) {
            throw new Refusal(400, "SerializationException", "The request body is not JSON");
        }
        String operation = target.substring(target.indexOf('.') + 1);
        synchronized (this) {
            return switch (service + ":" + operation) {
                case "secretsmanager:CreateSecret" -> createSecret(caller, request);
                case "secretsmanager:GetSecretValue" -> getSecretValue(caller, request);
                case "secretsmanager:PutSecretValue" -> putSecretValue(caller, request);
                case "ssm:GetParameter" -> getParameter(caller, request);
                case "ssm:PutParameter" -> putParameter(caller, request);
                default -> throw new Refusal(400, "UnknownOperationException", "Not emulated: " + target);
            };
        }
    }

    private JsonNode createSecret(SecretsAccess.Caller caller, JsonNode request) {
        String name = required(request, "Name");
        caller.authorize("secretsmanager:CreateSecret", LocalArns.secret(name));
        if (secrets.containsKey(name)) {
            throw new Refusal(
                    400,
                    "ResourceExistsException",
                    "The operation failed because the secret " + name + " already exists.");
        }
        List<Version> versions = new ArrayList<>();
        versions.add(new Version(UUID.randomUUID().toString(), required(request, "SecretString"), List.of(CURRENT)));
        secrets.put(name, versions);
        return Json.object()
                .put("ARN", LocalArns.ownSecretArn(name))
                .put("Name", name)
                .put("VersionId", versions.get(0).id());
    }

    private JsonNode getSecretValue(SecretsAccess.Caller caller, JsonNode request) {
        String name = secretName(required(request, "SecretId"));
        caller.authorize("secretsmanager:GetSecretValue", LocalArns.secret(name));
        String versionId = request.path("VersionId").asText(null);
        String stage = request.path("VersionStage").asText(versionId == null ? CURRENT : null);
        Version version = versions(name).stream()
                .filter(candidate -> (versionId == null || candidate.id().equals(versionId))
                        && (stage == null || candidate.stages().contains(stage)))
                .findFirst()
                .orElseThrow(() -> notFound("Secrets Manager can't find the specified secret value for "
                        + (versionId != null ? "VersionId: " + versionId : "staging label: " + stage)));
        ObjectNode answer = Json.object()
                .put("ARN", LocalArns.ownSecretArn(name))
                .put("Name", name)
                .put("VersionId", version.id())
                .put("SecretString", version.value())
                .put("CreatedDate", System.currentTimeMillis() / 1000.0);
        ArrayNode stages = answer.putArray("VersionStages");
        version.stages().forEach(stages::add);
        return answer;
    }

    private JsonNode putSecretValue(SecretsAccess.Caller caller, JsonNode request) {
        String name = secretName(required(request, "SecretId"));
        caller.authorize("secretsmanager:PutSecretValue", LocalArns.secret(name));
        List<String> newStages = new ArrayList<>();
        request.path("VersionStages").forEach(stage -> newStages.add(stage.asText()));
        if (newStages.isEmpty()) {
            newStages.add(CURRENT);
        }
        List<Version> versions = versions(name);
        List<Version> relabelled = new ArrayList<>();
        for (Version old : versions) {
            List<String> stages = new ArrayList<>(old.stages());
            boolean losesCurrent = newStages.contains(CURRENT) && stages.remove(CURRENT);
            stages.removeAll(newStages);
            if (newStages.contains(CURRENT)) {
                stages.remove(PREVIOUS);
            }
            if (losesCurrent) {
                stages.add(PREVIOUS);
            }
            relabelled.add(new Version(old.id(), old.value(), List.copyOf(stages)));
        }
        String id = request.path("ClientRequestToken").asText(UUID.randomUUID().toString());
        relabelled.add(new Version(id, required(request, "SecretString"), List.copyOf(newStages)));
        versions.clear();
        versions.addAll(relabelled);
        ArrayNode stages = Json.object().arrayNode();
        newStages.forEach(stages::add);
        ObjectNode answer = Json.object()
                .put("ARN", LocalArns.ownSecretArn(name))
                .put("Name", name)
                .put("VersionId", id);
        answer.set("VersionStages", stages);
        return answer;
    }

    private JsonNode getParameter(SecretsAccess.Caller caller, JsonNode request) {
        String name = required(request, "Name");
        caller.authorize("ssm:GetParameter", LocalArns.parameter(name));
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new Refusal(400, "ParameterNotFound", "Parameter " + name + " not found.");
        }
        ObjectNode answer = Json.object();
        answer.putObject("Parameter")
                .put("Name", name)
                .put("Type", parameter.type())
                .put("Value", parameter.value())
                .put("Version", parameter.version())
                .put("ARN", LocalArns.parameter(name))
                .put("DataType", "text")
                .put("LastModifiedDate", System.currentTimeMillis() / 1000.0);
        return answer;
    }

    private JsonNode putParameter(SecretsAccess.Caller caller, JsonNode request) {
        String name = required(request, "Name");
        caller.authorize("ssm:PutParameter", LocalArns.parameter(name));
        Parameter existing = parameters.get(name);
        if (existing != null && !request.path("Overwrite").asBoolean(false)) {
            throw new Refusal(
                    400,
                    "ParameterAlreadyExists",
                    "The parameter already exists. To overwrite this value, "
                            + "set the overwrite option in the request to true.");
        }
        String type = request.path("Type").asText(existing == null ? "String" : existing.type());
        long version = existing == null ? 1 : existing.version() + 1;
        parameters.put(name, new Parameter(name, type, required(request, "Value"), version));
        return Json.object().put("Version", version).put("Tier", "Standard");
    }

    /** A SecretId is the secret's name or its ARN. */
    private String secretName(String secretId) {
        for (String name : secrets.keySet()) {
            if (name.equals(secretId) || LocalArns.ownSecretArn(name).equals(secretId)) {
                return name;
            }
        }
        // Unknown: authorised against what it would be, so a caller without access learns nothing of what exists.
        return secretId.startsWith("arn:") ? secretId.replaceFirst("^.*:secret:(.*)-[A-Za-z0-9]{6}$", "$1") : secretId;
    }

    private List<Version> versions(String name) {
        List<Version> versions = secrets.get(name);
        if (versions == null) {
            throw notFound("Secrets Manager can't find the specified secret.");
        }
        return versions;
    }

    private static Refusal notFound(String message) {
        return new Refusal(400, "ResourceNotFoundException", message);
    }

    private static String required(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || !value.isTextual()) {
            throw new Refusal(
                    400,
                    "ValidationException",
                    "1 validation error detected: Value at '"
                            + field.substring(0, 1).toLowerCase(Locale.ROOT) + field.substring(1)
                            + "' failed to satisfy "
                            + "constraint: Member must not be null");
        }
        return value.asText();
    }

    private static SignedRequest signedRequest(HttpExchange exchange, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return new SignedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                headers,
                body);
    }

    @Override
    public void close() {
        server.close();
    }
}
