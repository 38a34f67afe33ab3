package dev.timetracker.local.iam;

import java.util.Optional;

/** One action on one resource by one identity, decided by its policy, with the message AWS gives on denial. */
final class AccessCheck {
    private AccessCheck() {}

    /**
     * @return empty when allowed, else the reason in AWS's words, e.g. {@code User: arn:aws:sts::...:assumed-role/
     *     PunchFunction-role/PunchFunction is not authorized to perform: dynamodb:PutItem on resource: arn:... because
     *     no identity-based policy allows the dynamodb:PutItem action}. See
     *     https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html
     */
    static Optional<String> denial(Identity identity, String action, String resource) {
        String refused = "User: " + identity.principalArn() + " is not authorized to perform: " + action
                + " on resource: " + resource;
        return switch (identity.policy().evaluate(action, resource)) {
            case ALLOWED -> Optional.empty();
            case EXPLICITLY_DENIED -> Optional.of(refused + " with an explicit deny in an identity-based policy");
            case IMPLICITLY_DENIED ->
                Optional.of(refused + " because no identity-based policy allows the " + action + " action");
        };
    }
}
