package dev.timetracker.local;

import dev.timetracker.adapters.dynamodb.DynamoClients;
import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.dynamodb.Realism;
import dev.timetracker.local.s3.S3Emulator;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.template.TableProvisioner;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS side of the local stack and of the tests: the DynamoDB emulator and S3Proxy on loopback ports, with
 * the tables and buckets template.yaml declares, and the settings every function gets (its template
 * environment, resolved locally, plus the emulator endpoints).
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final SamTemplate template;
    private final DynamoDbEmulator dynamo;
    private final S3Emulator s3;
    private final LocalSecrets secrets;
    private final DynamoDbClient dynamoClient;
    private final S3Client s3Client;

    private LocalAws(SamTemplate template, DynamoDbEmulator dynamo, S3Emulator s3, LocalSecrets secrets) {
        this.template = template;
        this.dynamo = dynamo;
        this.s3 = s3;
        this.secrets = secrets;
        applySettings();
        this.dynamoClient = DynamoClients.builder(ClientOverrideConfiguration.builder().build()).build();
        this.s3Client = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(DynamoClients.credentials())
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
        DynamoDbEmulator dynamo = DynamoDbEmulator.start(dynamoPort,
                dataDir == null ? null : dataDir.resolve("dynamodb"), realism);
        S3Emulator s3 = S3Emulator.start(s3Port == 0 ? FreePorts.any() : s3Port,
                dataDir == null ? null : dataDir.resolve("s3"));
        LocalSecrets secrets = dataDir == null ? LocalSecrets.generate() : LocalSecrets.loadOrCreate(dataDir);
        LocalAws aws = new LocalAws(template, dynamo, s3, secrets);
        aws.provision();
        return aws;
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
        return dynamo;
    }

    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /** The environment a function sees: its template variables resolved locally, plus the emulators. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("AWS_REGION", REGION);
        settings.put("aws.accessKeyId", S3Emulator.ACCESS_KEY);
        settings.put("aws.secretAccessKey", S3Emulator.SECRET_KEY);
        settings.put("DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
        settings.put("S3_ENDPOINT", s3.endpoint().toString());
        for (FunctionResource function : template.functions()) {
            function.environment().forEach((name, value) -> {
                String resolved = template.resolveLocally(value);
                if (resolved != null && !name.equals("JAVA_TOOL_OPTIONS")) {
                    settings.put(name, resolved);
                }
            });
        }
        settings.putAll(secrets.values());
        return settings;
    }

    private void applySettings() {
        settings().forEach(System::setProperty);
    }

    private void provision() {
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
        dynamoClient.close();
        s3Client.close();
        s3.close();
        dynamo.close();
    }
}
