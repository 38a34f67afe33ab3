package dev.timetracker.local.dynamodb;

/** Provisioned capacity as declared; the emulator never throttles. */
record Throughput(long read, long write) {
    static final Throughput NONE = new Throughput(0, 0);
}
