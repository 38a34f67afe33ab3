package dev.timetracker.local.dynamodb;

import com.sun.net.httpserver.HttpServer;

/** Starting a JDK HttpServer so that it never keeps a JVM alive; for the emulator and the local stack's endpoints. */
public final class DaemonHttpServers {
    private DaemonHttpServers() {}

    /**
     * The JDK server's dispatcher thread inherits daemon status from the thread calling start(); starting it from a
     * daemon thread means a forgotten close() can never keep the JVM alive.
     *
     * @param starterName the name of the short-lived thread that starts it
     * @param what        the server, as the error of an interrupted start names it ("the DynamoDB emulator")
     */
    public static void startAsDaemon(HttpServer server, String starterName, String what) {
        Thread starter = new Thread(server::start, starterName);
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop(0);
            throw new IllegalStateException("Interrupted while starting " + what, e);
        }
    }
}
