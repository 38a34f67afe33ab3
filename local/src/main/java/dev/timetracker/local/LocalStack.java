package dev.timetracker.local;

import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.stack.CorsRules;
import dev.timetracker.local.stack.FunctionHost;
import dev.timetracker.local.stack.HttpFront;
import dev.timetracker.local.stack.RouteTable;
import dev.timetracker.local.stack.Scheduler;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.io.Console;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The whole backend on this machine: emulators, the template's tables and bucket, and the API on
 * http://localhost:3000. State is kept in the data folder (default {@code .local-data/}), so a restart keeps it.
 */
public final class LocalStack {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** The time of day for the console's lines, in the zone of the person reading them. */
    private static String clockTime() {
        return LocalTime.now(ZoneId.systemDefault()).format(CLOCK);
    }

    private LocalStack() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = options(args);
        if (options.containsKey("new-token-key")) {
            printNewTokenKey(options.get("new-token-key"));
            return;
        }
        int port = Integer.parseInt(options.getOrDefault("port", "3000"));
        Path template = options.containsKey("template") ? Path.of(options.get("template")) : SamTemplate.locate();
        // Checked before anything starts, as CloudFormation refuses a deployment with a bad value.
        SamTemplate sam = SamTemplate.load(template);
        if (options.containsKey("parameter-overrides")) {
            sam = sam.withParameters(SamTemplate.parameterOverrides(options.get("parameter-overrides")));
        }
        Path dataDir = Path.of(options.getOrDefault(
                "data-dir", template.getParent().resolve(".local-data").toString()));
        int dynamoPort = Integer.parseInt(options.getOrDefault("dynamodb-port", "8000"));
        int s3Port = Integer.parseInt(options.getOrDefault("s3-port", "9000"));

        System.setProperty("LOG_FORMAT", "text");
        if (options.containsKey("fsync")) {
            // Acknowledged writes survive a kill of this process anyway; with fsync also a power loss.
            System.setProperty(DynamoDbEmulator.FSYNC_PROPERTY, "true");
        }
        LocalAws aws = LocalAws.start(sam, dataDir, dynamoPort, s3Port);
        List<FunctionResource> functions = sam.functions();
        List<dev.timetracker.local.template.HttpRoute> routes = new ArrayList<>();
        functions.forEach(function -> routes.addAll(function.routes()));
        FunctionHost host = new FunctionHost(functions, aws::environmentOf);
        if (options.containsKey("bootstrap-admin")) {
            bootstrapAdmin(
                    host,
                    options.get("bootstrap-admin"),
                    options.getOrDefault("admin-email", options.get("bootstrap-admin") + "@example.com"));
        }
        // Browsers' origins: the template's CorsAllowedOrigins default (http://localhost:3000) unless --cors-origins.
        var browsers = sam.httpApiCors()
                .map(config -> options.containsKey("cors-origins")
                        ? config.withOrigins(SamTemplate.commaSeparated(options.get("cors-origins")))
                        : config);
        CorsRules cors = new CorsRules(browsers.orElse(null));
        HttpFront front = HttpFront.start(
                "127.0.0.1",
                port,
                new RouteTable(routes),
                host,
                cors,
                exchange -> System.out.printf(
                        "%s %-6s %-50s %d %5d ms  %s%n",
                        clockTime(),
                        exchange.method(),
                        exchange.path(),
                        exchange.status(),
                        exchange.millis(),
                        exchange.function()));

