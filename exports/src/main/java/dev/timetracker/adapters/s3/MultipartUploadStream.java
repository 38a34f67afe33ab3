package dev.timetracker.adapters.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Writes an S3 object as its bytes arrive, holding at most one part in memory whatever the object's size: each
 * full part goes up with UploadPart, {@link #close()} completes the multipart upload. Any failure, of S3 or of
 * whatever produces the bytes (see {@link #upload(Content)} and {@link #abort()}), aborts the upload, so the
 * object either appears whole or not at all.
 *
 * <p>An object smaller than one part is sent with a single PutObject at close: one request instead of three,
 * and no multipart upload is ever left open for the small exports that are the common case.
 *
 * <p>Parts carry a CRC32 that S3 verifies, so a part damaged on the way fails its UploadPart. Not thread-safe.
 */
public final class MultipartUploadStream extends OutputStream {
    private static final int MIB = 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * MIB;
    /** S3 rejects, at completion, any part but the last that is smaller than this. */
    public static final int MIN_PART_SIZE = 5 * MIB;

    private static final int MAX_PARTS = 10_000;
    private static final int FIRST_BUFFER = 64 * 1024;

    private enum State {
        OPEN,
        COMPLETED,
        ABORTED
    }

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String contentType;
    private final int partSize;
    private final List<CompletedPart> parts = new ArrayList<>();

    /**
     * Starts small, so that small exports stay small, then becomes one whole part, reused for every part: memory
     * stays bounded by the part size.
     */
    private byte[] buffer;

    private int buffered;
    private long bytesWritten;
    private @Nullable String uploadId;
    private State state = State.OPEN;

    private MultipartUploadStream(S3Client s3, String bucket, String key, String contentType, int partSize) {
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be positive, not " + partSize);
        }
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.key = Objects.requireNonNull(key, "key");
        this.contentType = Objects.requireNonNull(contentType, "contentType");
        this.partSize = partSize;
        this.buffer = new byte[Math.min(partSize, FIRST_BUFFER)];
    }

    /** An upload with {@link #DEFAULT_PART_SIZE} parts. */
    public static MultipartUploadStream open(S3Client s3, String bucket, String key, String contentType) {
        return open(s3, bucket, key, contentType, DEFAULT_PART_SIZE);
    }

    /** @param partSize at least {@link #MIN_PART_SIZE}; a bigger part means fewer requests and more memory */
    public static MultipartUploadStream open(S3Client s3, String bucket, String key, String contentType, int partSize) {
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least " + MIN_PART_SIZE + " bytes, not " + partSize);
        }
        return new MultipartUploadStream(s3, bucket, key, contentType, partSize);
    }

    /** Something that writes an object's content, such as a CSV export. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes what {@code content} writes and completes the object; if content (or S3) fails, aborts instead and
     * rethrows. Prefer this to try-with-resources around the stream, which would close, and so complete, a
     * half-written object when the code writing it throws.
     *
     * <p>Content may close what it writes through (a writer in its own try-with-resources, say): that only
     * flushes, the object is completed here once content has returned.
     *
     * @return the object's size in bytes
     */
    public long upload(Content content) throws IOException {
        try {
            content.writeTo(new CloseOnlyFlushes(this));
        } catch (IOException | RuntimeException | Error failure) {
            abortAfter(failure);
            throw failure;
        }
        close();
        return bytesWritten;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (buffered == partSize) {
            uploadBufferedPart();
        }
        makeRoom(buffered + 1);
        buffer[buffered++] = (byte) b;
        bytesWritten++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            if (buffered == partSize) {
                // Only sent once more bytes arrive, so it cannot be the last part: that one goes at close.
                uploadBufferedPart();
            }
            int chunk = Math.min(length, partSize - buffered);
            makeRoom(buffered + chunk);
            System.arraycopy(bytes, offset, buffer, buffered, chunk);
            buffered += chunk;
            bytesWritten += chunk;
            offset += chunk;
            length -= chunk;
        }
    }

    /** Does nothing: S3 has no partial parts, bytes go up a whole part at a time. */
    @Override
    public void flush() {}

    /** Sends what is left and completes the object; does nothing once completed or aborted. */
    @Override
    public void close() throws IOException {
        if (state != State.OPEN) {
            return;
        }
        try {
            if (uploadId == null) {
                s3.putObject(
                        put -> put.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                        bufferedBody());
            } else {
                // Never empty: a full part is only sent once a byte follows it, so that byte is still here.
                uploadBufferedPart();
                s3.completeMultipartUpload(complete -> complete.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(upload -> upload.parts(parts)));
            }
            state = State.COMPLETED;
            release();
        } catch (RuntimeException | Error failure) {
            abortAfter(failure);
            throw failure;
        }
    }

    /**
     * Gives the object up: nothing appears and the parts already sent are discarded. For a producer that fails
     * while writing; does nothing once completed or aborted.
     */
    public void abort() {
        if (state != State.OPEN) {
            return;
        }
        state = State.ABORTED;
        release();
        if (uploadId != null) {
            s3.abortMultipartUpload(abort -> abort.bucket(bucket).key(key).uploadId(uploadId));
        }
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return bytesWritten;
    }

    /** The part size: no more than this is ever held in memory. */
    public int partSize() {
        return partSize;
    }

    /** Bytes of memory the stream holds right now for buffering; never above {@link #partSize()}. */
    public int bufferCapacity() {
        return buffer.length;
    }

    private void uploadBufferedPart() throws IOException {
        if (parts.size() == MAX_PARTS) {
            IOException tooBig = new IOException("s3://" + bucket + "/" + key + " would need more than " + MAX_PARTS
                    + " parts of " + partSize + " bytes");
            abortAfter(tooBig);
            throw tooBig;
        }
        try {
            if (uploadId == null) {
                uploadId = s3.createMultipartUpload(create -> create.bucket(bucket)
                                .key(key)
                                .contentType(contentType)
                                .checksumAlgorithm(ChecksumAlgorithm.CRC32))
                        .uploadId();
            }
            int partNumber = parts.size() + 1;
            UploadPartResponse uploaded = s3.uploadPart(
                    part -> part.bucket(bucket)
                            .key(key)
                            .uploadId(uploadId)
                            .partNumber(partNumber)
                            .checksumAlgorithm(ChecksumAlgorithm.CRC32),
                    bufferedBody());
            parts.add(CompletedPart.builder()
                    .partNumber(partNumber)
                    .eTag(uploaded.eTag())
                    .checksumCRC32(uploaded.checksumCRC32())
                    .build());
            buffered = 0;
        } catch (RuntimeException | Error failure) {
            abortAfter(failure);
            throw failure;
        }
    }

    /** The buffered bytes, read in place rather than copied (RequestBody.fromBytes would copy a whole part). */
    private RequestBody bufferedBody() {
        byte[] bytes = buffer;
        int length = buffered;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length, contentType);
    }

    private void makeRoom(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, partSize);
        }
    }

    private void abortAfter(Throwable failure) {
        try {
            abort();
        } catch (RuntimeException abortFailure) {
            // The bucket's lifecycle rule removes an upload left open after a day; the original failure matters.
            failure.addSuppressed(abortFailure);
        }
    }

    private void ensureOpen() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("the upload of s3://" + bucket + "/" + key + " is "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }

    private void release() {
        buffer = new byte[0];
        buffered = 0;
    }

    /** What {@link #upload(Content)} hands its content: closing it must not complete the upload early. */
    private static final class CloseOnlyFlushes extends OutputStream {
        private final MultipartUploadStream upload;

        CloseOnlyFlushes(MultipartUploadStream upload) {
            this.upload = upload;
        }

        @Override
        public void write(int b) throws IOException {
            upload.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            upload.write(bytes, offset, length);
        }

        @Override
        public void close() {}
    }
}
