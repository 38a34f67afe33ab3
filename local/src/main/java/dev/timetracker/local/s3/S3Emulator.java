package dev.timetracker.local.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * S3Proxy in this JVM on a loopback port. It checks SigV4 signatures, presigned URLs included, so the code
 * under test signs requests exactly as it does against S3.
 *
 * <p>With a data folder, its filesystem store writes each object (content and metadata) to a temporary file and
 * renames it into place before PutObject is answered, so an acknowledged object survives the process being killed
 * ({@code CrashRecoveryTest} checks it); it never forces the file to disk, so a power loss may lose recent ones.
 */
public final class S3Emulator implements AutoCloseable {
    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final S3Proxy proxy;

    private S3Emulator(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** @param dataDir where objects are kept across restarts, or null to keep them in memory */
    public static S3Emulator start(int port, Path dataDir) {
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
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
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
