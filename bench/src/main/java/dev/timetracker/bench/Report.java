package dev.timetracker.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Everything one run measured: what ran where, then one {@link Table} per benchmark, in order. */
public final class Report {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Instant startedAt;
    private final List<String> facts = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();

    Report(Instant startedAt) {
        this.startedAt = startedAt;
    }

    void fact(String fact) {
        facts.add(fact);
    }

    void add(Table table) {
        tables.add(table);
    }

    public List<Table> tables() {
        return List.copyOf(tables);
    }

    /** The table whose title starts with this (tables are titled "1. ...", "2. ..."), or null. */
    public Table table(String titlePrefix) {
        return tables.stream()
                .filter(table -> table.title().startsWith(titlePrefix))
                .findFirst()
                .orElse(null);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder("# Time Tracker benchmarks\n\n");
        facts.forEach(fact -> out.append("- ").append(fact).append("\n"));
        out.append("\n");
        // In the order of their numbers, whatever order they were measured in.
        tables.stream()
                .sorted(java.util.Comparator.comparing(Table::title))
                .forEach(table -> out.append(table.markdown()));
        return out.toString();
    }

    /**
     * Writes {@code latest.md} (or {@code latest-quick.md}, so a smoke run never replaces a full run's figures) and
     * a timestamped copy; each through a temporary file, so a reader never sees half a table.
     *
     * @return the files written
     */
    public List<Path> write(Path dir, String mode) {
        String suffix = mode.equals("full") ? "" : "-" + mode;
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String name : List.of("latest" + suffix + ".md", STAMP.format(startedAt) + suffix + ".md")) {
                Path target = dir.resolve(name);
                Path temporary = dir.resolve(name + ".tmp");
                Files.writeString(temporary, markdown(), StandardCharsets.UTF_8);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                written.add(target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }
}
