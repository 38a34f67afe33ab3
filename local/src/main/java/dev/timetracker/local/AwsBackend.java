package dev.timetracker.local;

import java.net.URI;
import java.util.Map;

/**
 * Something other than this project's emulators that answers the DynamoDB and S3 calls of the tests: moto's
 * server, an independent second implementation ({@link MotoServer}).
 */
public interface AwsBackend extends AutoCloseable {
    URI dynamoEndpoint();

    URI s3Endpoint();

    /** Settings the functions need for this backend, beyond its endpoints. */
    default Map<String, String> settings() {
        return Map.of();
    }

    @Override
    void close();
}
