package dev.timetracker.local.s3;

import dev.timetracker.local.iam.S3Access;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * S3Proxy in this JVM on a loopback port. It checks SigV4 signatures, presigned URLs included, each against the
 * secret of the identity that signed, and lets each identity do only what its policy allows ({@link S3Access}),
 * so the code under test signs and is authorised exactly as against S3.
 *
 * <p>With a data folder, its filesystem store writes each object (content and metadata) to a temporary file and
 * renames it into place before PutObject is answered, so an acknowledged object survives the process being killed
 * ({@code CrashRecoveryTest} checks it); it never forces the file to disk, so a power loss may lose recent ones.
 */
public final class S3Emulator implements AutoCloseable {
    private final S3Proxy proxy;

    private S3Emulator(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** @param dataDir where objects are kept across restarts, or null to keep them in memory */
    public static S3Emulator start(int port, Path dataDir, S3Access access) {
        BlobStore store;
        if (dataDir == null) {
            store = new TransientNio2BlobStore();
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(access.anonymous(store))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                // SigV4 only, as S3 (https://docs.aws.amazon.com/AmazonS3/latest/API/Appendix-Sigv2.html).
                .awsAuthentication(
                        AuthenticationType.AWS_V4,
                        access.harness().accessKeyId(),
                        access.harness().secretAccessKey())
                .ignoreUnknownHeaders(true)
                .build();
        access.install(proxy, store);
        try {
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        return new S3Emulator(proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Jetty's threads are not daemons: without this the JVM would never exit. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
