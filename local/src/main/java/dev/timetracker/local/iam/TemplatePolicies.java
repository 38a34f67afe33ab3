package dev.timetracker.local.iam;

import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function's {@code Policies} from template.yaml as a {@link Policy} over the local stack's ARNs. Inline policy
 * documents are read with their intrinsics ({@code !GetAtt X.Arn}, {@code !Sub '${X.Arn}/index/*'}, {@code !Ref},
 * {@code !Join}); anything the local stack cannot evaluate (managed policies, SAM policy templates, Condition,
 * NotAction, NotResource) is refused loudly, so a policy is never enforced more leniently than AWS would.
 */
public final class TemplatePolicies {
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource");

    private final SamTemplate template;

    public TemplatePolicies(SamTemplate template) {
        this.template = template;
    }

    public Policy of(FunctionResource function) {
        List<Policy.Statement> statements = new ArrayList<>();
        for (Object document : function.policies()) {
            if (!(document instanceof Map<?, ?> policy) || !policy.containsKey("Statement")) {
                throw unsupported(function, "policy " + document + " (only inline documents with a Statement)");
            }
            for (Object statement : listOf(policy.get("Statement"))) {
                statements.add(statement(function, statement));
            }
        }
        return new Policy(statements);
    }

    private Policy.Statement statement(FunctionResource function, Object value) {
        if (!(value instanceof Map<?, ?> statement)) {
            throw unsupported(function, "statement " + value);
        }
        for (Object key : statement.keySet()) {
            if (!STATEMENT_KEYS.contains(String.valueOf(key))) {
                throw unsupported(function, "statement element " + key);
            }
        }
        Policy.Effect effect = switch (String.valueOf(statement.get("Effect"))) {
            case "Allow" -> Policy.Effect.ALLOW;
            case "Deny" -> Policy.Effect.DENY;
            default -> throw unsupported(function, "Effect " + statement.get("Effect"));
        };
        List<String> actions =
                listOf(statement.get("Action")).stream().map(String::valueOf).toList();
        List<String> resources = listOf(statement.get("Resource")).stream()
                .map(resource -> resolve(function, resource))
                .toList();
        if (actions.isEmpty() || resources.isEmpty()) {
            throw unsupported(function, "statement without Action or Resource: " + statement);
        }
        return new Policy.Statement(effect, actions, resources);
    }

    /** The string an intrinsic evaluates to in the local stack. */
    private String resolve(FunctionResource function, Object value) {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.size() == 1) {
            Map.Entry<?, ?> only = intrinsic.entrySet().iterator().next();
            Object argument = only.getValue();
            switch (String.valueOf(only.getKey())) {
                case "Ref" -> {
                    return reference(function, String.valueOf(argument));
                }
                case "Fn::GetAtt" -> {
                    List<String> parts = argument instanceof List<?> list
                            ? list.stream().map(String::valueOf).toList()
                            : List.of(String.valueOf(argument).split("\\.", 2));
                    return attribute(function, parts.get(0), parts.size() > 1 ? parts.get(1) : "");
                }
                case "Fn::Sub" -> {
                    if (argument instanceof List<?> list
                            && list.size() == 2
                            && list.get(1) instanceof Map<?, ?> variables) {
                        return substitute(function, String.valueOf(list.get(0)), variables);
                    }
                    return substitute(function, String.valueOf(argument), Map.of());
                }
                case "Fn::Join" -> {
                    if (argument instanceof List<?> list && list.size() == 2 && list.get(1) instanceof List<?> parts) {
                        List<String> joined = new ArrayList<>();
                        for (Object part : parts) {
                            joined.add(resolve(function, part));
                        }
                        return String.join(String.valueOf(list.get(0)), joined);
                    }
                }
                default -> {}
            }
        }
        throw unsupported(function, "value " + value);
    }

    private String substitute(FunctionResource function, String text, Map<?, ?> variables) {
        Matcher matcher = SUB_VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}"; // ${!Literal} is CloudFormation's escape
            } else if (variables.containsKey(name)) {
                replacement = resolve(function, variables.get(name));
            } else if (name.contains(".")) {
                String[] parts = name.split("\\.", 2);
                replacement = attribute(function, parts[0], parts[1]);
            } else {
                replacement = reference(function, name);
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private String reference(FunctionResource function, String name) {
        String pseudo = switch (name) {
            case "AWS::Region" -> LocalArns.REGION;
            case "AWS::AccountId" -> LocalArns.ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> null;
        };
        if (pseudo != null) {
            return pseudo;
        }
        String physicalName = template.resolveLocally(Map.of("Ref", name));
        if (physicalName == null) {
            throw unsupported(function, "!Ref " + name);
        }
        return physicalName;
    }

    private String attribute(FunctionResource function, String logicalId, String attribute) {
        if (attribute.equals("Arn")) {
            String type = String.valueOf(template.resourceType(logicalId));
            switch (type) {
                case "AWS::DynamoDB::Table" -> {
                    return LocalArns.table(reference(function, logicalId));
                }
                case "AWS::S3::Bucket" -> {
                    return LocalArns.bucket(reference(function, logicalId));
                }
                case "AWS::SQS::Queue" -> {
                    return LocalArns.queue(logicalId);
                }
                default -> {}
            }
        }
        throw unsupported(function, "!GetAtt " + logicalId + "." + attribute);
    }

    private static List<?> listOf(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? list : List.of(value);
    }

    private static IllegalArgumentException unsupported(FunctionResource function, String what) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "%s in template.yaml: the local stack cannot enforce %s", function.logicalId(), what));
    }
}
