package dev.timetracker.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Persists the whole database as one JSON document. Writes go to a temporary file that is then moved over the
 * snapshot, so a crash leaves either the old or the new snapshot, never a torn one.
 */
final class SnapshotStore {
    private static final int FORMAT_VERSION = 1;

    private final Path file;
    private final Path temporary;
    private long savedVersion = -1;

    SnapshotStore(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create DynamoDB emulator data directory " + directory, e);
        }
        this.file = directory.resolve("dynamodb-emulator.json");
        this.temporary = directory.resolve("dynamodb-emulator.json.tmp");
    }

    synchronized void load(Database db) {
        if (!Files.exists(file)) {
            savedVersion = db.version();
            return;
        }
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
        savedVersion = db.version();
    }

    /** Writes a snapshot if anything changed since the last one. Safe to call from any thread. */
    synchronized void saveIfChanged(Database db) {
        if (db.version() == savedVersion) {
            return;
        }
        record Snapshot(long version, ObjectNode json) {
        }
        Snapshot snapshot = db.read(() -> new Snapshot(db.version(), render(db)));
        try {
            Json.MAPPER.writeValue(temporary.toFile(), snapshot.json());
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write DynamoDB emulator snapshot " + file, e);
        }
        savedVersion = snapshot.version();
    }

    private static ObjectNode render(Database db) {
        ObjectNode root = Json.object();
        root.put("formatVersion", FORMAT_VERSION);
        ArrayNode tables = root.putArray("tables");
        for (Map.Entry<String, Table> entry : db.tables().entrySet()) {
            ObjectNode tableNode = tables.addObject();
            tableNode.set("definition", TableDefinitions.toSnapshot(entry.getValue().definition()));
            ArrayNode items = tableNode.putArray("items");
            entry.getValue().items().forEach(item -> items.add(AttrValueJson.writeItem(item)));
        }
        return root;
    }
}
