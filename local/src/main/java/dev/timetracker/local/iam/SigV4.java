package dev.timetracker.local.iam;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signature Version 4 as the receiving side computes it, for a request signed in its Authorization header:
 * canonical request, string to sign, signing key and signature.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
final class SigV4 {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";

    private SigV4() {}

    /** {@code Credential=<key>/<yyyyMMdd>/<region>/<service>/aws4_request}. */
    record Credential(String accessKeyId, String date, String region, String service, String terminator) {
        String scope() {
            return date + "/" + region + "/" + service + "/" + terminator;
        }
    }

    /** The parts of an {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
    record Authorization(Credential credential, List<String> signedHeaders, String signature) {
        /**
         * @throws IllegalArgumentException with the reason AWS gives (IncompleteSignature) when a part is missing
         */
        static Authorization parse(String header) {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw new IllegalArgumentException("Authorization header requires the " + ALGORITHM + " algorithm.");
            }
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : header.substring(ALGORITHM.length() + 1).split(",", -1)) {
                int equals = part.indexOf('=');
                if (equals > 0) {
                    parts.put(
                            part.substring(0, equals).trim(),
                            part.substring(equals + 1).trim());
                }
            }
            for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
                if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
                    throw new IllegalArgumentException("Authorization header requires '" + required + "' parameter.");
                }
            }
            String[] scope = parts.get("Credential").split("/", -1);
            if (scope.length != 5) {
                throw new IllegalArgumentException("Credential should have five parts separated by '/': "
                        + "<key>/<date>/<region>/<service>/aws4_request.");
            }
            return new Authorization(
                    new Credential(scope[0], scope[1], scope[2], scope[3], scope[4]),
                    List.of(parts.get("SignedHeaders").split(";")),
                    parts.get("Signature"));
        }
    }

    /**
     * @param headers     the request's headers by lower-case name
     * @param payloadHash hex SHA-256 of the body as the signer hashed it
     */
    static String canonicalRequest(
            String method,
            String rawPath,
            String rawQuery,
            Map<String, List<String>> headers,
            List<String> signedHeaders,
            String payloadHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(canonicalPath(rawPath)).append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = headers.getOrDefault(name, List.of());
            canonical
                    .append(name)
                    .append(':')
                    .append(values.stream()
                            .map(value -> value.trim().replaceAll(" +", " "))
                            .collect(Collectors.joining(",")))
                    .append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", signedHeaders)).append('\n');
        canonical.append(payloadHash);
        return canonical.toString();
    }

    static String signature(String secretAccessKey, Credential credential, String amzDate, String canonicalRequest) {
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + credential.scope() + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), credential.date());
        key = hmac(key, credential.region());
        key = hmac(key, credential.service());
        key = hmac(key, credential.terminator());
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Services other than S3 sign each path segment encoded once more on top of how it was sent. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(uriEncode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String parameter : rawQuery.split("&", -1)) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            parameters.add(new String[] {uriEncode(decode(name)), uriEncode(decode(value))});
        }
        parameters.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        return parameters.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 unreserved characters stay, everything else is %XX of its UTF-8 bytes, in upper case. */
    private static String uriEncode(String text) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
