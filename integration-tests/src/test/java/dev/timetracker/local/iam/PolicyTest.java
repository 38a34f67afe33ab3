package dev.timetracker.local.iam;

import static dev.timetracker.local.iam.Policy.Decision.ALLOWED;
import static dev.timetracker.local.iam.Policy.Decision.EXPLICITLY_DENIED;
import static dev.timetracker.local.iam.Policy.Decision.IMPLICITLY_DENIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policies from template.yaml, resolved to the local stack's ARNs and evaluated as IAM does. */
class PolicyTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/";

    @TempDir
    Path dir;

    @Test
    void wildcardsMatchAnyRunOfCharactersActionsIgnoringCase() {
        assertTrue(Policy.wildcardMatch("arn:aws:s3:::b/exports/*", "arn:aws:s3:::b/exports/2024/x.csv"));
        assertFalse(Policy.wildcardMatch("arn:aws:s3:::b/exports/*", "arn:aws:s3:::b/export.csv"));
        assertTrue(Policy.wildcardMatch("arn:*:dynamodb:*:*:table/T?me*", "arn:aws:dynamodb:r:1:table/TimeTable"));
        assertFalse(Policy.wildcardMatch("table/Time", "table/TimeTable"), "no implicit prefix match");
        Policy policy = new Policy(
                List.of(new Policy.Statement(Policy.Effect.ALLOW, List.of("s3:Get*", "DynamoDB:*"), List.of("*"))));
        assertEquals(ALLOWED, policy.evaluate("s3:GetObject", "arn:aws:s3:::b/k"));
        assertEquals(ALLOWED, policy.evaluate("dynamodb:PutItem", TABLE + "T"));
        assertEquals(IMPLICITLY_DENIED, policy.evaluate("s3:PutObject", "arn:aws:s3:::b/k"));
    }

    @Test
    void anExplicitDenyWinsOverAnyAllow() {
        Policy policy = new Policy(List.of(
                new Policy.Statement(Policy.Effect.ALLOW, List.of("dynamodb:*"), List.of(TABLE + "*")),
                new Policy.Statement(
                        Policy.Effect.DENY, List.of("dynamodb:DeleteItem"), List.of(TABLE + "AuditTable"))));

        assertEquals(ALLOWED, policy.evaluate("dynamodb:DeleteItem", TABLE + "TimeTable"));
        assertEquals(EXPLICITLY_DENIED, policy.evaluate("dynamodb:DeleteItem", TABLE + "AuditTable"));
        Identity identity =
                new Identity("F", LocalArns.assumedRole("F"), "ASIAX", "s", java.util.Optional.of("t"), policy);
        assertEquals(
                "User: arn:aws:sts::000000000000:assumed-role/F-role/F is not authorized to perform: "
                        + "dynamodb:DeleteItem on resource: " + TABLE + "AuditTable with an explicit deny in an "
                        + "identity-based policy",
                AccessCheck.denial(identity, "dynamodb:DeleteItem", TABLE + "AuditTable")
                        .orElseThrow());
    }

    @Test
    void intrinsicsResolveToLocalArns() throws IOException {
        SamTemplate template = template("""
                    Policies:
                      - Statement:
                          - Effect: Allow
                            Action: [dynamodb:Query, 'dynamodb:Get*']
                            Resource:
                              - !GetAtt Table.Arn
                              - !Sub '${Table.Arn}/index/*'
                              - !Sub 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}'
                              - !Join ['', [!GetAtt [Table, Arn], '/stream/*']]
                      - Statement:
                          Effect: Deny
                          Action: s3:*
                          Resource: !Sub '${Bucket.Arn}/private/*'
                      - Statement:
                          - Effect: Allow
                            Action: s3:PutObject
                            Resource: !Sub ['${B}/exports/*', {B: !GetAtt Bucket.Arn}]
                """);

        Policy policy = new TemplatePolicies(template).of(template.functions().get(0));

        assertEquals(
                List.of(TABLE + "Table", TABLE + "Table/index/*", TABLE + "Table", TABLE + "Table/stream/*"),
                policy.statements().get(0).resources());
        assertEquals(
                List.of("arn:aws:s3:::bucket/private/*"),
                policy.statements().get(1).resources());
        assertEquals(Policy.Effect.DENY, policy.statements().get(1).effect());
        assertEquals(
                List.of("arn:aws:s3:::bucket/exports/*"),
                policy.statements().get(2).resources());
        assertEquals(ALLOWED, policy.evaluate("dynamodb:Query", TABLE + "Table/index/by-x"));
        assertEquals(ALLOWED, policy.evaluate("dynamodb:GetItem", TABLE + "Table"));
        assertEquals(IMPLICITLY_DENIED, policy.evaluate("dynamodb:PutItem", TABLE + "Table"));
        assertEquals(EXPLICITLY_DENIED, policy.evaluate("s3:GetObject", "arn:aws:s3:::bucket/private/x"));
    }

    @Test
    void whatTheLocalStackCannotEvaluateIsRefusedNotIgnored() throws IOException {
        for (String policies : List.of(
                "    Policies: [AmazonDynamoDBReadOnlyAccess]\n",
                "    Policies:\n      - DynamoDBCrudPolicy: {TableName: !Ref Table}\n",
                "    Policies:\n      - Statement: [{Effect: Allow, Action: 's3:*', Resource: '*', "
                        + "Condition: {Bool: {aws:SecureTransport: true}}}]\n",
                "    Policies:\n      - Statement: [{Effect: Allow, NotAction: 's3:*', Resource: '*'}]\n",
                "    Policies:\n      - Statement: [{Effect: Allow, Action: 's3:*', Resource: !GetAtt Table.StreamArn}]\n")) {
            SamTemplate template = template(policies);
            FunctionResource function = template.functions().get(0);
            assertThrows(IllegalArgumentException.class, () -> new TemplatePolicies(template).of(function), policies);
        }
    }

    @Test
    void theRealTemplateGivesEachFunctionItsOwnPolicy() {
        SamTemplate template = SamTemplate.load(SamTemplate.locate());
        Identities identities = Identities.fromTemplate(template);

        Policy punch = identities.function("PunchFunction").orElseThrow().policy();
        Policy reports = identities.function("ReportsFunction").orElseThrow().policy();

        assertEquals(ALLOWED, punch.evaluate("dynamodb:UpdateItem", TABLE + "TimeTable"));
        assertEquals(IMPLICITLY_DENIED, punch.evaluate("dynamodb:PutItem", TABLE + "EmployeesTable"));
        assertEquals(IMPLICITLY_DENIED, punch.evaluate("dynamodb:Query", TABLE + "EmployeesTable/index/by-roster"));
        assertEquals(ALLOWED, reports.evaluate("dynamodb:Query", TABLE + "TimeTable/index/sessions-by-date"));
        assertEquals(ALLOWED, reports.evaluate("s3:PutObject", "arn:aws:s3:::exportbucket/exports/x.csv"));
        assertEquals(IMPLICITLY_DENIED, reports.evaluate("s3:PutObject", "arn:aws:s3:::exportbucket/x.csv"));
        assertEquals(ALLOWED, identities.harness().policy().evaluate("s3:DeleteBucket", "arn:aws:s3:::exportbucket"));
        assertEquals(
                template.functions().size(),
                template.functions().stream()
                        .map(function -> identities
                                .function(function.logicalId())
                                .orElseThrow()
                                .accessKeyId())
                        .distinct()
                        .count(),
                "one identity per function");
    }

    /** A template with tables, a bucket, and one function whose properties end with {@code policies}. */
    private SamTemplate template(String policies) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, """
                Resources:
                  Table:
                    Type: AWS::DynamoDB::Table
                  Bucket:
                    Type: AWS::S3::Bucket
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.Y::handleRequest
                """ + policies.indent(2));
        return SamTemplate.load(file);
    }
}
