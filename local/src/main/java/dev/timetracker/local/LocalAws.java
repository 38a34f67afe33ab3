package dev.timetracker.local;

import dev.timetracker.adapters.dynamodb.DynamoClients;
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
 * The AWS side of the local stack and of the tests: the DynamoDB emulator and S3Proxy on loopback ports (or
 * moto's server, see {@link MotoServer}), with the tables and buckets template.yaml declares, and the settings
 * every function gets (its template environment, resolved locally, plus the endpoints).
 */
public final class LocalAws implements AutoCloseable {
    public static final String REGION = "us-east-1";

    private final SamTemplate template;
    private final AwsBackend backend;
    private final LocalSecrets secrets;
    private final DynamoDbClient dynamoClient;
    private final S3Client s3Client;

    private LocalAws(SamTemplate template, AwsBackend backend, LocalSecrets secrets) {
        this.template = template;
        this.backend = backend;
        this.secrets = secrets;
        applySettings();
        this.dynamoClient = DynamoClients.builder(ClientOverrideConfiguration.builder().build()).build();
        this.s3Client = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(backend.s3Endpoint())
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
        AwsBackend emulators = EmulatedAws.start(dataDir, dynamoPort, s3Port);
        LocalSecrets secrets = dataDir == null ? LocalSecrets.generate() : LocalSecrets.loadOrCreate(dataDir);
        return start(template, emulators, secrets);
    }

    /**
     * A throw-away stack on moto's server instead of the emulators: the tests' second lane.
     *
     * @param motoLog where moto's output goes and stays, or null for a temporary file
     */
    public static LocalAws startOnMoto(SamTemplate template, Path motoLog) {
        return start(template, MotoServer.start(motoLog), LocalSecrets.generate());
    }

    private static LocalAws start(SamTemplate template, AwsBackend backend, LocalSecrets secrets) {
        LocalAws aws = new LocalAws(template, backend, secrets);
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

    public URI dynamoEndpoint() {
        return backend.dynamoEndpoint();
    }

    public URI s3Endpoint() {
        return backend.s3Endpoint();
    }

    /** The environment a function sees: its template variables resolved locally, plus the emulators. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("AWS_REGION", REGION);
        settings.put("aws.accessKeyId", S3Emulator.ACCESS_KEY);
        settings.put("aws.secretAccessKey", S3Emulator.SECRET_KEY);
        settings.put("DYNAMODB_ENDPOINT", dynamoEndpoint().toString());
        settings.put("S3_ENDPOINT", s3Endpoint().toString());
        settings.putAll(backend.settings());
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
        backend.close();
    }
}
