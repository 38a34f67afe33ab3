package dev.timetracker.local.iam;

/**
 * ARNs of the local stack's resources, in the formats IAM policies name them in AWS: one account, one region.
 * See https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies
 */
public final class LocalArns {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    private LocalArns() {
    }

    public static String table(String tableName) {
        // The API also accepts a table's ARN wherever it takes a TableName.
        return tableName.startsWith("arn:") ? tableName : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + tableName;
    }

    public static String index(String tableName, String indexName) {
        return table(tableName) + "/index/" + indexName;
    }

    public static String bucket(String bucket) {
        return "arn:aws:s3:::" + bucket;
    }

    public static String object(String bucket, String key) {
        return bucket(bucket) + "/" + key;
    }

    /** The session a Lambda function's execution role gives it, as AWS names the caller in an AccessDenied. */
    public static String assumedRole(String functionLogicalId) {
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + functionLogicalId + "-role/" + functionLogicalId;
    }

    public static String user(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":user/" + name;
    }
}
