package dev.timetracker.local.api;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.config.AwsClients;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.functions.auth.AuthHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.punch.PunchHandler;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Each function's SnapStart priming (the beforeCheckpoint work) against the local stack: every priming request
 * passes the real token check and is answered by its endpoint (the status that endpoint gives for keys that match
 * nothing; never the router's 404 nor a 401), DynamoDB sees the operations of the real path, and no item of any
 * table changes.
 */
@ExtendWith(LocalAwsExtension.class)
class SnapStartPrimingTest {
    /** The DynamoDB operations each function's priming must make: those of its real request path. */
    private static final Map<String, Set<String>> EXPECTED_OPERATIONS = Map.of(
            "AuthFunction", Set.of("BatchGetItem", "GetItem", "Query"),
            "EmployeesFunction", Set.of("BatchGetItem", "GetItem", "TransactWriteItems"),
            // The own punch reads the clock first (GetItem), then writes one transaction with the live totals.
            "PunchFunction", Set.of("GetItem", "Query", "TransactWriteItems"),
            "StatusFunction", Set.of("GetItem", "BatchGetItem"),
            "ReportsFunction", Set.of("BatchGetItem", "Query"),
            "PeriodsFunction", Set.of("BatchGetItem", "GetItem"),
            "DailyAggregationFunction", Set.of("BatchGetItem", "GetItem", "Query", "UpdateItem"));

    private TestStack stack;
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp(TestStack stack) {
        this.stack = stack;
        // Data to miss: an admin, an employee with a clock.
        Fixtures.adminCaller(stack);
        Fixtures.newEmployee(stack);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AuthFunction",
                "EmployeesFunction",
                "PunchFunction",
                "StatusFunction",
                "ReportsFunction",
                "PeriodsFunction"
            })
    void primingTakesTheRealPathOfEachHttpFunctionAndChangesNoItem(String function) {
        HttpFunction handler = httpHandler(function, countingDeployment(function));
        Map<String, List<Map<String, AttributeValue>>> before = everyItem();

        List<Priming.Outcome> outcomes = handler.prime();

        assertEquals(before, everyItem(), function + "'s priming changed data");
        assertFalse(outcomes.isEmpty(), function + " primes nothing");
        for (Priming.Outcome outcome : outcomes) {
            assertTrue(outcome.asExpected(), function + ": " + outcome);
            assertTrue(
                    outcome.status() != 401 && outcome.status() != 403 && outcome.status() != 405,
                    function + ": " + outcome);
            if (outcome.status() == 404) {
                assertFalse(String.valueOf(outcome.detail()).startsWith("No route"), "the router answered: " + outcome);
            }
        }
        assertTrue(
                new HashSet<>(operations).containsAll(EXPECTED_OPERATIONS.get(function)),
                function + " made " + operations);
    }

    @Test
    void thePasswordFunctionsHashAPasswordWhilePriming() {
        for (String function : List.of("AuthFunction", "EmployeesFunction")) {
            HttpFunction handler = httpHandler(function, countingDeployment(function));
            long before = Pbkdf2PasswordHasher.derivations();
            handler.prime();
            assertTrue(Pbkdf2PasswordHasher.derivations() > before, function + " primed without hashing a password");
        }
        long before = Pbkdf2PasswordHasher.derivations();
        httpHandler("StatusFunction", countingDeployment("StatusFunction")).prime();
        assertEquals(before, Pbkdf2PasswordHasher.derivations(), "a function without passwords hashes none");
    }

    @Test
    void theNightlyJobPrimesItsReadPathAndChangesNoItem() {
        Deployment deployment = countingDeployment("DailyAggregationFunction");
        var handler = new DailyAggregationHandler(
                DailyAggregationHandler.Config.of(deployment).withS3(stack.s3()));
        Map<String, List<Map<String, AttributeValue>>> before = everyItem();

        handler.prime();

        assertEquals(before, everyItem(), "the nightly job's priming changed data");
        assertEquals(EXPECTED_OPERATIONS.get("DailyAggregationFunction"), new HashSet<>(operations));
    }

    @Test
    void primingThatFailsNeverBreaksInit() {
        DynamoDbClient broken = AwsClients.dynamoDbBuilder(
                        stack.deployment("PunchFunction").environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        throw new IllegalStateException("DynamoDB is gone");
                                    }
                                })
                                .build())
                .build();
        for (String function : List.of(
                "AuthFunction",
                "EmployeesFunction",
                "PunchFunction",
                "StatusFunction",
                "ReportsFunction",
                "PeriodsFunction")) {
            HttpFunction handler =
                    httpHandler(function, stack.deployment(function).withDb(broken));
            List<Priming.Outcome> outcomes = assertDoesNotThrow(handler::prime);
            assertTrue(outcomes.stream().anyMatch(outcome -> !outcome.asExpected()), function + ": " + outcomes);
        }
        Deployment aggregation = stack.deployment("DailyAggregationFunction").withDb(broken);
        assertDoesNotThrow(() -> new DailyAggregationHandler(
                        DailyAggregationHandler.Config.of(aggregation).withS3(stack.s3()))
                .prime());
    }

    private HttpFunction httpHandler(String function, Deployment deployment) {
        return switch (function) {
            case "AuthFunction" ->
                new AuthHandler(AuthHandler.Config.of(deployment).withSigningKey(Fixtures.signingKey(stack)));
            case "EmployeesFunction" -> new EmployeesHandler(deployment);
            case "PunchFunction" -> new PunchHandler(deployment);
            case "StatusFunction" -> new StatusHandler(deployment);
            case "PeriodsFunction" -> new PeriodsHandler(deployment);
            case "ReportsFunction" ->
                new ReportsHandler(
                        ReportsHandler.Config.of(deployment).withS3(stack.s3()).withLinks(stack.links(function)));
            default -> throw new IllegalArgumentException(function);
        };
    }

    /** The function's own deployment with a DynamoDB client that records each operation it sends. */
    private Deployment countingDeployment(String function) {
        Deployment deployment = stack.deployment(function);
        DynamoDbClient counting = AwsClients.dynamoDbBuilder(
                        deployment.environment(),
                        ClientOverrideConfiguration.builder()
                                .addExecutionInterceptor(new ExecutionInterceptor() {
                                    @Override
                                    public void beforeExecution(
                                            Context.BeforeExecution context, ExecutionAttributes attributes) {
                                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                                    }
                                })
                                .build())
                .build();
        return deployment.withDb(counting);
    }

    /** Every item of every table, by table (a test's Scan: the functions never scan). */
    private Map<String, List<Map<String, AttributeValue>>> everyItem() {
        if (!stack.aws().onMoto()) {
            // Expired items go now rather than in the middle of the comparison.
            stack.dynamoEmulator().sweepTtl();
        }
        DynamoDbClient db = stack.dynamoDb();
        Map<String, List<Map<String, AttributeValue>>> items = new TreeMap<>();
        for (String table : db.listTablesPaginator().tableNames()) {
            List<Map<String, AttributeValue>> all = new ArrayList<>();
            db.scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                    .items()
                    .forEach(all::add);
            all.sort(java.util.Comparator.comparing(Object::toString));
            items.put(table, all);
        }
        return items;
    }
}
