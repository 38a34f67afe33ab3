package dev.timetracker.local.template;

import static dev.timetracker.local.template.SamTemplate.list;
import static dev.timetracker.local.template.SamTemplate.map;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;

/** Creates each table of the template, keys, indexes and TTL exactly as declared, unless it exists already. */
public final class TableProvisioner {
    private TableProvisioner() {}

    public static void provision(DynamoDbClient db, List<TableResource> tables) {
        for (TableResource table : tables) {
            provision(db, table, table.logicalId());
        }
    }

    /** Creates one table of the template under another name: tests that need an empty table of that shape. */
    public static void provision(DynamoDbClient db, TableResource table, String name) {
        Map<String, Object> properties = table.properties();
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(list(properties.get("AttributeDefinitions")).stream()
                        .map(SamTemplate::map)
                        .map(definition -> AttributeDefinition.builder()
                                .attributeName(String.valueOf(definition.get("AttributeName")))
                                .attributeType(String.valueOf(definition.get("AttributeType")))
                                .build())
                        .toList())
                .keySchema(keySchema(properties.get("KeySchema")));
        List<GlobalSecondaryIndex> globalIndexes = list(properties.get("GlobalSecondaryIndexes")).stream()
                .map(SamTemplate::map)
                .map(index -> GlobalSecondaryIndex.builder()
                        .indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(projection(index.get("Projection")))
                        .build())
                .toList();
        if (!globalIndexes.isEmpty()) {
            request.globalSecondaryIndexes(globalIndexes);
        }
        List<LocalSecondaryIndex> localIndexes = list(properties.get("LocalSecondaryIndexes")).stream()
                .map(SamTemplate::map)
                .map(index -> LocalSecondaryIndex.builder()
                        .indexName(String.valueOf(index.get("IndexName")))
                        .keySchema(keySchema(index.get("KeySchema")))
                        .projection(projection(index.get("Projection")))
                        .build())
                .toList();
        if (!localIndexes.isEmpty()) {
            request.localSecondaryIndexes(localIndexes);
        }
        try {
            db.createTable(request.build());
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        Map<String, Object> ttl = map(properties.get("TimeToLiveSpecification"));
        if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
            db.updateTimeToLive(r -> r.tableName(name)
                    .timeToLiveSpecification(
                            spec -> spec.enabled(true).attributeName(String.valueOf(ttl.get("AttributeName")))));
        }
    }

    private static List<KeySchemaElement> keySchema(Object schema) {
        return list(schema).stream()
                .map(SamTemplate::map)
                .map(element -> KeySchemaElement.builder()
                        .attributeName(String.valueOf(element.get("AttributeName")))
                        .keyType(String.valueOf(element.get("KeyType")))
                        .build())
                .toList();
    }

    private static Projection projection(Object value) {
        Map<String, Object> projection = map(value);
        Projection.Builder builder =
                Projection.builder().projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")));
        List<Object> nonKey = list(projection.get("NonKeyAttributes"));
        if (!nonKey.isEmpty()) {
            builder.nonKeyAttributes(nonKey.stream().map(String::valueOf).toList());
        }
        return builder.build();
    }
}
