package dev.timetracker.local;

import java.net.URI;
import java.util.Map;

/**
 * What answers the DynamoDB and S3 calls of the local stack and the tests: this project's emulators
 * ({@link EmulatedAws}) or moto's server as an independent second implementation ({@link MotoServer}).
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
