package dev.timetracker.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Keeps the functions' log lines (one JSON object per line on stdout, as in Lambda) out of the benchmark's
 * console, in a file instead: the functions still pay for writing each line, as they do in Lambda, and the
 * progress lines stay readable. Everything else printed goes on to the console.
 */
final class FunctionLogs extends PrintStream implements AutoCloseable {
    private final PrintStream console;
    private final PrintStream file;

    private FunctionLogs(PrintStream console, PrintStream file) {
        super(console, true, StandardCharsets.UTF_8);
        this.console = console;
        this.file = file;
    }

    /** Installs itself as System.out until {@link #close()}. */
    static FunctionLogs divertTo(Path logFile) {
        try {
            FunctionLogs logs = new FunctionLogs(
                    System.out,
                    new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8));
            System.setOut(logs);
            return logs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith("{\"level\":")) {
            file.println(line);
        } else {
            super.println(line);
        }
    }

    @Override
    public void close() {
        System.setOut(console);
        file.close();
    }
}
