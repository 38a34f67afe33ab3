package dev.timetracker.local.iam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The IAM actions and resources an S3 REST request needs, read from its method, path-style URL and query, as
 * S3 maps operations to actions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 * and https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html. A multipart upload
 * is authorised as {@code s3:PutObject} from CreateMultipartUpload to CompleteMultipartUpload, and its abort as
 * {@code s3:AbortMultipartUpload} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions).
 */
final class S3Actions {
    /** One permission a request needs. */
    record Need(String action, String resource) {}

    private S3Actions() {}

    /**
     * @param rawPath    the path as sent, still percent-encoded: {@code /bucket/key}
     * @param query      the names of the query parameters
     * @param copySource the {@code x-amz-copy-source} header, or null
     * @param deletedKeys the keys a DeleteObjects request names (its XML body), else empty
     */
    static List<Need> needs(
            String method, String rawPath, Set<String> query, String copySource, List<String> deletedKeys) {
        String[] path = rawPath.split("/", 3);
        String bucket = path.length > 1 ? decode(path[1]) : "";
        String key = path.length > 2 ? decode(path[2]) : "";
        if (bucket.isEmpty()) {
            return List.of(new Need(method.equals("GET") ? "s3:ListAllMyBuckets" : "s3:Unsupported", "*"));
        }
        String bucketArn = LocalArns.bucket(bucket);
        if (key.isEmpty() && method.equals("POST") && query.contains("delete")) {
            // DeleteObjects needs s3:DeleteObject on every key. S3 would refuse only the keys not allowed, each
            // with an AccessDenied entry in the result; here the whole request is refused (stricter than S3).
            return deletedKeys.stream()
                    .map(deleted -> new Need("s3:DeleteObject", LocalArns.object(bucket, deleted)))
                    .toList();
        }
        if (key.isEmpty()) {
            return List.of(new Need(bucketAction(method, query), bucketArn));
        }
        String objectArn = LocalArns.object(bucket, key);
        boolean version = query.contains("versionId");
        List<Need> needs = new ArrayList<>();
        switch (method) {
            case "GET", "HEAD" -> {
                if (query.contains("acl")) {
                    needs.add(new Need(version ? "s3:GetObjectVersionAcl" : "s3:GetObjectAcl", objectArn));
                } else if (query.contains("uploadId")) {
                    needs.add(new Need("s3:ListMultipartUploadParts", objectArn));
                } else if (query.contains("attributes")) {
                    needs.add(
                            new Need(version ? "s3:GetObjectVersionAttributes" : "s3:GetObjectAttributes", objectArn));
                } else {
                    needs.add(new Need(version ? "s3:GetObjectVersion" : "s3:GetObject", objectArn));
                }
            }
            case "PUT" -> {
                if (query.contains("acl")) {
                    needs.add(new Need(version ? "s3:PutObjectVersionAcl" : "s3:PutObjectAcl", objectArn));
                } else {
                    // PutObject, UploadPart, CopyObject and UploadPartCopy all write with s3:PutObject ...
                    needs.add(new Need("s3:PutObject", objectArn));
                    if (copySource != null) {
                        // ... and a copy reads its source with s3:GetObject.
                        needs.add(new Need("s3:GetObject", copySourceArn(copySource)));
                    }
                }
            }
            case "POST" ->
                needs.add(new Need("s3:PutObject", objectArn)); // CreateMultipartUpload, CompleteMultipartUpload
            case "DELETE" ->
                needs.add(new Need(
                        query.contains("uploadId")
                                ? "s3:AbortMultipartUpload"
                                : version ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
                        objectArn));
            default -> needs.add(new Need("s3:Unsupported", objectArn));
        }
        return needs;
    }

    private static String bucketAction(String method, Set<String> query) {
        return switch (method) {
            case "GET", "HEAD" ->
                query.contains("acl")
                        ? "s3:GetBucketAcl"
                        : query.contains("location")
                                ? "s3:GetBucketLocation"
                                : query.contains("encryption")
                                        ? "s3:GetEncryptionConfiguration"
                                        : query.contains("versioning")
                                                ? "s3:GetBucketVersioning"
                                                : query.contains("versions")
                                                        ? "s3:ListBucketVersions"
                                                        : query.contains("uploads")
                                                                ? "s3:ListBucketMultipartUploads"
                                                                : query.contains("policy")
                                                                        ? "s3:GetBucketPolicy"
                                                                        : "s3:ListBucket"; // ListObjects(V2), and
            // HeadBucket
            case "PUT" ->
                query.contains("acl")
                        ? "s3:PutBucketAcl"
                        : query.contains("encryption")
                                ? "s3:PutEncryptionConfiguration"
                                : query.contains("versioning") ? "s3:PutBucketVersioning" : "s3:CreateBucket";
            case "DELETE" -> query.contains("encryption") ? "s3:PutEncryptionConfiguration" : "s3:DeleteBucket";
            default -> "s3:Unsupported";
        };
    }

    /** {@code x-amz-copy-source: /bucket/key?versionId=...}, URL-encoded, the leading slash optional. */
    private static String copySourceArn(String copySource) {
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int question = source.indexOf('?');
        if (question >= 0) {
            source = source.substring(0, question);
        }
        int slash = source.indexOf('/');
        if (slash < 0) {
            return LocalArns.bucket(decode(source));
        }
        return LocalArns.object(decode(source.substring(0, slash)), decode(source.substring(slash + 1)));
    }

    /** Percent-decoding as in a path: a {@code +} is a plus sign, not a space. */
    static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
