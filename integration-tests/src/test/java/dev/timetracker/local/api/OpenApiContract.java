package dev.timetracker.local.api;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.testing.Response;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/openapi.yaml as a test oracle: every response a test receives is checked against the operation's
 * documented status codes and schema, so the document cannot drift from what the API really answers.
 */
public final class OpenApiContract {
    private static final String DOCUMENT_URI = "https://timetracker.dev/openapi.json";
    /** Answers any operation can give without listing them: the contract's cross-cutting errors. */
    private static final Set<Integer> UNIVERSAL_STATUSES = Set.of(401, 403, 405, 413, 415, 429, 503);

    private static final OpenApiContract INSTANCE =
            new OpenApiContract(SamTemplate.locate().getParent().resolve("docs").resolve("openapi.yaml"));

    private final Map<String, Object> document;
    private final Map<String, Object> paths;
    private final List<String> templates;
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private OpenApiContract(Path file) {
        Map<String, Object> document;
        try (Reader reader = Files.newBufferedReader(file)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.document = document;
        this.paths = (Map<String, Object>) document.get("paths");
        this.templates = new ArrayList<>(paths.keySet());
        // Literal segments before parameters, as the router matches them.
        templates.sort(Comparator.comparingLong(
                (String t) -> t.chars().filter(c -> c == '{').count()));
        String json = Json.write(Json.mapper().valueToTree(document));
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(DOCUMENT_URI, json)));
    }

    public static OpenApiContract get() {
        return INSTANCE;
    }

    public List<String> documentedOperations() {
        List<String> operations = new ArrayList<>();
        paths.forEach((template, item) -> ((Map<?, ?>) item)
                .keySet().stream()
                        .map(String::valueOf)
                        .filter(method -> !method.equals("parameters"))
                        .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + template)));
        return operations;
    }

    /** @throws AssertionError when the response is not what the document promises for this request */
    @SuppressWarnings("unchecked")
    public void check(String method, String path, Response response) {
        if (method.equals("HEAD")) {
            // RFC 9110 §9.3.2: HEAD is the GET of the same path without a body; the document describes the GET.
            if (response.body() != null && !response.body().isEmpty()) {
                throw new AssertionError("HEAD " + path + " must answer without a body: " + response);
            }
            Map<String, Object> item = template(path) == null ? null : (Map<String, Object>) paths.get(template(path));
            boolean hasGet = item != null && item.containsKey("get");
            String status = Integer.toString(response.status());
            boolean documented = hasGet
                    && ((Map<String, Object>) ((Map<String, Object>) item.get("get")).get("responses"))
                            .containsKey(status);
            if (!(documented
                    || UNIVERSAL_STATUSES.contains(response.status())
                    || (!hasGet && response.status() == (item == null ? 404 : 405)))) {
                throw new AssertionError("HEAD " + path + " answered " + status + ", which its GET does not document");
            }
            return;
        }
        String template = template(path);
        if (template == null) {
            if (response.status() != 404) {
                throw new AssertionError("Undocumented path " + path + " answered " + response);
            }
            checkSchema("#/components/schemas/Problem", response);
            return;
        }
        Map<String, Object> operation =
                (Map<String, Object>) ((Map<String, Object>) paths.get(template)).get(method.toLowerCase(Locale.ROOT));
        if (operation == null) {
            if (response.status() != 405) {
                throw new AssertionError(method + " " + template + " is undocumented but answered " + response);
            }
            checkSchema("#/components/schemas/Problem", response);
            return;
        }
        Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
        String status = Integer.toString(response.status());
        if (!responses.containsKey(status)) {
            if (!UNIVERSAL_STATUSES.contains(response.status())) {
                throw new AssertionError(
                        method + " " + template + " does not document status " + status + ": " + response);
            }
            checkSchema("#/components/schemas/Problem", response);
            return;
        }
        Map<String, Object> documented = (Map<String, Object>) responses.get(status);
        String pointer = "#/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/" + status;
        if (documented.containsKey("$ref")) {
            pointer = String.valueOf(documented.get("$ref"));
            documented = (Map<String, Object>) resolve(pointer);
        }
        Map<String, Object> content = (Map<String, Object>) documented.get("content");
        if (content == null) {
            if (response.body() != null && !response.body().isEmpty()) {
                throw new AssertionError(method + " " + template + " " + status + " should have no body: " + response);
            }
            return;
        }
        String contentType = response.header("content-type");
        if (contentType == null || !content.containsKey(contentType.split(";")[0].trim())) {
            throw new AssertionError("Content type " + contentType + " is not documented for " + method + " " + template
                    + " " + status + " (documented: " + content.keySet() + ")");
        }
        checkSchema(pointer + "/content/" + escape(contentType.split(";")[0].trim()) + "/schema", response);
    }

    private void checkSchema(String pointer, Response response) {
        Schema schema = schemas.computeIfAbsent(pointer, p -> registry.getSchema(SchemaLocation.of(DOCUMENT_URI + p)));
        List<Error> errors = schema.validate(response.body(), InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError("Response does not match " + pointer + ": " + errors + "\n" + response);
        }
    }

    /** Follows a local JSON pointer such as {@code #/components/responses/NotFound} into the document. */
    private Object resolve(String ref) {
        Object node = document;
        for (String token : ref.substring(2).split("/")) {
            node = ((Map<?, ?>) node).get(token.replace("~1", "/").replace("~0", "~"));
        }
        return node;
    }

    private String template(String path) {
        List<String> segments = segments(path);
        for (String template : templates) {
            List<String> expected = segments(template);
            if (expected.size() != segments.size()) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < expected.size() && matches; i++) {
                matches = expected.get(i).startsWith("{") || expected.get(i).equals(segments.get(i));
            }
            if (matches) {
                return template;
            }
        }
        return null;
    }

    private static List<String> segments(String path) {
        return List.of(path.split("\\?")[0].split("/")).stream()
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
