package dev.timetracker.local;

import dev.timetracker.local.dynamodb.DynamoDbEmulator;
import dev.timetracker.local.s3.S3Emulator;

import java.net.URI;
import java.nio.file.Path;

/** This project's DynamoDB emulator and S3Proxy, both in this JVM on loopback ports. */
final class EmulatedAws implements AwsBackend {
    private final DynamoDbEmulator dynamo;
    private final S3Emulator s3;

    private EmulatedAws(DynamoDbEmulator dynamo, S3Emulator s3) {
        this.dynamo = dynamo;
        this.s3 = s3;
    }

    /**
     * @param dataDir where state survives restarts, or null to keep it in memory
     * @param dynamoPort 0 for any free port
     * @param s3Port 0 for any free port
     */
    static EmulatedAws start(Path dataDir, int dynamoPort, int s3Port) {
        DynamoDbEmulator dynamo = DynamoDbEmulator.start(dynamoPort, dataDir == null ? null : dataDir.resolve("dynamodb"));
        S3Emulator s3 = S3Emulator.start(s3Port == 0 ? FreePorts.any() : s3Port,
                dataDir == null ? null : dataDir.resolve("s3"));
        return new EmulatedAws(dynamo, s3);
    }

    @Override
    public URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    @Override
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    @Override
    public void close() {
        s3.close();
        dynamo.close();
    }
}
