package dev.timetracker.local.iam;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ARNs of the local stack's resources, in the formats IAM policies name them in AWS: one account, one region.
 * See https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html#amazondynamodb-resources-for-iam-policies
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html#amazons3-resources-for-iam-policies;
 * secrets and parameters: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
public final class LocalArns {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "000000000000";

    private LocalArns() {}

    /**
     * Tables and buckets a test made as fresh copies of the template's, by copy name: each stands for its original,
     * as the same template deployed a second time would name its own tables in its own policies. Only names
     * registered here are treated so; any other table or bucket stays outside every function's policy.
     */
    private static final Map<String, String> COPIES = new ConcurrentHashMap<>();

    public static void registerCopy(String copyName, String originalName) {
        COPIES.put(copyName, originalName);
    }

    public static String table(String tableName) {
        // The API also accepts a table's ARN wherever it takes a TableName.
        return tableName.startsWith("arn:")
                ? tableName
                : "arn:aws:dynamodb:" + REGION + ":" + ACCOUNT + ":table/" + COPIES.getOrDefault(tableName, tableName);
    }

    public static String index(String tableName, String indexName) {
        return table(tableName) + "/index/" + indexName;
    }

    public static String bucket(String bucket) {
        return "arn:aws:s3:::" + COPIES.getOrDefault(bucket, bucket);
    }

    /** A queue of the local stack is named after its logical id. */
    public static String queue(String queueName) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName;
    }

    public static String object(String bucket, String key) {
        return bucket(bucket) + "/" + key;
    }

    /**
     * A secret's ARN as a policy sees it: Secrets Manager appends a hyphen and 6 random characters to the name;
     * locally they are derived from the name, so template.yaml's {@code !Ref} of a secret and the emulator agree.
     * A registered copy stands for its original.
     */
    public static String secret(String secretName) {
        return ownSecretArn(COPIES.getOrDefault(secretName, secretName));
    }

    /** The ARN the emulator gives a secret of this name (a copy's own, not its original's). */
    public static String ownSecretArn(String secretName) {
        return "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:" + secretName + "-" + suffix(secretName);
    }

    /** A parameter's ARN: a name's leading slash is not repeated after {@code parameter}. */
    public static String parameter(String parameterName) {
        String name = COPIES.getOrDefault(parameterName, parameterName);
        return "arn:aws:ssm:" + REGION + ":" + ACCOUNT + ":parameter" + (name.startsWith("/") ? "" : "/") + name;
    }

    private static String suffix(String name) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        long hash = Integer.toUnsignedLong(name.hashCode());
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt((int) (hash % alphabet.length())));
            hash /= alphabet.length();
        }
        return suffix.toString();
    }

    /** The session a Lambda function's execution role gives it, as AWS names the caller in an AccessDenied. */
    public static String assumedRole(String functionLogicalId) {
        return "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + functionLogicalId + "-role/" + functionLogicalId;
    }

    public static String user(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":user/" + name;
    }
}
