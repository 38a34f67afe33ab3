package dev.timetracker.local;

import dev.timetracker.adapters.config.Environment;
import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.dynamodb.Realism;
import dev.timetracker.local.iam.CredentialsEndpoint;
import dev.timetracker.local.iam.DynamoDbAuthorizer;
import dev.timetracker.local.iam.Identities;
import dev.timetracker.local.iam.Identity;
import dev.timetracker.local.iam.S3Access;
import dev.timetracker.local.iam.SecretsAccess;
import dev.timetracker.local.s3.S3Emulator;
import dev.timetracker.local.secrets.SecretsEmulator;
import dev.timetracker.local.sqs.SqsEmulator;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.template.TableProvisioner;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The AWS side of the local stack and of the tests: the DynamoDB emulator and S3Proxy on loopback ports, with
 * the tables and buckets template.yaml declares, and the settings every function gets (its template
 * environment, resolved locally, plus the emulator endpoints).
 *
 * <p>IAM as in AWS: each function of the template has its own identity, which gets its credentials from a
 * container-credentials endpoint the way a SnapStart function does ({@link #credentialEnvironment}), and may do
 * only what its {@code Policies} allow; DynamoDB and S3 check every signature and every action. The harness
 * identity, with full access, signs this class's own clients; its keys are never put into system properties or
 * the environment.
 *
 * <p>Secrets as in AWS: no function's environment holds a secret value, only the name or ARN of a secret in
 * Secrets Manager or of a parameter in Parameter Store, which the function reads with its own credentials
 * (its policy names exactly the secrets it may read). A small emulator of both services ({@link SecretsEmulator})
 * holds the {@link LocalSecrets}; on moto's lane moto's own Secrets Manager and SSM hold them.
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "us-east-1";
    /** The SDK's JVM-wide setting for AWS_CONTAINER_AUTHORIZATION_TOKEN (SdkSystemSetting). */
    static final String TOKEN_PROPERTY = "aws.containerAuthorizationToken";
    /** The SDK's JVM-wide setting for AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (SdkSystemSetting). */
    static final String RELATIVE_URI_PROPERTY = "aws.containerCredentialsPath";

    private final SamTemplate template;
    /** The emulators, or both null when moto's server answers instead ({@link #moto}). */
    private final DynamoDbEmulator dynamo;

    private final S3Emulator s3;
    private final SecretsEmulator secretStore;
    private final MotoServer moto;
    private final LocalSecrets secrets;
    private final Identities identities;
    private final CredentialsEndpoint credentials;
    private final DynamoDbClient dynamoClient;
    private final S3Client s3Client;
    private final SecretsManagerClient secretsClient;
    private final SsmClient ssmClient;
    /** SQS is always this JVM's emulator, on moto's lane too: the fan-out's queue and Lambda's poller are local. */
    private final SqsEmulator queues;
    /** A secret's local ARN (what template.yaml's {@code !Ref} resolves to) to the ARN its store gave it. */
    private final Map<String, String> secretArns = new HashMap<>();

    private LocalAws(
            SamTemplate template,
            DynamoDbEmulator dynamo,
            S3Emulator s3,
            SecretsEmulator secretStore,
            MotoServer moto,
            LocalSecrets secrets,
            Identities identities,
            CredentialsEndpoint credentials) {
        this.template = template;
        this.dynamo = dynamo;
        this.s3 = s3;
        this.secretStore = secretStore;
        this.moto = moto;
        this.secrets = secrets;
        this.identities = identities;
        this.credentials = credentials;
        this.queues = SqsEmulator.start(template.queues());
        AwsCredentialsProvider harness = staticCredentials(identities.harness());
        this.dynamoClient = DynamoDbClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(dynamoEndpoint())
                .credentialsProvider(harness)
                // moto answers a transaction in seconds on a busy machine and ignores ClientRequestToken: a retry
                // after a socket timeout would fail on what the first attempt wrote.
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)))
                .build();
        this.s3Client = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(s3Endpoint())
                .forcePathStyle(true)
                .credentialsProvider(harness)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.secretsClient = SecretsManagerClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(secretsEndpoint())
                .credentialsProvider(harness)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.ssmClient = SsmClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(secretsEndpoint())
                .credentialsProvider(harness)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * @param dataDir where state survives restarts, or null for a throw-away in-memory stack (tests)
     * @param dynamoPort 0 for any free port
     * @param s3Port 0 for any free port
     */
    public static LocalAws start(SamTemplate template, Path dataDir, int dynamoPort, int s3Port) {
        return start(template, dataDir, dynamoPort, s3Port, Realism.off());
    }

    /** Like {@link #start(SamTemplate, Path, int, int)}, with DynamoDB's unpredictable behaviours as chosen. */
    public static LocalAws start(SamTemplate template, Path dataDir, int dynamoPort, int s3Port, Realism realism) {
        Identities identities = Identities.fromTemplate(template);
        DynamoDbEmulator dynamo = DynamoDbEmulator.start(
                dynamoPort,
                dataDir == null ? null : dataDir.resolve("dynamodb"),
                realism,
                new DynamoDbAuthorizer(identities, Clock.systemUTC()));
        S3Emulator s3 = S3Emulator.start(
                s3Port == 0 ? FreePorts.any() : s3Port,
                dataDir == null ? null : dataDir.resolve("s3"),
                new S3Access(identities));
        LocalSecrets secrets = dataDir == null ? LocalSecrets.generate() : LocalSecrets.loadOrCreate(dataDir);
        SecretsEmulator secretStore = SecretsEmulator.start(new SecretsAccess(identities, Clock.systemUTC()));
        CredentialsEndpoint credentials = CredentialsEndpoint.start(identities, sandboxToken(), Clock.systemUTC());
        LocalAws aws = new LocalAws(template, dynamo, s3, secretStore, null, secrets, identities, credentials);
        aws.provision();
        if (dataDir != null) {
            writeHarnessCredentials(dataDir.resolve(HARNESS_CREDENTIALS_FILE), identities.harness());
        }
        return aws;
    }

    /** Where a persistent local stack leaves this start's harness keys, for the AWS CLI or a test outside it. */
    public static final String HARNESS_CREDENTIALS_FILE = "harness-credentials.properties";

    /** Keys are new at every start; the file holds the current ones (the data folder is git-ignored). */
    private static void writeHarnessCredentials(Path file, Identity harness) {
        try {
            java.nio.file.Files.writeString(
                    file,
                    "aws_access_key_id=" + harness.accessKeyId() + "\n" + "aws_secret_access_key="
                            + harness.secretAccessKey() + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A throw-away stack on moto's server instead of the emulators: the tests' second lane. The functions still
     * fetch their own credentials from the credentials endpoint; moto accepts any and checks no policy.
     *
     * @param motoLog where moto's output goes and stays, or null for a temporary file
     */
    public static LocalAws startOnMoto(SamTemplate template, Path motoLog) {
        Identities identities = Identities.fromTemplate(template);
        MotoServer moto = MotoServer.start(motoLog);
        CredentialsEndpoint credentials = CredentialsEndpoint.start(identities, sandboxToken(), Clock.systemUTC());
        LocalAws aws = new LocalAws(template, null, null, null, moto, LocalSecrets.generate(), identities, credentials);
        aws.provision();
        return aws;
    }

    /** True when moto's server answers instead of this project's emulators. */
    public boolean onMoto() {
        return moto != null;
    }

    public SamTemplate template() {
        return template;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoClient;
    }

    public S3Client s3() {
        return s3Client;
    }

    /** The emulator itself, for its realism controls (index propagation, batches, transactions, TTL). */
    public DynamoDbEmulator dynamoEmulator() {
        if (dynamo == null) {
            throw new IllegalStateException("moto's server answers this run; mark the test @EmulatorOnly");
        }
        return dynamo;
    }

    /** The template's SQS queues. */
    public SqsEmulator queues() {
        return queues;
    }

    public URI dynamoEndpoint() {
        return moto != null ? moto.dynamoEndpoint() : dynamo.endpoint();
    }

    public URI s3Endpoint() {
        return moto != null ? moto.s3Endpoint() : s3.endpoint();
    }

    /** Secrets Manager and SSM: the emulator, or moto's one server, which answers every service. */
    public URI secretsEndpoint() {
        return moto != null ? moto.dynamoEndpoint() : secretStore.endpoint();
    }

    /** Secrets Manager with the harness's full access: what an operator's CLI does (tests rotate keys with it). */
    public SecretsManagerClient secretsManager() {
        return secretsClient;
    }

    /** Parameter Store with the harness's full access. */
    public SsmClient ssm() {
        return ssmClient;
    }

    /**
     * The value this stack put into a secret or parameter at start ({@link LocalSecrets} names: CURSOR_KEY,
     * TOKEN_SIGNING_KEY, TOKEN_PUBLIC_KEYS), for tests that forge or sign tokens as the auth function would.
     */
    public String initialSecret(String name) {
        String value = secrets.values().get(name);
        if (value == null) {
            throw new IllegalArgumentException("No local secret " + name);
        }
        return value;
    }

    /** Every identity of this stack: one per function, and the harness. */
    public Identities identities() {
        return identities;
    }

    /**
     * What Lambda puts into a SnapStart function's environment for its credentials
     * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials): the URI of
     * this function's credentials and the token the endpoint asks for. The token is one per JVM (the JVM stands
     * for one Lambda sandbox); the SDK also reads it from {@value #TOKEN_PROPERTY}, which {@link #start} sets.
     */
    public Map<String, String> credentialEnvironment(String functionLogicalId) {
        if (identities.function(functionLogicalId).isEmpty()) {
            throw new IllegalArgumentException("template.yaml has no function " + functionLogicalId);
        }
        return Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                credentials.uri(functionLogicalId).toString(),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN",
                sandboxToken());
    }

    /**
     * The environment one function sees, built as Lambda builds it: the variables Lambda itself sets
     * (AWS_REGION), the function's own template variables merged over Globals (SAM's rule), each resolved
     * locally, and the emulators' endpoints. A secret's {@code !Ref} resolves to its ARN in this stack's
     * Secrets Manager; no variable holds a secret value.
     */
    public Environment environmentOf(String functionLogicalId) {
        return environmentOf(template, functionLogicalId);
    }

    /** The same for a function of another template (a test's changed copy), on this stack's emulators. */
    public Environment environmentOf(SamTemplate template, String functionLogicalId) {
        FunctionResource function = template.functions().stream()
                .filter(candidate -> candidate.logicalId().equals(functionLogicalId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + functionLogicalId));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", REGION);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", functionLogicalId);
        variables.put("DYNAMODB_ENDPOINT", dynamoEndpoint().toString());
        variables.put("S3_ENDPOINT", s3Endpoint().toString());
        variables.put("SECRETSMANAGER_ENDPOINT", secretsEndpoint().toString());
        variables.put("SSM_ENDPOINT", secretsEndpoint().toString());
        variables.put("SQS_ENDPOINT", queues.endpoint().toString());
        if (moto != null) {
            variables.putAll(moto.settings());
        }
        variables.putAll(credentialEnvironment(functionLogicalId));
        function.environment().forEach((name, value) -> {
            String resolved = template.resolveLocally(value);
            if (resolved == null) {
                throw new IllegalStateException(
                        functionLogicalId + "'s variable " + name + " has no local value: resolve it in SamTemplate");
            }
            if (resolved.startsWith(SamTemplate.LOCAL_QUEUE_URL_PREFIX)) {
                resolved = queues.url(resolved.substring(SamTemplate.LOCAL_QUEUE_URL_PREFIX.length()));
            }
            variables.put(name, secretArns.getOrDefault(resolved, resolved));
        });
        return new Environment(variables);
    }

    private static AwsCredentialsProvider staticCredentials(Identity identity) {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(identity.accessKeyId(), identity.secretAccessKey()));
    }

    /**
     * The JVM's container authorization token, made and set once; every stack in this JVM shares it. Also sets
     * the SDK's relative credentials path to "" so that {@code ContainerCredentialsProvider.builder()
     * .endpoint(fullUri)} asks exactly that URI: the SDK (2.x) takes the full URI only from the JVM-wide
     * AWS_CONTAINER_CREDENTIALS_FULL_URI and uses a builder's endpoint only as the base of the relative path.
     * In Lambda no relative path is set, and the same provider reads the full URI from the environment.
     */
    static synchronized String sandboxToken() {
        String token = System.getProperty(TOKEN_PROPERTY);
        if (token == null) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            System.setProperty(TOKEN_PROPERTY, token);
        }
        System.setProperty(RELATIVE_URI_PROPERTY, "");
        return token;
    }

    /**
     * Where template.yaml's variables point each local secret: the cursor key into the secret CloudFormation
     * generates (JSON with a {@code key} field, as its GenerateStringKey makes it), the private signing key into
     * the operators' secret, the public key set into the operators' parameter.
     */
    private void seedSecrets() {
        Set<String> seeded = new java.util.HashSet<>();
        for (var function : template.functions()) {
            function.environment().forEach((variable, value) -> {
                String resolved = template.resolveLocally(value);
                if (resolved == null || !seeded.add(variable)) {
                    return;
                }
                switch (variable) {
                    case "CURSOR_KEY_SECRET_ARN" -> {
                        String name = resolved.replaceFirst("^arn:.*:secret:(.*)-[A-Za-z0-9]{6}$", "$1");
                        String json = dev.timetracker.adapters.json.Json.object()
                                .put("key", initialSecret("CURSOR_KEY"))
                                .toString();
                        secretArns.put(resolved, createSecret(name, json));
                    }
                    case "TOKEN_SIGNING_KEY_SECRET" -> createSecret(resolved, initialSecret("TOKEN_SIGNING_KEY"));
                    case "TOKEN_PUBLIC_KEYS_PARAMETER" -> putParameter(resolved, initialSecret("TOKEN_PUBLIC_KEYS"));
                    default -> {}
                }
            });
        }
    }

    /** Creates a secret with the harness's rights; returns its ARN. */
    public String createSecret(String name, String value) {
        return secretsClient
                .createSecret(create -> create.name(name).secretString(value))
                .arn();
    }

    /** Creates or replaces a String parameter with the harness's rights. */
    public void putParameter(String name, String value) {
        ssmClient.putParameter(put -> put.name(name)
                .value(value)
                .type(software.amazon.awssdk.services.ssm.model.ParameterType.STRING)
                .overwrite(true));
    }

    private void provision() {
        seedSecrets();
        TableProvisioner.provision(dynamoClient, template.tables());
        for (String bucket : template.buckets()) {
            try {
                s3Client.createBucket(request -> request.bucket(SamTemplate.bucketName(bucket)));
            } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                // kept from an earlier run of the local stack
            }
        }
    }

    @Override
    public void close() {
        queues.close();
        dynamoClient.close();
        s3Client.close();
        secretsClient.close();
        ssmClient.close();
        if (moto != null) {
            moto.close();
        } else {
            secretStore.close();
            s3.close();
            dynamo.close();
        }
        credentials.close();
    }
}
