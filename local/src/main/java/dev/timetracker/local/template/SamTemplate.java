package dev.timetracker.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as data: the functions with their handlers, environment and HTTP routes, the DynamoDB tables
 * and the buckets. The local stack and the test harness build everything from this, so the template stays
 * the single source of truth. CloudFormation's short-form tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub})
 * are read as their long forms.
 */
public final class SamTemplate {
    private final Map<String, Object> resources;
    private final Map<String, Object> parameters;
    private final Map<String, Object> globals;
    /** Values given for parameters, as {@code sam deploy --parameter-overrides} gives them; the rest keep defaults. */
    private final Map<String, String> parameterValues;

    private SamTemplate(Map<String, Object> document) {
        this(
                map(document.get("Resources")),
                map(document.get("Parameters")),
                map(map(document.get("Globals")).get("Function")),
                Map.of());
    }

    private SamTemplate(
            Map<String, Object> resources,
            Map<String, Object> parameters,
            Map<String, Object> globals,
            Map<String, String> parameterValues) {
        this.resources = resources;
        this.parameters = parameters;
        this.globals = globals;
        this.parameterValues = Map.copyOf(parameterValues);
    }

    /**
     * This template deployed with these parameter values (the others keep their defaults), each checked against
     * its declaration as CloudFormation checks it: a parameter the template does not declare, a Number outside
     * MinValue..MaxValue or not a number, a value not in AllowedValues or not matching AllowedPattern is refused.
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
     */
    public SamTemplate withParameters(Map<String, String> values) {
        values.forEach(this::checkParameterValue);
        Map<String, String> merged = new LinkedHashMap<>(parameterValues);
        merged.putAll(values);
        return new SamTemplate(resources, parameters, globals, merged);
    }

