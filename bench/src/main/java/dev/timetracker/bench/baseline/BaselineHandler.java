package dev.timetracker.bench.baseline;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold-start baseline: a Lambda function that does nothing but one GetItem, with the SDK set up exactly as
 * every function sets it up ({@link AwsClients#dynamoDb}, from the same settings). It is shaded into
 * {@code bench/target/baseline.jar} with shared's runtime dependencies only, so a function's cold start divided
 * by this one's is what the function adds on top of "JVM + SDK + one round trip".
 *
 * <p>It reads the item the benchmark seeds at {@link #KEY} in the time table (a copy of a real punch clock), so
 * the response is unmarshalled as a status read's would be. No JSON library: the event is read and dropped.
 */
public final class BaselineHandler implements RequestStreamHandler {
    /** pk and sk of the item read; the benchmark writes it before the first cold start. */
    public static final String KEY = "BASELINE";

    private final DynamoDbClient db;
    private final String table;

    /** What the Lambda runtime calls, like every function's no-argument constructor. */
    public BaselineHandler() {
        Environment environment = Environment.process();
        this.db = AwsClients.dynamoDb(environment);
        this.table = environment.required("TIME_TABLE");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.transferTo(OutputStream.nullOutputStream());
        var item = db.getItem(get -> get.tableName(table)
                        .key(Map.of("pk", AttributeValue.fromS(KEY), "sk", AttributeValue.fromS(KEY))))
                .item();
        int status = item == null || item.isEmpty() ? 404 : 200;
        output.write(
                ("{\"statusCode\":" + status + ",\"body\":\"" + (item == null ? 0 : item.size()) + " attributes\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
