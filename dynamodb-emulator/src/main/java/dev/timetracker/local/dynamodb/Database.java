package dev.timetracker.local.dynamodb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * All tables behind one read/write lock: every write (including a whole transaction) runs exclusively, so no reader
 * can observe a half-applied change. Simplicity over throughput. With a {@link MutationLog} attached, the changes of
 * each write are appended to it before the write returns, i.e. before anyone is told it succeeded.
 */
final class Database {
    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final NavigableMap<String, Table> tables = new TreeMap<>();
    private final AtomicLong version = new AtomicLong();
    private final IndexPropagation indexPropagation = new IndexPropagation(this);

    IndexPropagation indexPropagation() {
        return indexPropagation;
    }

    private final List<Mutation> uncommitted = new ArrayList<>();
    private MutationLog log;

    <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a mutation exclusively and logs whatever it changed, even if it then failed. */
    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            T result;
            try {
                result = action.get();
            } finally {
                commit();
            }
            version.incrementAndGet();
            return result;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Runs a change of derived state (index entries) exclusively; items, and so what is persisted, stay as they are. */
    void exclusively(Runnable action) {
        lock.writeLock().lock();
        try {
            action.run();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** From now on every write's changes go to this log (set after loading the snapshot and replaying the log). */
    void logTo(MutationLog mutationLog) {
        write(() -> log = mutationLog);
    }

    private void record(Mutation mutation) {
        if (log != null) {
            uncommitted.add(mutation);
        }
    }

    private void commit() {
        if (uncommitted.isEmpty()) {
            return;
        }
        version.incrementAndGet();
        List<Mutation> batch = List.copyOf(uncommitted);
        uncommitted.clear();
        log.append(batch);
    }

    /** Increases whenever state may have changed; persistence compares it with the last saved value. */
    long version() {
        return version.get();
    }

    /** Caller must hold the lock. */
    Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw DynamoDbError.resourceNotFound("Requested resource not found");
        }
        return table;
    }

    /** Caller must hold the lock. */
    Table findTable(String name) {
        return tables.get(name);
    }

    /** Caller must hold the write lock. */
    Table create(TableDefinition definition) {
        if (tables.containsKey(definition.name())) {
            throw DynamoDbError.resourceInUse("Table already exists: " + definition.name());
        }
        Table table = new Table(definition, indexPropagation, this::record);
        tables.put(definition.name(), table);
        record(new Mutation.CreateTable(definition));
        return table;
    }

    /** Caller must hold the write lock. */
    void drop(String name) {
        if (tables.remove(name) != null) {
            record(new Mutation.DropTable(name));
        }
    }

    /** Caller must hold the lock. */
    NavigableMap<String, Table> tables() {
        return tables;
    }

    /**
     * Deletes items whose TTL attribute holds an epoch-seconds number in the past. Like DynamoDB, values more than
     * five years old are ignored (they are almost certainly not in seconds). Reads happen under the read lock and
     * only a sweep that found something takes the write lock.
     *
     * @return the number of items deleted
     */
    int sweepExpired(long nowEpochSeconds) {
        record Expired(String table, KeyTuple key) {}
        List<Expired> expired = read(() -> {
            List<Expired> found = new ArrayList<>();
            tables.forEach((name, table) -> {
                String attribute = table.definition().ttlAttribute();
                if (attribute != null) {
                    for (Map<String, AttrValue> item : table.items()) {
                        if (isExpired(item.get(attribute), nowEpochSeconds)) {
                            found.add(new Expired(name, table.key(item)));
                        }
                    }
                }
            });
            return found;
        });
        if (expired.isEmpty()) {
            return 0;
        }
        return write(() -> {
            int deleted = 0;
            for (Expired e : expired) {
                Table table = tables.get(e.table());
                Map<String, AttrValue> item = table == null ? null : table.get(e.key());
                String attribute = table == null ? null : table.definition().ttlAttribute();
                // Re-check: the item may have been rewritten between the two locks.
                if (item != null && attribute != null && isExpired(item.get(attribute), nowEpochSeconds)) {
                    table.delete(e.key());
                    deleted++;
                }
            }
            return deleted;
        });
    }

    private static boolean isExpired(AttrValue ttl, long now) {
        if (!(ttl instanceof AttrValue.N n)) {
            return false;
        }
        BigDecimal expiry = n.value();
        return expiry.compareTo(BigDecimal.valueOf(now)) < 0
                && expiry.compareTo(BigDecimal.valueOf(now - FIVE_YEARS_SECONDS)) > 0;
    }
}
