package dev.timetracker.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * moto's server (https://docs.getmoto.org/en/latest/docs/server_mode.html), a Python implementation of DynamoDB
 * and S3 written independently of this project, run as a child process on a free loopback port. The tests'
 * second lane ({@code -Dtt.aws=moto}) runs against it so that our emulator cannot drift from the real API
 * unnoticed. One server answers both services (it tells them apart by the SigV4 credential scope; unsigned
 * requests such as presigned GETs go to S3) and accepts any credentials. Its state lives in memory and ends
 * with the process.
 *
 * <p>moto's server handles requests on parallel threads without a lock, which AWS never shows: two conditional
 * writers both win, ADD counters lose increments, transactions interleave and fail with Python errors. A
 * {@code sitecustomize.py} put on moto's PYTHONPATH makes it answer one request at a time, which gives it
 * DynamoDB's per-item atomicity and transaction isolation without changing how it answers any single request.
 */
public final class MotoServer implements AwsBackend {
    /** The program to run: {@code moto_server} from the PATH unless this system property names another. */
    public static final String COMMAND_PROPERTY = "tt.moto.command";

    public static final String INSTALL = "pip install 'moto[server]==5.2.1'";
    /** Python imports moto's services for seconds on a busy machine before it listens. */
    private static final Duration STARTUP = Duration.ofSeconds(90);
    /** A free port can be taken by someone else before moto binds it; then it tries another. */
    private static final int PORT_ATTEMPTS = 3;
    /** What sitecustomize.py prints once it has made moto serve one request at a time. */
    private static final String SERIAL_MARK = "time-tracker: moto serves one request at a time";

    private final Process process;
    private final URI endpoint;
    /** moto's output, or null when it is a temporary file deleted at close. */
    private final Path keptLog;

    private final Path log;
    private final Path pythonPath;
    private final Thread stopAtExit;
    private volatile boolean stopping;

    private MotoServer(Process process, URI endpoint, Path log, Path keptLog, Path pythonPath) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.keptLog = keptLog;
        this.pythonPath = pythonPath;
        // Tests failing with "Connection refused" say little: this says why.
        // Nothing waits for this notice; printing it cannot fail in a way worth reporting.
        CompletableFuture<Void> unused = process.onExit().thenAccept(exited -> {
            if (!stopping) {
                System.err.println("moto's server on " + endpoint + " exited with status " + exited.exitValue()
                        + " while the tests still ran (killed from outside?); its log: " + log);
            }
        });
        // A test run that ends without closing the stack must not leave the server running.
        this.stopAtExit = new Thread(this::stop, "moto-server-stop");
        Runtime.getRuntime().addShutdownHook(stopAtExit);
    }

    /**
     * Starts moto's server and returns once it answers HTTP; fails with the reason when it cannot.
     *
     * @param keptLog where moto's output (a line per request) goes and stays, or null for a temporary file
     */
    public static MotoServer start(Path keptLog) {
        return start(System.getProperty(COMMAND_PROPERTY, "moto_server"), keptLog);
    }

    static MotoServer start(String command, Path keptLog) {
        Path pythonPath = oneRequestAtATime();
        try {
            return start(command, keptLog, pythonPath);
        } catch (RuntimeException e) {
            deleteFolder(pythonPath);
            throw e;
        }
    }

    private static MotoServer start(String command, Path keptLog, Path pythonPath) {
        for (int attempt = 1; ; attempt++) {
            int port = FreePorts.any();
            Path log = keptLog != null ? keptLog : temporaryLog();
            Process process = launch(command, port, log, pythonPath);
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            if (awaitAnswer(process, endpoint, log)) {
                MotoServer server = new MotoServer(process, endpoint, log, keptLog, pythonPath);
                if (!output(log).contains(SERIAL_MARK)) {
                    server.close();
                    throw new IllegalStateException(command + " did not load sitecustomize.py from " + pythonPath
                            + " (PYTHONPATH), so it would answer concurrent requests in parallel: see MotoServer");
                }
                return server;
            }
            String output = tail(log);
            if (keptLog == null) {
                deleteQuietly(log);
            }
            if (!output.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
                throw new IllegalStateException(command + " exited with status " + process.exitValue()
                        + " before answering on port " + port + " (moto lane needs " + INSTALL + "). Its output:\n"
                        + output);
            }
        }
    }

    @Override
    public URI dynamoEndpoint() {
        return endpoint;
    }

    @Override
    public URI s3Endpoint() {
        return endpoint;
    }

    /**
     * moto copies every table a transaction touches, so on a busy machine one takes seconds; past the SDK's
     * socket timeout it would be retried and fail on the items its first attempt wrote (moto ignores
     * ClientRequestToken). The functions wait longer here than in AWS.
     */
    @Override
    public Map<String, String> settings() {
        return Map.of("DYNAMODB_SOCKET_TIMEOUT_MS", "120000");
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        if (keptLog == null) {
            deleteQuietly(log);
        }
        deleteFolder(pythonPath);
    }

    private void stop() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A folder holding our sitecustomize.py, for moto's PYTHONPATH. */
    private static Path oneRequestAtATime() {
        try {
            Path folder = Files.createTempDirectory("moto-python-");
            try (var script = MotoServer.class.getResourceAsStream("moto/sitecustomize.py")) {
                Files.copy(script, folder.resolve("sitecustomize.py"));
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Process launch(String command, int port, Path log, Path pythonPath) {
        ProcessBuilder builder = new ProcessBuilder(command, "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true)
                // moto logs every request: into a file, so that a full pipe never blocks it
                .redirectOutput(log.toFile());
        builder.environment().put("PYTHONUNBUFFERED", "1");
        String inherited = builder.environment().get("PYTHONPATH");
        builder.environment()
                .put(
                        "PYTHONPATH",
                        inherited == null || inherited.isEmpty()
                                ? pythonPath.toString()
                                : pythonPath + java.io.File.pathSeparator + inherited);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot run " + command + ": the moto lane (-Dtt.aws=moto) needs moto's "
                            + "server on the PATH. Install it with " + INSTALL
                            + " (README, \"Run the tests\"), or name "
                            + "the program with -D" + COMMAND_PROPERTY + "=/path/to/moto_server.",
                    e);
        }
    }

    /** True once the server answers; false when it exits first. Waits at most {@link #STARTUP}. */
    private static boolean awaitAnswer(Process process, URI endpoint, Path log) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers(endpoint)) {
                return true;
            }
            try {
                // waits a moment for the server to bind, returning at once if it exits instead
                process.onExit().get(100, TimeUnit.MILLISECONDS);
                return false;
            } catch (TimeoutException stillStarting) {
                // ask again
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(
                "moto's server did not answer on " + endpoint + " within " + STARTUP + ". Its output:\n" + tail(log));
    }

    private static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection)
                    endpoint.resolve("/moto-api/data.json").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    private static Path temporaryLog() {
        try {
            return Files.createTempFile("moto-server-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path pythonPath) {
        deleteQuietly(pythonPath.resolve("sitecustomize.py"));
        deleteQuietly(pythonPath);
    }

    private static void deleteQuietly(Path log) {
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file: the system cleans it up
        }
    }

    private static String output(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
