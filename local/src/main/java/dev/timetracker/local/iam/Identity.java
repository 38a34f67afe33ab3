package dev.timetracker.local.iam;

import java.util.Optional;

/**
 * A caller the local stack knows: its credentials and the policy its requests are authorised against.
 *
 * @param name         the function's logical id, or a name for the harness
 * @param principalArn how AWS names this caller in an AccessDenied message
 * @param sessionToken present for temporary credentials (what a function gets), absent for static ones
 */
public record Identity(
        String name,
        String principalArn,
        String accessKeyId,
        String secretAccessKey,
        Optional<String> sessionToken,
        Policy policy) {
    @Override
    public String toString() {
        // never the secret or the token: identities end up in assertion messages and logs
        return "Identity[" + name + ", " + accessKeyId + "]";
    }
}
