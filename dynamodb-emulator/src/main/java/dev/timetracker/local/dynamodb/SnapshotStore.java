package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Persists the whole database as one JSON document plus the {@link MutationLog} of the writes since. Writes go to a
 * temporary file that is forced to disk and then moved over the snapshot, so a crash leaves either the old or the
 * new snapshot, never a torn one; the log segments the new snapshot holds are deleted only after that.
 */
final class SnapshotStore implements AutoCloseable {
    private static final int FORMAT_VERSION = 1;

    private final Path directory;
    private final Path file;
    private final Path temporary;
    private final MutationLog log;
    private long savedVersion = -1;

    /** @param fsync force every logged write to disk before it is acknowledged (survives power loss, not only kill -9) */
    SnapshotStore(Path directory, boolean fsync) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create DynamoDB emulator data directory " + directory, e);
        }
        this.directory = directory;
        this.file = directory.resolve("dynamodb-emulator.json");
        this.temporary = directory.resolve("dynamodb-emulator.json.tmp");
        this.log = new MutationLog(directory, fsync);
    }

    /** Loads the snapshot, replays the writes logged since, and from then on logs every write of {@code db}. */
    synchronized void load(Database db) {
        long firstLogGeneration = 0;
        if (Files.exists(file)) {
            JsonNode root;
            try {
                root = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read DynamoDB emulator snapshot " + file, e);
            }
            if (root.path("formatVersion").asInt() != FORMAT_VERSION) {
                throw new IllegalStateException("Unsupported DynamoDB emulator snapshot format in " + file);
            }
            db.write(() -> {
                for (JsonNode tableNode : root.path("tables")) {
                    Table table = db.create(TableDefinitions.parse(tableNode.get("definition")));
                    for (JsonNode item : tableNode.path("items")) {
                        table.put(AttrValueJson.readItem(item));
                    }
                }
                return null;
            });
            // Absent in snapshots written before the log existed: then every segment is newer.
            firstLogGeneration = root.path("logGeneration").asLong(0);
        }
        savedVersion = db.version();
        log.replay(firstLogGeneration, db);
        db.logTo(log);
    }

    /**
     * Compacts: writes a snapshot if anything changed since the last one, then deletes the log segments it holds.
     * Safe to call from any thread.
     */
    synchronized void saveIfChanged(Database db) {
        if (db.version() == savedVersion) {
            return;
        }
        record Snapshot(long version, ObjectNode json, long logGeneration) {}
        // Under the read lock no write can run, so the snapshot holds exactly the records of the older segments.
        Snapshot snapshot = db.read(() -> new Snapshot(db.version(), render(db), log.rotate()));
        snapshot.json().put("logGeneration", snapshot.logGeneration());
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(snapshot.json()));
            try (FileChannel out = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                // The log segments are deleted next: the snapshot must be on disk, not only in the page cache.
                out.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            MutationLog.forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write DynamoDB emulator snapshot " + file, e);
        }
        log.deleteBefore(snapshot.logGeneration());
        savedVersion = snapshot.version();
    }

    @Override
    public synchronized void close() {
        log.close();
    }

    private static ObjectNode render(Database db) {
        ObjectNode root = Json.object();
        root.put("formatVersion", FORMAT_VERSION);
        ArrayNode tables = root.putArray("tables");
        for (Map.Entry<String, Table> entry : db.tables().entrySet()) {
            ObjectNode tableNode = tables.addObject();
            tableNode.set(
                    "definition", TableDefinitions.toSnapshot(entry.getValue().definition()));
            ArrayNode items = tableNode.putArray("items");
            entry.getValue().items().forEach(item -> items.add(AttrValueJson.writeItem(item)));
        }
        return root;
    }
}
