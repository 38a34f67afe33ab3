package dev.timetracker.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Data survives a stack delete and a replacement: every resource that holds data the stack cannot recreate is
 * kept by CloudFormation. {@code DeletionPolicy: Retain} keeps it when the stack is deleted or an update removes
 * it from the template, but "doesn't apply to resources whose physical instance is replaced during stack update
 * operations" (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html),
 * which is what {@code UpdateReplacePolicy: Retain} covers; a table's {@code DeletionProtectionEnabled} also
 * refuses a DeleteTable from anyone, inside or outside CloudFormation.
 *
 * <p>Stateful here: tables, buckets, secrets and SSM parameters (keys: a lost signing key invalidates every
 * token, a lost cursor key every cursor). Not: log groups (their contents expire by RetentionInDays anyway and a
 * retained one would only be an orphan), the dead-letter queue (its messages live 14 days at most), alarms.
 */
class StatefulResourcesTest {
    static final Set<String> STATEFUL =
            Set.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SecretsManager::Secret", "AWS::SSM::Parameter");

    private final SamTemplate template = SamTemplate.load(SamTemplate.locate());

    @Test
    void everyStatefulResourceIsRetainedOnDeleteAndOnReplacement() {
        List<String> missing = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            if (STATEFUL.contains(String.valueOf(resource.get("Type")))) {
                for (String policy : List.of("DeletionPolicy", "UpdateReplacePolicy")) {
                    if (!"Retain".equals(resource.get(policy))) {
                        missing.add(id + " (" + resource.get("Type") + "): " + policy + " is " + resource.get(policy));
                    }
                }
            }
        });
        assertEquals(List.of(), missing, "each needs DeletionPolicy: Retain and UpdateReplacePolicy: Retain");
    }

    @Test
    void everyTableRefusesDeletion() {
        List<String> unprotected = new ArrayList<>();
        template.resources().forEach((id, resource) -> {
            if ("AWS::DynamoDB::Table".equals(resource.get("Type"))) {
                Object protection = SamTemplate.map(resource.get("Properties")).get("DeletionProtectionEnabled");
                if (!Boolean.TRUE.equals(protection)) {
                    unprotected.add(id);
                }
            }
        });
        assertEquals(List.of(), unprotected, "DeletionProtectionEnabled: true");
    }

    /** The checks above would pass on a template without the resources, e.g. after a rename of a type. */
    @Test
    void theTemplateHasTheStatefulResourcesTheChecksAreAbout() {
        Map<String, Map<String, Object>> resources = template.resources();
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SecretsManager::Secret")) {
            assertFalse(resources.values().stream().noneMatch(resource -> type.equals(resource.get("Type"))), type);
        }
        assertEquals(5, template.tables().size(), "the five tables");
    }
}
