package dev.timetracker.local.iam;

import dev.timetracker.local.dynamodb.RequestAuthorizer.Refusal;
import dev.timetracker.local.dynamodb.RequestAuthorizer.SignedRequest;
import java.time.Clock;

/**
 * Secrets Manager's and SSM's front door as AWS keeps it: the same SigV4 check as DynamoDB's, then the caller's
 * policy must allow the action on the one secret or parameter the request names, or AccessDeniedException
 * (HTTP 400). Actions and resources: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
 * and https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html
 */
public final class SecretsAccess {
    private final SignatureVerifier signatures;

    public SecretsAccess(Identities identities, Clock clock) {
        this.signatures = new SignatureVerifier(identities, clock);
    }

    /** The authenticated caller of one request. */
    public interface Caller {
        /** @throws Refusal when the caller's policy does not allow the action on the resource */
        void authorize(String action, String resourceArn);
    }

    /**
     * @param service the signing name the request's credential scope must name ({@code secretsmanager}, {@code ssm})
     * @throws Refusal when the request is not signed by a known caller for that service
     */
    public Caller authenticate(SignedRequest request, String service) {
        Identity identity = signatures.verify(request, service);
        return (action, resource) -> AccessCheck.denial(identity, action, resource)
                .ifPresent(message -> {
                    throw new Refusal(400, "AccessDeniedException", message);
                });
    }
}
