package dev.timetracker.local.iam;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * IAM for S3Proxy, in two halves that meet on the request's thread.
 *
 * <p>Authentication is S3Proxy's own: its {@code BlobStoreLocator} gets each identity's secret, so S3Proxy checks
 * every SigV4 signature (headers, chunked uploads, presigned URLs) against the secret of the key that signed it,
 * and answers InvalidAccessKeyId / SignatureDoesNotMatch as S3 does.
 *
 * <p>Authorisation needs the S3 operation, which S3Proxy's BlobStore calls do not reveal one to one (a
 * CompleteMultipartUpload reads and deletes S3Proxy's own bookkeeping objects; an abort deletes one before it
 * aborts), so a servlet filter in front of S3Proxy's servlet reads the operation from the HTTP request
 * ({@link S3Actions}), and the store the locator hands out for that request authorises it at its first use,
 * which S3Proxy makes only after the signature has checked out. A refusal is S3's AccessDenied (403).
 *
 * <p>The store is wrapped by extending {@link ForwardingBlobStore}, not by a java.lang.reflect.Proxy: S3Proxy
 * picks backend-specific behaviour (e.g. multipart bookkeeping) by the store's class, which it finds by
 * unwrapping ForwardingBlobStores only.
 */
public final class S3Access {
    private static final ThreadLocal<S3Call> CURRENT = new ThreadLocal<>();
    private static final Pattern DELETED_KEY = Pattern.compile("<Key>(.*?)</Key>", Pattern.DOTALL);

    private final Identities identities;

    public S3Access(Identities identities) {
        this.identities = identities;
    }

    /** What one HTTP request needs, and the session token it carries. */
    record S3Call(List<S3Actions.Need> needs, Optional<String> securityToken) {}

    /** The harness's static credentials; S3Proxy needs some to switch authentication on at all. */
    public Identity harness() {
        return identities.harness();
    }

    /** The store anonymous requests reach (S3Proxy serves those only from public buckets): refuses everything. */
    public BlobStore anonymous(BlobStore store) {
        return new AuthorizingBlobStore(store, null, null);
    }

    /** Switches a built, not yet started S3Proxy to the identities and policies of the template. */
    public void install(S3Proxy proxy, BlobStore store) {
        proxy.setBlobStoreLocator((accessKeyId, bucket, key) -> identities
                .byAccessKey(accessKeyId)
                .map(identity -> new AccessGrant(
                        identity.secretAccessKey(), new AuthorizingBlobStore(store, identity, CURRENT.get())))
                .orElse(null));
        addFilter(proxy, new OperationFilter());
    }

    /**
     * S3Proxy has no public hook in front of its servlet; its Jetty server is reached through the private field
     * it is kept in, and the filter added to the servlet context found inside. Any change there fails here, at
     * start, rather than leaving S3 unguarded.
     */
    private static void addFilter(S3Proxy proxy, Filter filter) {
        try {
            Field serverField = S3Proxy.class.getDeclaredField("server");
            serverField.setAccessible(true);
            Object handler = serverField.get(proxy);
            while (handler != null && !handler.getClass().getSimpleName().equals("ServletContextHandler")) {
                handler = handler.getClass().getMethod("getHandler").invoke(handler);
            }
            if (handler == null) {
                throw new IllegalStateException("no ServletContextHandler in S3Proxy's Jetty server");
            }
            handler.getClass()
                    .getMethod("addFilter", Filter.class, String.class, EnumSet.class)
                    .invoke(handler, filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Cannot put IAM in front of S3Proxy; has its structure changed?", e);
        }
    }

    /** Reads the S3 operation of each request before S3Proxy handles it. */
    private static final class OperationFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) request;
            Map<String, String> query = new HashMap<>();
            String rawQuery = http.getQueryString();
            if (rawQuery != null) {
                for (String parameter : rawQuery.split("&", -1)) {
                    if (parameter.isEmpty()) {
                        continue;
                    }
                    int equals = parameter.indexOf('=');
                    query.put(
                            S3Actions.decode(equals < 0 ? parameter : parameter.substring(0, equals)),
                            equals < 0 ? "" : S3Actions.decode(parameter.substring(equals + 1)));
                }
            }
            List<String> deletedKeys = new ArrayList<>();
            if (http.getMethod().equals("POST") && query.containsKey("delete")) {
                byte[] body = http.getInputStream().readAllBytes();
                Matcher keys = DELETED_KEY.matcher(new String(body, StandardCharsets.UTF_8));
                while (keys.find()) {
                    deletedKeys.add(unescapeXml(keys.group(1)));
                }
                http = new ReplayedBody(http, body);
            }
            // A presigned URL carries the session token in its query, a signed request in a header.
            Optional<String> token = Optional.ofNullable(http.getHeader("x-amz-security-token"))
                    .or(() -> Optional.ofNullable(query.get("X-Amz-Security-Token")));
            CURRENT.set(new S3Call(
                    S3Actions.needs(
                            http.getMethod(),
                            http.getRequestURI(),
                            query.keySet(),
                            http.getHeader("x-amz-copy-source"),
                            deletedKeys),
                    token));
            try {
                chain.doFilter(http, response);
            } finally {
                CURRENT.remove();
            }
        }

        private static String unescapeXml(String text) {
            return text.replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&");
        }
    }

    /** A request whose body the filter has read already, for S3Proxy to read again. */
    private static final class ReplayedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        ReplayedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }
    }

    /**
     * The store as one request of one identity may use it: authorised as a whole at its first use. S3Proxy
     * reaches the underlying store only through {@link #delegate()}, so nothing gets past the check.
     */
    private static final class AuthorizingBlobStore extends ForwardingBlobStore {
        private final Identity identity;
        private final S3Call call;
        private volatile boolean authorized;

        /** @param identity null for anonymous requests, which are all refused */
        AuthorizingBlobStore(BlobStore store, Identity identity, S3Call call) {
            super(store);
            this.identity = identity;
            this.call = call;
        }

        @Override
        public BlobStore delegate() {
            if (!authorized) {
                authorize();
                authorized = true;
            }
            return super.delegate();
        }

        private void authorize() {
            if (identity == null) {
                throw refusal(403, "AccessDenied", "Access Denied");
            }
            if (call == null) {
                throw new IllegalStateException("S3 request reached S3Proxy without passing the IAM filter");
            }
            if (!call.securityToken().equals(identity.sessionToken())) {
                throw refusal(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
            }
            for (S3Actions.Need need : call.needs()) {
                AccessCheck.denial(identity, need.action(), need.resource()).ifPresent(message -> {
                    throw refusal(403, "AccessDenied", message);
                });
            }
        }

        private static S3Exception refusal(int status, String code, String message) {
            return (S3Exception) S3Exception.builder()
                    .statusCode(status)
                    .message(message)
                    .awsErrorDetails(AwsErrorDetails.builder()
                            .errorCode(code)
                            .errorMessage(message)
                            .serviceName("S3")
                            .build())
                    .build();
        }

        @Override
        public void close() {
            super.delegate().close();
        }

        @Override
        public String toString() {
            return "AuthorizingBlobStore[" + (identity == null ? "anonymous" : identity.name()) + "]";
        }
    }
}
