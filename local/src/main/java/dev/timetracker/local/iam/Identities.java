package dev.timetracker.local.iam;

import dev.timetracker.local.template.FunctionResource;
import dev.timetracker.local.template.SamTemplate;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everyone who may call the local stack's DynamoDB and S3: one identity per function of template.yaml, with
 * temporary credentials (key id, secret, session token) as its execution role would get from STS and that
 * function's policy, plus the harness, a static full-access identity for the tests and the stack's own
 * provisioning. Keys are random per stack, so nothing can be signed with a key copied from elsewhere.
 */
public final class Identities {
    public static final String HARNESS = "local-harness";
    private static final char[] KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Identity> byFunction = new LinkedHashMap<>();
    private final Map<String, Identity> byAccessKey = new LinkedHashMap<>();
    private final Identity harness;

    private Identities(SamTemplate template) {
        TemplatePolicies policies = new TemplatePolicies(template);
        for (FunctionResource function : template.functions()) {
            // ASIA: the prefix AWS gives temporary (STS) access keys, AKIA long-term ones.
            Identity identity = new Identity(
                    function.logicalId(),
                    LocalArns.assumedRole(function.logicalId()),
                    "ASIA" + key(16),
                    secret(),
                    Optional.of(token()),
                    policies.of(function));
            byFunction.put(function.logicalId(), identity);
            byAccessKey.put(identity.accessKeyId(), identity);
        }
        harness = new Identity(
                HARNESS, LocalArns.user(HARNESS), "AKIA" + key(16), secret(), Optional.empty(), Policy.FULL_ACCESS);
        byAccessKey.put(harness.accessKeyId(), harness);
    }

    public static Identities fromTemplate(SamTemplate template) {
        return new Identities(template);
    }

    public Identity harness() {
        return harness;
    }

    public Optional<Identity> function(String logicalId) {
        return Optional.ofNullable(byFunction.get(logicalId));
    }

    public Optional<Identity> byAccessKey(String accessKeyId) {
        return Optional.ofNullable(accessKeyId == null ? null : byAccessKey.get(accessKeyId));
    }

    private String key(int length) {
        char[] key = new char[length];
        for (int i = 0; i < length; i++) {
            key[i] = KEY_ALPHABET[random.nextInt(KEY_ALPHABET.length)];
        }
        return new String(key);
    }

    private String secret() {
        return base64(30); // 40 characters, like an AWS secret access key
    }

    private String token() {
        return base64(96);
    }

    private String base64(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getEncoder().withoutPadding().encodeToString(value);
    }
}
