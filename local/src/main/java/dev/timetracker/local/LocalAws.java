package dev.timetracker.local;

import dev.timetracker.adapters.config.Environment;
import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.s3.S3Emulator;
import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import dev.timetracker.local.template.TableProvisioner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
    /** The harness's own identity (provisioning, test set-up and inspection), never handed to a function. */
    private static final StaticCredentialsProvider HARNESS_CREDENTIALS = StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3Emulator.ACCESS_KEY, S3Emulator.SECRET_KEY));

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
        this.dynamoClient = DynamoDbClient.builder()
                .region(Region.of(REGION))
                .endpointOverride(dynamo.endpoint())
                .credentialsProvider(HARNESS_CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        this.s3Client = S3Client.builder()
                .region(Region.of(REGION))
                .endpointOverride(s3.endpoint())
                .forcePathStyle(true)
                .credentialsProvider(HARNESS_CREDENTIALS)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /**
     * @param dataDir where state survives restarts, or null for a throw-away in-memory stack (tests)
     * @param dynamoPort 0 for any free port
     * @param s3Port 0 for any free port
     */
    public static LocalAws start(SamTemplate template, Path dataDir, int dynamoPort, int s3Port) {
        DynamoDbEmulator dynamo = DynamoDbEmulator.start(dynamoPort, dataDir == null ? null : dataDir.resolve("dynamodb"));
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

    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    public URI s3Endpoint() {
        return s3.endpoint();
    }

    /**
     * The environment one function sees, built as Lambda builds it: the variables Lambda itself sets
     * (AWS_REGION), the function's own template variables merged over Globals (SAM's rule), each resolved
     * locally, and the emulators' endpoints. A dynamic reference that only CloudFormation can resolve
     * ({@code {{resolve:...}}}) takes the local secret of the same variable name; so a function gets exactly
     * the secrets its template block names, and nothing of the other functions'.
     */
    public Environment environmentOf(String functionLogicalId) {
        return environmentOf(template, functionLogicalId);
    }

    /** The same for a function of another template (a test's changed copy), on this stack's emulators. */
    public Environment environmentOf(SamTemplate template, String functionLogicalId) {
        FunctionResource function = template.functions().stream()
                .filter(candidate -> candidate.logicalId().equals(functionLogicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + functionLogicalId));
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", REGION);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", functionLogicalId);
        variables.put("DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
        variables.put("S3_ENDPOINT", s3.endpoint().toString());
        function.environment().forEach((name, value) -> {
            String resolved = template.resolveLocally(value);
            if (resolved == null) {
                resolved = secrets.values().get(name);
            }
            if (resolved == null) {
                throw new IllegalStateException(functionLogicalId + "'s variable " + name
                        + " has no local value: resolve it in SamTemplate or add a local secret of that name");
            }
            variables.put(name, resolved);
        });
        return new Environment(variables);
    }

    /** Until every function fetches its own credentials, the SDK's default chain finds the local keys here. */
    private void applySettings() {
        System.setProperty("aws.accessKeyId", S3Emulator.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3Emulator.SECRET_KEY);
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