        Consumer<String> console = line -> System.out.println(clockTime() + " " + line);
        Scheduler scheduler = options.containsKey("no-schedule") ? null : new Scheduler(host, functions, console);
        // Lambda's SQS pollers (the nightly job's fan-out workers).
        var queueEventSources = new dev.timetracker.local.stack.QueueEventSources(
                aws.queues(), host::invoke, aws.template().queueEventSources());
        queueEventSources.startPolling(console, java.time.Duration.ofSeconds(1));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping: saving state to " + dataDir);
                            if (scheduler != null) {
                                scheduler.close();
                            }
                            queueEventSources.close();
                            front.close();
                            aws.close();
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));

        System.out.println();
        System.out.println("Time Tracker local stack is up");
        System.out.println("  API       http://localhost:" + front.port() + "/api/");
        browsers.ifPresent(config -> System.out.println("  Browsers  CORS for pages from "
                + String.join(", ", config.allowOrigins()) + "  (--cors-origins: others, comma separated)"));
        System.out.println("  DynamoDB  " + aws.dynamoEndpoint() + "   S3  " + aws.s3Endpoint());
        System.out.println("  Keys      " + dataDir.resolve(LocalAws.HARNESS_CREDENTIALS_FILE)
                + " (the local stack's own identity, for the AWS CLI)");
        System.out.println("  Data      " + dataDir.toAbsolutePath()
                + (options.containsKey("fsync")
                        ? "  (each write on disk before it is acknowledged)"
                        : "  (--fsync: survive a power loss too)"));
        functions.forEach(function -> function.routes()
                .forEach(route ->
                        System.out.printf("  %-7s %-40s -> %s%n", route.method(), route.path(), function.logicalId())));
        functions.forEach(function -> function.schedules()
                .forEach(schedule -> System.out.printf(
                        "  %-48s -> %s%s%n",
                        schedule.expression(),
                        function.logicalId(),
                        scheduler == null ? " (off: --no-schedule)" : "")));
        System.out.println("  Invoke a function directly: curl -X POST localhost:" + front.port()
                + "/_local/invoke/DailyAggregationFunction -d '{\"date\":\"YYYY-MM-DD\"}'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
    }

    /**
     * The console when a person sits at it. From JDK 22 on, System.console() is not null when the streams are
     * redirected either; Console.isTerminal() (JDK 22+, so called reflectively: the build targets 17) tells.
     */
    private static Optional<Console> terminal() {
        return Optional.ofNullable(System.console()).filter(LocalStack::isTerminal);
    }

    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            // Before JDK 22 there is a console only when the JVM runs on a terminal.
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /**
     * The same one-time bootstrap an operator runs in AWS ({@code aws lambda invoke} on AuthFunction): the
     * password comes from TT_ADMIN_PASSWORD or is asked for on the terminal, never from the command line.
     */
    private static void bootstrapAdmin(FunctionHost host, String username, String email) {
        String password = System.getenv("TT_ADMIN_PASSWORD");
        Optional<Console> terminal = terminal();
        if (password == null && terminal.isPresent()) {
            password = new String(
                    terminal.get().readPassword("Password for the first admin %s (12+ characters): ", username));
        }
        if (password == null) {
            System.out.println("Set TT_ADMIN_PASSWORD to bootstrap the first admin " + username);
            return;
        }
        var event = dev.timetracker.adapters.json.Json.object();
        event.putObject("bootstrap_admin")
                .put("username", username)
                .put("email", email)
                .put("password", password);
        var result = host.invoke("AuthFunction", event);
        System.out.println(
                result.path("created").asBoolean()
                        ? "First admin created: " + username
                        : "First admin not created: " + result.path("error").asText());
    }

    /**
     * A new ES256 key for a deployment (first setup and each rotation): the private JWK goes into Secrets
     * Manager, the public one into the public key set (README, "Keys and the first admin").
     */
    private static void printNewTokenKey(String keyId) {
        var key = LocalSecrets.newSigningKey();
        if (!"true".equals(keyId)) {
            try {
                key = new com.nimbusds.jose.jwk.ECKey.Builder(key).keyID(keyId).build();
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException("Bad key id " + keyId, e);
            }
        }
        System.out.println("# Private signing key (Secrets Manager secret timetracker/<stage>/token-signing-key):");
        System.out.println(key.toJSONString());
        System.out.println(
                "# Public key set (SSM parameter /timetracker/<stage>/token-public-keys); during a rotation,");
        System.out.println("# add this key to the existing set's \"keys\" array instead of replacing the set:");
        System.out.println(new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()));
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument " + args[i]);
            }
            String name = args[i].substring(2);
            int equals = name.indexOf('=');
            if (equals >= 0) {
                options.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(name, args[++i]);
            } else {
                options.put(name, "true");
            }
        }
        return options;
    }
}
