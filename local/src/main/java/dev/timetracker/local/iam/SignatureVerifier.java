package dev.timetracker.local.iam;

import dev.timetracker.local.dynamodb.RequestAuthorizer.Refusal;
import dev.timetracker.local.dynamodb.RequestAuthorizer.SignedRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The SigV4 check every JSON service of the local stack makes before anything else (DynamoDB, Secrets Manager,
 * SSM): a valid signature of a known identity (with its session token, when it has one), for this region and
 * service, made within 15 minutes. Errors are the common ones all HTTP 400:
 * MissingAuthenticationTokenException, IncompleteSignatureException, UnrecognizedClientException,
 * InvalidSignatureException (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html).
 */
final class SignatureVerifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final String CORAL = "com.amazon.coral.service#";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Identities identities;
    private final Clock clock;

    SignatureVerifier(Identities identities, Clock clock) {
        this.identities = identities;
        this.clock = clock;
    }

    Identity verify(SignedRequest request, String service) {
        String header = request.header("authorization");
        if (header == null) {
            throw new Refusal(
                    400, CORAL + "MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        SigV4.Authorization authorization;
        try {
            authorization = SigV4.Authorization.parse(header);
        } catch (IllegalArgumentException e) {
            throw incomplete(e.getMessage());
        }
        SigV4.Credential credential = authorization.credential();
        Identity identity = identities.byAccessKey(credential.accessKeyId()).orElseThrow(() -> unrecognized());
        Optional<String> token = Optional.ofNullable(request.header("x-amz-security-token"));
        if (!token.equals(identity.sessionToken())) {
            throw unrecognized();
        }
        if (!credential.region().equals(LocalArns.REGION)) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!credential.service().equals(service)) {
            throw invalid("Credential should be scoped to correct service: '" + service + "'. ");
        }
        if (!credential.terminator().equals(SigV4.TERMINATOR)) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + credential.terminator() + "'. ");
        }
        if (!authorization.signedHeaders().contains("host")) {
            throw invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String amzDate = request.header("x-amz-date");
        if (amzDate == null || !authorization.signedHeaders().contains("x-amz-date")) {
            throw incomplete("Authorization header requires existence of a signed 'X-Amz-Date' header.");
        }
        Instant signedAt;
        try {
            signedAt = AMZ_DATE.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw incomplete("X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!amzDate.startsWith(credential.date())) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + credential.date() + "' != '" + amzDate.substring(0, 8) + "', from '" + amzDate + "'.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
        // Services other than S3 hash the body themselves: a request cannot declare its payload unsigned.
        String canonical = SigV4.canonicalRequest(
                request.method(),
                request.rawPath(),
                request.rawQuery(),
                request.headers(),
                authorization.signedHeaders(),
                SigV4.sha256Hex(request.body()));
        String expected = SigV4.signature(identity.secretAccessKey(), credential, amzDate, canonical);
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("The request signature we calculated does not match the signature you provided. Check your "
                    + "AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return identity;
    }

    private static Refusal unrecognized() {
        return new Refusal(
                400, CORAL + "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    private static Refusal invalid(String message) {
        return new Refusal(400, CORAL + "InvalidSignatureException", message);
    }

    private static Refusal incomplete(String message) {
        return new Refusal(400, CORAL + "IncompleteSignatureException", message);
    }
}