    /**
     * Parameter values written as {@code sam deploy --parameter-overrides} takes them in shorthand: {@code Key=Value}
     * pairs separated by spaces ({@code "PasswordHashIterations=1000 Stage=dev"}).
     * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-cli-command-reference-sam-deploy.html
     *
     * @throws IllegalArgumentException for a pair without a name or without {@code =}, or a name given twice
     */
    public static Map<String, String> parameterOverrides(String overrides) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : overrides.trim().split("\\s+", -1)) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(
                        "Parameter override '" + pair + "' is not Key=Value (e.g. PasswordHashIterations=1000)");
            }
            if (values.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
                throw new IllegalArgumentException("Parameter " + pair.substring(0, equals) + " is given twice");
            }
        }
        return values;
    }

    private void checkParameterValue(String name, String value) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException("template.yaml declares no parameter " + name);
        }
        Map<String, Object> declaration = map(parameters.get(name));
        String refused = name + "=" + value + " is refused: ";
        if ("Number".equals(declaration.get("Type"))) {
            double number;
            try {
                number = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(refused + "not a number", e);
            }
            if (declaration.get("MinValue") instanceof Number min && number < min.doubleValue()) {
                throw new IllegalArgumentException(refused + "below MinValue " + min);
            }
            if (declaration.get("MaxValue") instanceof Number max && number > max.doubleValue()) {
                throw new IllegalArgumentException(refused + "above MaxValue " + max);
            }
        }
        List<Object> allowed = list(declaration.get("AllowedValues"));
        if (!allowed.isEmpty() && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new IllegalArgumentException(refused + "not one of " + allowed);
        }
        if (declaration.get("AllowedPattern") instanceof String pattern && !value.matches(pattern)) {
            throw new IllegalArgumentException(refused + "does not match " + pattern);
        }
    }

    /** A parameter's value in this deployment: the one given, else its default (null if it has neither). */
    private String parameterValue(String name) {
        String given = parameterValues.get(name);
        if (given != null) {
            return given;
        }
        Object defaultValue = map(parameters.get(name)).get("Default");
        return defaultValue == null ? null : String.valueOf(defaultValue);
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> document = new Yaml(new CloudFormationConstructor()).load(reader);
            return new SamTemplate(document);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file, e);
        }
    }

    /** Finds template.yaml from the working directory upwards, so that any module's tests can use it. */
    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("No template.yaml in " + Path.of("").toAbsolutePath() + " or above");
    }

    public List<FunctionResource> functions() {
        List<FunctionResource> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((id, resource) -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, Object> environment = new LinkedHashMap<>();
            environment.putAll(map(map(globals.get("Environment")).get("Variables")));
            environment.putAll(map(map(properties.get("Environment")).get("Variables")));
            List<HttpRoute> routes = new ArrayList<>();
            List<Schedule> schedules = new ArrayList<>();
            map(properties.get("Events")).forEach((eventId, value) -> {
                Map<String, Object> event = map(value);
                Map<String, Object> eventProperties = map(event.get("Properties"));
                switch (String.valueOf(event.get("Type"))) {
                    case "HttpApi" ->
                        routes.add(new HttpRoute(
                                String.valueOf(eventProperties.get("Method")).toUpperCase(Locale.ROOT),
                                String.valueOf(eventProperties.get("Path")),
                                id));
                    case "Schedule", "ScheduleV2" ->
                        schedules.add(new Schedule(
                                eventId,
                                String.valueOf(eventProperties.get(
                                        eventProperties.containsKey("ScheduleExpression")
                                                ? "ScheduleExpression"
                                                : "Schedule")),
                                eventProperties.get("Input") == null
                                        ? null
                                        : String.valueOf(eventProperties.get("Input"))));
                    default -> {}
                }
            });
            String handler = String.valueOf(properties.get("Handler"));
            int memory = ((Number) Objects.requireNonNullElse(
                            properties.get("MemorySize"), globals.getOrDefault("MemorySize", 128)))
                    .intValue();
            int timeout = ((Number)
                            Objects.requireNonNullElse(properties.get("Timeout"), globals.getOrDefault("Timeout", 3)))
                    .intValue();
            functions.add(new FunctionResource(
                    id,
                    handler.split("::", 2)[0],
                    String.valueOf(properties.get("CodeUri")),
                    environment,
                    routes,
                    schedules,
                    memory,
                    timeout,
                    policies(properties.get("Policies"))));
        });
        return functions;
    }

    /** The queue URL a {@code !Ref} to a queue resolves to before the local stack puts its queue's endpoint in. */
    public static final String LOCAL_QUEUE_URL_PREFIX = "local-sqs-queue:";

    /** The AWS::SQS::Queue resources. */
    public List<QueueResource> queues() {
        List<QueueResource> queues = new ArrayList<>();
        resourcesOfType("AWS::SQS::Queue").forEach((id, resource) -> {
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, Object> redrive = map(properties.get("RedrivePolicy"));
            Object target = map(redrive.get("deadLetterTargetArn")).get("Fn::GetAtt");
            String deadLetterQueue = target == null
                    ? null
                    : target instanceof List<?> parts
                            ? String.valueOf(parts.get(0))
                            : String.valueOf(target).split("\\.", 2)[0];
            queues.add(new QueueResource(
                    id,
                    ((Number) Objects.requireNonNullElse(properties.get("VisibilityTimeout"), 30)).intValue(),
                    deadLetterQueue,
                    ((Number) Objects.requireNonNullElse(redrive.get("maxReceiveCount"), 0)).intValue()));
        });
        return queues;
    }

    /** The SQS events of every function. */
    public List<QueueEventSource> queueEventSources() {
        List<QueueEventSource> sources = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function")
                .forEach((id, resource) -> map(map(resource.get("Properties")).get("Events"))
                        .forEach((eventId, value) -> {
                            Map<String, Object> event = map(value);
                            if (!"SQS".equals(event.get("Type"))) {
                                return;
                            }
                            Map<String, Object> properties = map(event.get("Properties"));
                            Object target = map(properties.get("Queue")).get("Fn::GetAtt");
                            String queue = target instanceof List<?> parts
                                    ? String.valueOf(parts.get(0))
                                    : String.valueOf(target).split("\\.", 2)[0];
                            sources.add(new QueueEventSource(
                                    id,
                                    eventId,
                                    queue,
                                    ((Number) Objects.requireNonNullElse(properties.get("BatchSize"), 10)).intValue(),
                                    ((Number) Objects.requireNonNullElse(
                                                    map(properties.get("ScalingConfig"))
                                                            .get("MaximumConcurrency"),
                                                    1000))
                                            .intValue(),
                                    list(properties.get("FunctionResponseTypes"))
                                            .contains("ReportBatchItemFailures")));
                        }));
        return sources;
    }

    /** SAM accepts one policy or a list of them. */
    private static List<Object> policies(Object value) {
        return value == null ? List.of() : value instanceof List<?> ? list(value) : List.of(value);
    }

    /** The CloudFormation type of a resource, e.g. {@code AWS::DynamoDB::Table}, or null when there is none. */
    public String resourceType(String logicalId) {
        Object type = map(resources.get(logicalId)).get("Type");
        return type == null ? null : String.valueOf(type);
    }

    public List<TableResource> tables() {
        List<TableResource> tables = new ArrayList<>();
        resourcesOfType("AWS::DynamoDB::Table")
                .forEach((id, resource) -> tables.add(new TableResource(id, map(resource.get("Properties")))));
        return tables;
    }

    /** Bucket logical ids; locally a bucket is named after its id in lower case (S3 names are lower case). */
    public List<String> buckets() {
        return List.copyOf(resourcesOfType("AWS::S3::Bucket").keySet());
    }

    public static String bucketName(String logicalId) {
        return logicalId.toLowerCase(Locale.ROOT);
    }

    /**
     * The value an environment variable has locally: a {@code !Ref} to a table is the table's name (its
     * logical id), to a bucket the bucket's local name, to a secret its local ARN (named after its logical id), to
     * a parameter its value (given, else its default); a {@code !Sub} of those; anything else that only AWS can resolve is null.
     */
    public String resolveLocally(Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Ref")) {
            String target = String.valueOf(intrinsic.get("Ref"));
            if (parameters.containsKey(target)) {
                return parameterValue(target);
            }
            Map<String, Object> resource = map(resources.get(target));
            return switch (String.valueOf(resource.get("Type"))) {
                case "AWS::DynamoDB::Table" -> target;
                case "AWS::S3::Bucket" -> bucketName(target);
                case "AWS::SecretsManager::Secret" -> dev.timetracker.local.iam.LocalArns.secret(target);
                case "AWS::SQS::Queue" -> LOCAL_QUEUE_URL_PREFIX + target;
                default -> null;
            };
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Sub") instanceof String text) {
            java.util.regex.Matcher variable =
                    java.util.regex.Pattern.compile("\\$\\{([^}!.]*)}").matcher(text);
            StringBuilder resolved = new StringBuilder();
            while (variable.find()) {
                String replacement = resolveLocally(Map.of("Ref", variable.group(1)));
                if (replacement == null) {
                    return null;
                }
                variable.appendReplacement(resolved, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            variable.appendTail(resolved);
            return resolved.toString();
        }
        return null;
    }

    /**
     * Every resource as written (Type, Properties, DeletionPolicy, ...), by logical id, for checks of the
     * template itself. The local stack builds only functions, tables and buckets; anything else (queues, alarms,
     * log groups) is AWS's alone and ignored here.
     */
    public Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        resources.forEach((id, value) -> all.put(id, map(value)));
        return all;
    }

    /**
     * The HTTP API's CORS configuration, if it has one. Origins given as {@code !Ref} to a template parameter are
     * that parameter's value (given, else its default), as a deployment passes them.
     */
    public Optional<HttpApiCors> httpApiCors() {
        return resourcesOfType("AWS::Serverless::HttpApi").values().stream()
                .map(api -> map(map(api.get("Properties")).get("CorsConfiguration")))
                .filter(cors -> !cors.isEmpty())
                .findFirst()
                .map(cors -> new HttpApiCors(
                        texts(cors.get("AllowOrigins")),
                        texts(cors.get("AllowHeaders")),
                        texts(cors.get("AllowMethods")),
                        texts(cors.get("ExposeHeaders")),
                        cors.get("MaxAge") == null ? null : ((Number) cors.get("MaxAge")).intValue(),
                        Boolean.TRUE.equals(cors.get("AllowCredentials"))));
    }

    /** A list of strings as written, or a {@code !Ref} to a (CommaDelimitedList) parameter's value. */
    private List<String> texts(Object value) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Ref")) {
            String given = parameterValue(String.valueOf(intrinsic.get("Ref")));
            return given == null ? List.of() : commaSeparated(given);
        }
        return list(value).stream().map(String::valueOf).toList();
    }

    public static List<String> commaSeparated(String text) {
        return java.util.Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    private Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources.forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> list ? (List<Object>) list : List.of();
    }

    /** Reads {@code !Ref x} as {@code {Ref: x}} and {@code !Name y} as {@code {Fn::Name: y}}. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor() {
            super(new LoaderOptions());
            for (String name : List.of(
                    "Ref",
                    "GetAtt",
                    "Sub",
                    "Join",
                    "If",
                    "Equals",
                    "Not",
                    "And",
                    "Or",
                    "Select",
                    "Split",
                    "FindInMap",
                    "ImportValue",
                    "Base64",
                    "GetAZs",
                    "Condition",
                    "Cidr")) {
                String longName = name.equals("Ref") || name.equals("Condition") ? name : "Fn::" + name;
                this.yamlConstructors.put(new Tag("!" + name), new AbstractConstruct() {
                    @Override
                    public Object construct(Node node) {
                        Object value;
                        if (node instanceof ScalarNode scalar) {
                            value = constructScalar(scalar);
                        } else if (node instanceof SequenceNode sequence) {
                            value = constructSequence(sequence);
                        } else {
                            value = constructMapping((MappingNode) node);
                        }
                        return Map.of(longName, value);
                    }
                });
            }
        }
    }
}
