package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Who may call the emulator, as IAM decides in AWS: first the request's signature names a caller (before the
 * body is even parsed), then that caller may or may not run the parsed operation. By default the emulator is
 * open, which its own tests rely on; the local stack plugs in the identities and policies of template.yaml.
 */
public interface RequestAuthorizer {
    /** Accepts any request, signed or not. */
    RequestAuthorizer OPEN = request -> (operation, body) -> {};

    /**
     * @return what authorises the operation once its body is parsed
     * @throws Refusal when the request is not signed by a known caller
     */
    Caller authenticate(SignedRequest request);

    /** The authenticated caller of one request. */
    interface Caller {
        /** @throws Refusal when the caller may not run this operation with these parameters */
        void authorize(String operation, JsonNode body);
    }

    /**
     * A request as it arrived. {@code headers} are keyed by lower-case name. The body array makes a record's equals
     * compare it by identity; no one compares requests (each is checked once), so the record's brevity wins.
     *
     * @param rawPath  the path, still percent-encoded
     * @param rawQuery the query string, still percent-encoded, or null
     */
    @SuppressWarnings("ArrayRecordComponent")
    record SignedRequest(
            String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        public String header(String lowerCaseName) {
            List<String> values = headers.get(lowerCaseName);
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** An error answered to the client as DynamoDB would: {@code {"__type": type, "message": message}}. */
    final class Refusal extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        private final int status;
        private final String type;

        public Refusal(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        /** The full {@code __type}, e.g. {@code com.amazon.coral.service#UnrecognizedClientException}. */
        public String type() {
            return type;
        }
    }
}
