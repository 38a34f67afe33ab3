package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Schema checks DynamoDB applies to keys and items. Limits from
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html: a partition key value is 1 to
 * 2048 bytes and a sort key value 1 to 1024 bytes ("Partition keys and sort keys"), for the table's keys and for
 * every secondary index key an item carries; an item is at most 400 KB, attribute names included ("Items"). Empty
 * String and Binary values are allowed except as a key attribute of a table or an index:
 * https://aws.amazon.com/about-aws/whats-new/2020/05/amazon-dynamodb-now-supports-empty-values-for-non-key-string-and-binary-attributes-in-dynamodb-tables/
 */
final class Items {
    static final long MAX_ITEM_BYTES = 400 * 1024;
    static final long MAX_PARTITION_KEY_BYTES = 2048;
    static final long MAX_SORT_KEY_BYTES = 1024;
    static final long MAX_TRANSACTION_BYTES = 4L * 1024 * 1024;
    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final String NOT_VALID = "One or more parameter values are not valid. ";

    private Items() {}

    /** Validates a complete item for writing: keys present and typed, index keys typed, size within 400 KB. */
    static void validateItem(TableDefinition table, Map<String, AttrValue> item) {
        for (KeySchema.Attribute key : table.keys().attributes()) {
            AttrValue value = item.get(key.name());
            if (value == null) {
                throw DynamoDbError.validation(INVALID + "Missing the key " + key.name() + " in the item");
            }
            if (!value.type().equals(key.type())) {
                throw DynamoDbError.validation(INVALID + "Type mismatch for key " + key.name() + " expected: "
                        + key.type() + " actual: " + value.type());
            }
            checkKeyValue(key.name(), value, key.equals(table.keys().hash()));
        }
        for (IndexDefinition index : table.indexes()) {
            for (KeySchema.Attribute key : index.keys().attributes()) {
                AttrValue value = item.get(key.name());
                if (value == null || table.keys().contains(key.name())) {
                    continue;
                }
                if (!value.type().equals(key.type())) {
                    throw DynamoDbError.validation(INVALID + "Type mismatch for Index Key " + key.name() + " Expected: "
                            + key.type() + " Actual: " + value.type() + " IndexName: " + index.name());
                }
                if (isEmpty(value)) {
                    throw DynamoDbError.validation(NOT_VALID + "A value specified for a secondary index key is not "
                            + "supported. The AttributeValue for a key attribute cannot contain an empty "
                            + (value instanceof AttrValue.S ? "string" : "binary") + " value. IndexName: "
                            + index.name() + ", IndexKey: " + key.name());
                }
                long size = AttrValues.size(value);
                long max = key.equals(index.keys().hash()) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
                if (size > max) {
                    // DynamoDB's wording, e.g. https://github.com/wellcomecollection/platform/issues/2285
                    throw DynamoDbError.validation(
                            INVALID + "Size limit exceeded for Index Key " + key.name() + " Actual Size: " + size
                                    + " bytes Max Size: " + max + " bytes IndexName: " + index.name());
                }
            }
        }
        if (AttrValues.itemSize(item) > MAX_ITEM_BYTES) {
            throw DynamoDbError.validation("Item size has exceeded the maximum allowed size");
        }
    }

    /** Validates a Key parameter: exactly the key attributes, correctly typed. */
    static KeyTuple validateKey(TableDefinition table, Map<String, AttrValue> key) {
        List<AttrValue> values = table.keys().values(key);
        if (values == null || key.size() != values.size()) {
            throw DynamoDbError.validation("The provided key element does not match the schema");
        }
        for (KeySchema.Attribute attribute : table.keys().attributes()) {
            checkKeyValue(
                    attribute.name(),
                    key.get(attribute.name()),
                    attribute.equals(table.keys().hash()));
        }
        return KeyTuple.of(values);
    }

    /** A key value as a Key parameter, an item or a key condition gives it: not empty, within its size limit. */
    static void checkKeyValue(String name, AttrValue value, boolean hash) {
        if (isEmpty(value)) {
            throw DynamoDbError.validation(NOT_VALID + "The AttributeValue for a key attribute cannot contain an empty "
                    + (value instanceof AttrValue.S ? "string" : "binary") + " value. Key: " + name);
        }
        long size = AttrValues.size(value);
        if (hash && size > MAX_PARTITION_KEY_BYTES) {
            throw DynamoDbError.validation(
                    INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes");
        }
        if (!hash && size > MAX_SORT_KEY_BYTES) {
            throw DynamoDbError.validation(
                    INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
        }
    }

    /**
     * "The aggregate size of the items in the transaction cannot exceed 4 MB", for TransactWriteItems and
     * TransactGetItems alike (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html#limits-dynamodb-transactions).
     * The documentation names the limit but not the error text; the type is a ValidationException like every other
     * request limit.
     */
    static void checkTransactionSize(long bytes) {
        if (bytes > MAX_TRANSACTION_BYTES) {
            throw DynamoDbError.validation(
                    "Transaction size has exceeded the maximum allowed size of 4 MB; size: " + bytes + " bytes");
        }
    }

    /** A BatchGetItem or BatchWriteItem request's RequestItems: at least one table. */
    static JsonNode requestItems(JsonNode request) {
        JsonNode requestItems = Json.requiredObject(request, "RequestItems");
        if (requestItems.isEmpty()) {
            throw Json.constraint("RequestItems", "{}", "Member must have length greater than or equal to 1");
        }
        return requestItems;
    }

    /** A TransactWriteItems or TransactGetItems request's TransactItems: 1 to 100 of them. */
    static JsonNode transactItems(JsonNode request) {
        JsonNode items = Json.requiredArray(request, "TransactItems");
        if (items.isEmpty() || items.size() > 100) {
            throw Json.constraint(
                    "TransactItems",
                    "[...]",
                    "Member must have length "
                            + (items.isEmpty() ? "greater than or equal to 1" : "less than or equal to 100"));
        }
        return items;
    }

    private static boolean isEmpty(AttrValue value) {
        return (value instanceof AttrValue.S s && s.value().isEmpty())
                || (value instanceof AttrValue.B b && b.value().length() == 0);
    }

    /** Just the named attributes of an item, e.g. its key or a LastEvaluatedKey. */
    static Map<String, AttrValue> pick(Map<String, AttrValue> item, List<String> names) {
        Map<String, AttrValue> picked = new LinkedHashMap<>();
        for (String name : names) {
            AttrValue value = item.get(name);
            if (value != null) {
                picked.put(name, value);
            }
        }
        return picked;
    }
}
