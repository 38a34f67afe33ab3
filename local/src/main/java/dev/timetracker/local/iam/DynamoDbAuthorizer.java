package dev.timetracker.local.iam;

import com.fasterxml.jackson.databind.JsonNode;
import dev.timetracker.local.dynamodb.RequestAuthorizer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's front door as AWS keeps it: every request must carry a valid SigV4 signature of a known identity
 * (with its session token, when it has one), made within 15 minutes, and every table or index it touches must be
 * allowed by that identity's policy for the action the request performs there, or nothing of it runs.
 *
 * <p>Errors are DynamoDB's, all HTTP 400: MissingAuthenticationTokenException, IncompleteSignatureException,
 * UnrecognizedClientException, InvalidSignatureException, AccessDeniedException
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html). Actions and
 * resources per operation: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html;
 * a transaction needs the single-item action of each of its items
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
 */
public final class DynamoDbAuthorizer implements RequestAuthorizer {
    private static final String SERVICE = "dynamodb";
    private static final String DYNAMODB = "com.amazonaws.dynamodb.v20120810#";

    private final SignatureVerifier signatures;

    public DynamoDbAuthorizer(Identities identities, Clock clock) {
        this.signatures = new SignatureVerifier(identities, clock);
    }

    /** One permission a request needs. */
    record Need(String action, String resource) {}

    @Override
    public Caller authenticate(SignedRequest request) {
        Identity identity = signatures.verify(request, SERVICE);
        return (operation, body) -> {
            for (Need need : needs(operation, body)) {
                AccessCheck.denial(identity, need.action(), need.resource()).ifPresent(message -> {
                    throw new Refusal(400, DYNAMODB + "AccessDeniedException", message);
                });
            }
        };
    }

    /** The permissions an operation needs; a body too malformed to name its table is left to validation. */
    static List<Need> needs(String operation, JsonNode body) {
        List<Need> needs = new ArrayList<>();
        switch (operation) {
            case "BatchGetItem", "BatchWriteItem" -> {
                Iterator<String> tables = body.path("RequestItems").fieldNames();
                while (tables.hasNext()) {
                    needs.add(new Need(SERVICE + ":" + operation, LocalArns.table(tables.next())));
                }
            }
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : body.path("TransactItems")) {
                    Iterator<Map.Entry<String, JsonNode>> kinds =
                            item.properties().iterator();
                    while (kinds.hasNext()) {
                        Map.Entry<String, JsonNode> kind = kinds.next();
                        String action = switch (kind.getKey()) {
                            case "Put" -> "PutItem";
                            case "Update" -> "UpdateItem";
                            case "Delete" -> "DeleteItem";
                            case "ConditionCheck" -> "ConditionCheckItem";
                            case "Get" -> "GetItem";
                            default -> null;
                        };
                        String table = kind.getValue().path("TableName").asText(null);
                        if (action != null && table != null) {
                            needs.add(new Need(SERVICE + ":" + action, LocalArns.table(table)));
                        }
                    }
                }
            }
            default -> {
                String table = body.path("TableName").asText(null);
                String index = body.path("IndexName").asText(null);
                String resource =
                        table == null ? "*" : index == null ? LocalArns.table(table) : LocalArns.index(table, index);
                needs.add(new Need(SERVICE + ":" + operation, resource));
            }
        }
        return needs;
    }
}
