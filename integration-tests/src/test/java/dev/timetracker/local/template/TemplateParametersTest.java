package dev.timetracker.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.password.Pbkdf2PasswordHasher;
import dev.timetracker.local.LocalStack;
import dev.timetracker.local.testing.TestStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parameter values as {@code sam deploy --parameter-overrides} passes them, checked as CloudFormation checks them
 * against the declaration (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html):
 * the test stacks are deployed with a lower password work factor, never with anything AWS would refuse.
 */
class TemplateParametersTest {
    private static final Map<String, String> WORK_FACTOR = Map.of("Ref", "PasswordHashIterations");

    private final SamTemplate template = SamTemplate.load(SamTemplate.locate());

    @Test
    void aDeploymentHashesPasswordsAtOwaspsWorkFactorUnlessItIsGivenAnother() {
        assertEquals(String.valueOf(Pbkdf2PasswordHasher.RECOMMENDED_ITERATIONS), template.resolveLocally(WORK_FACTOR));
        SamTemplate testStack = template.withParameters(TestStack.PARAMETERS);
        assertEquals("1000", testStack.resolveLocally(WORK_FACTOR));
        assertEquals(
                String.valueOf(Pbkdf2PasswordHasher.RECOMMENDED_ITERATIONS),
                template.resolveLocally(WORK_FACTOR),
                "the template itself is unchanged");
        assertEquals("prod", testStack.resolveLocally(Map.of("Ref", "Stage")), "the others keep their defaults");
    }

    @Test
    void exactlyTheFunctionsThatHashPasswordsGetTheWorkFactor() {
        List<String> hashing = template.functions().stream()
                .filter(function -> function.environment().containsKey(Pbkdf2PasswordHasher.ITERATIONS_VARIABLE))
                .map(FunctionResource::logicalId)
                .sorted()
                .toList();
        assertEquals(List.of("AuthFunction", "EmployeesFunction"), hashing);
        for (FunctionResource function : template.functions()) {
            Object value = function.environment().get(Pbkdf2PasswordHasher.ITERATIONS_VARIABLE);
            if (value != null) {
                assertEquals(WORK_FACTOR, value, function.logicalId() + " takes it from the parameter");
            }
        }
    }

    @Test
    void overridesAreReadAsSamDeployTakesThem() {
        assertEquals(
                Map.of("PasswordHashIterations", "1000", "Stage", "dev"),
                SamTemplate.parameterOverrides(" PasswordHashIterations=1000  Stage=dev "));
        assertEquals(Map.of("CorsAllowedOrigins", "a=b"), SamTemplate.parameterOverrides("CorsAllowedOrigins=a=b"));
        for (String malformed : List.of("PasswordHashIterations", "=1000", "Stage=dev Stage=test", "")) {
            assertThrows(IllegalArgumentException.class, () -> SamTemplate.parameterOverrides(malformed), malformed);
        }
    }

    @Test
    void theLocalStackRefusesAnOverrideAwsWouldRefuseBeforeItStartsAnything() {
        var error = assertThrows(
                IllegalArgumentException.class,
                () -> LocalStack.main(new String[] {"--parameter-overrides", "PasswordHashIterations=999"}));
        assertTrue(error.getMessage().contains("PasswordHashIterations=999"), error.getMessage());
    }

    @Test
    void valuesAwsWouldRefuseAreRefused() {
        Map<String, String> refused = Map.of(
                "PasswordHashIterations=999", "below MinValue",
                "PasswordHashIterations=many", "not a number",
                "LogRetentionDays=2", "not one of",
                "Stage=Prod!", "does not match",
                "NoSuchParameter=1", "declares no parameter");
        refused.forEach((assignment, reason) -> {
            String[] nameAndValue = assignment.split("=", 2);
            var error = assertThrows(
                    IllegalArgumentException.class,
                    () -> template.withParameters(Map.of(nameAndValue[0], nameAndValue[1])),
                    assignment);
            assertTrue(error.getMessage().contains(reason), assignment + ": " + error.getMessage());
        });
    }
}
