package dev.timetracker.local.dynamodb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The append-only log that makes every acknowledged write durable between two snapshots. Each write's changes are
 * one record, appended before the write's response leaves the emulator:
 *
 * <pre>[payload length: int32][CRC32C of payload: int32][payload: the changes as UTF-8 JSON]</pre>
 *
 * <p>The log is a sequence of segments ({@code dynamodb-emulator-<generation>.log}); a snapshot names the first
 * generation it does not contain, so older segments can be deleted once it is safely on disk. A segment is only
 * ever appended to by the process that created it, so a torn record (the process died mid-append) can only be the
 * last one of its segment: replay detects it by its length or checksum, ignores it and goes on with the next
 * segment.
 *
 * <p>What survives: a record is handed to the operating system ({@code write(2)}) before the response is sent, so
 * every acknowledged write survives the emulator's process being killed (kill -9, a crash). With {@code fsync} it
 * is also forced to the disk first, so it survives a power loss or kernel crash too; without it, those may lose the
 * writes the kernel had not yet written back (typically the last few seconds).
 */
final class MutationLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MutationLog.class.getName());
    private static final Pattern SEGMENT = Pattern.compile("dynamodb-emulator-(\\d{16})\\.log");
    private static final int HEADER_BYTES = 8;

    private final Path directory;
    private final boolean fsync;
    private long generation;
    private FileChannel segment;

    MutationLog(Path directory, boolean fsync) {
        this.directory = directory;
        this.fsync = fsync;
    }

    /**
     * Applies, oldest first, every complete record of the segments from {@code fromGeneration} on, deletes the
     * older ones (already in the snapshot) and positions the log after the newest segment, so no segment that may
     * end in a torn record is ever appended to.
     *
     * @return the number of records applied
     */
    synchronized int replay(long fromGeneration, Database db) {
        NavigableMap<Long, Path> segments = segments();
        int applied = 0;
        for (var entry : segments.entrySet()) {
            if (entry.getKey() < fromGeneration) {
                delete(entry.getValue());
            } else {
                applied += replaySegment(entry.getValue(), db);
            }
        }
        generation = segments.isEmpty() ? fromGeneration : Math.max(fromGeneration, segments.lastKey() + 1);
        return applied;
    }

    private static int replaySegment(Path file, Database db) {
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.BIG_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read DynamoDB emulator mutation log " + file, e);
        }
        int records = 0;
        while (bytes.hasRemaining()) {
            int start = bytes.position();
            byte[] payload = nextPayload(bytes);
            if (payload == null) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "Ignoring an incomplete record at the end of {0} ({1} bytes "
                                + "from offset {2}): the emulator stopped while appending it",
                        file,
                        bytes.limit() - start,
                        start);
                break;
            }
            List<Mutation> batch;
            try {
                batch = Mutation.fromJson(Json.MAPPER.readTree(payload));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(
                        "Unreadable record at offset " + start + " of " + file + " although its checksum matches", e);
            }
            db.write(() -> {
                batch.forEach(mutation -> mutation.applyTo(db));
                return null;
            });
            records++;
        }
        return records;
    }

    /** @return the next record's payload, or null (position unchanged) when what follows is not a whole record */
    private static byte[] nextPayload(ByteBuffer bytes) {
        if (bytes.remaining() < HEADER_BYTES) {
            return null;
        }
        int start = bytes.position();
        int length = bytes.getInt();
        int checksum = bytes.getInt();
        if (length <= 0 || length > bytes.remaining()) { // never written empty: zeros are not a record
            bytes.position(start);
            return null;
        }
        byte[] payload = new byte[length];
        bytes.get(payload);
        if (checksum(payload) != checksum) {
            bytes.position(start);
            return null;
        }
        return payload;
    }

    /**
     * Appends one write's changes and returns once the operating system has them (and the disk, with fsync). Called
     * under the database's write lock, so records are in the order the writes were applied.
     */
    synchronized void append(List<Mutation> batch) {
        byte[] payload;
        try {
            payload = Json.MAPPER.writeValueAsBytes(Mutation.toJson(batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.BIG_ENDIAN);
        record.putInt(payload.length).putInt(checksum(payload)).put(payload).flip();
        try {
            FileChannel channel = openSegment();
            while (record.hasRemaining()) {
                channel.write(record);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            // The segment may now end in a partial record: never append behind it, start a new one next time.
            abandonSegment();
            throw new UncheckedIOException("Cannot append to the DynamoDB emulator mutation log in " + directory, e);
        }
    }

    /**
     * Starts a new segment for the writes that follow and returns its generation. Called under the database's read
     * lock together with rendering a snapshot, so the snapshot holds exactly the records of the older segments.
     */
    synchronized long rotate() {
        closeSegment();
        return ++generation;
    }

    /** Deletes the segments a snapshot now holds. */
    synchronized void deleteBefore(long firstKept) {
        segments().headMap(firstKept).values().forEach(MutationLog::delete);
    }

    @Override
    public synchronized void close() {
        closeSegment();
    }

    private FileChannel openSegment() throws IOException {
        if (segment == null) {
            // CREATE_NEW: a segment left by an earlier process may end in a torn record; never write behind it.
            segment = FileChannel.open(
                    directory.resolve(String.format("dynamodb-emulator-%016d.log", generation)),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            if (fsync) {
                forceDirectory(directory);
            }
        }
        return segment;
    }

    private void abandonSegment() {
        closeSegment();
        generation++;
    }

    private void closeSegment() {
        if (segment != null) {
            try {
                segment.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot close a DynamoDB emulator log segment", e);
            }
            segment = null;
        }
    }

    private NavigableMap<Long, Path> segments() {
        NavigableMap<Long, Path> segments = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                Matcher name = SEGMENT.matcher(file.getFileName().toString());
                if (name.matches()) {
                    segments.put(Long.parseLong(name.group(1)), file);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the DynamoDB emulator data directory " + directory, e);
        }
        return segments;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Harmless: the next snapshot tries again, and a start replays only what the snapshot lacks.
            LOG.log(System.Logger.Level.WARNING, "Cannot delete compacted log segment " + file, e);
        }
    }

    /** Makes a created or renamed file's directory entry durable (Linux and macOS allow fsync on a directory). */
    static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot fsync directory " + directory + " on this platform", e);
        }
    }

    private static int checksum(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
