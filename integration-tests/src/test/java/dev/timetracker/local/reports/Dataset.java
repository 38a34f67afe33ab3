package dev.timetracker.local.reports;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.TableNames;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.LiveTotalsItems;
import dev.timetracker.adapters.s3.S3Links;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchStateMachine;
import dev.timetracker.functions.aggregation.DailyAggregationHandler;
import dev.timetracker.functions.employees.EmployeesHandler;
import dev.timetracker.functions.periods.PeriodsHandler;
import dev.timetracker.functions.reports.ReportsHandler;
import dev.timetracker.functions.status.StatusHandler;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One isolated deployment for a report test: fresh TimeTable, EmployeesTable, AuditTable and ExportsTable (plus
 * an auth table only for seeding, so that employee ids may repeat between datasets) and a bucket of its own.
 * Data is written straight into the tables, in the shapes the stores write, with deterministic ids: the same
 * seeding in two datasets gives identical tables. Handlers built here use the shared auth table, where the
 * callers' tokens live.
 */
final class Dataset {
    static final Instant SEEDED_AT = Instant.parse("2026-01-02T08:00:00Z");
    static final Actor SEEDER = new Actor("seed-admin", Role.ADMIN);

    final TestStack stack;
    final DynamoDbClient db;
    final String employeesTable;
    final String auditTable;
    final String timeTable;
    final String exportsTable;
    final String bucket;
    private final String seedAuthTable;
    private final DynamoEmployeeStore store;
    private final Deployment base;
    private int clocksPerPage = 100;

    private Dataset(TestStack stack, String bucket) {
        this(
                stack,
                stack.freshTable("EmployeesTable"),
                stack.freshTable("AuditTable"),
                stack.freshTable("TimeTable"),
                stack.freshTable("ExportsTable"),
                stack.freshTable("AuthTable"),
                bucket);
    }

    private Dataset(
            TestStack stack,
            String employeesTable,
            String auditTable,
            String timeTable,
            String exportsTable,
            String seedAuthTable,
            String bucket) {
        this.stack = stack;
        this.db = stack.dynamoDb();
        this.employeesTable = employeesTable;
        this.auditTable = auditTable;
        this.timeTable = timeTable;
        this.exportsTable = exportsTable;
        this.seedAuthTable = seedAuthTable;
        this.bucket = bucket;
        this.base = stack.deployment("DailyAggregationFunction");
        this.store = new DynamoEmployeeStore(
                db, employeesTable, new SessionStore(db, seedAuthTable), auditTable, timeTable, base.cursors());
    }

    /** The same data with an exports table of its own: export jobs no other test sees. */
    Dataset withFreshExports() {
        return new Dataset(
                stack, employeesTable, auditTable, timeTable, stack.freshTable("ExportsTable"), seedAuthTable, bucket);
    }

    /** Fresh tables and a fresh bucket. */
    static Dataset fresh(TestStack stack) {
        return new Dataset(stack, stack.freshBucket("ExportBucket"));
    }

    /** Fresh tables writing to the given bucket. */
    static Dataset fresh(TestStack stack, String bucket) {
        return new Dataset(stack, bucket);
    }

    TableNames tables() {
        return new TableNames(employeesTable, base.tables().auth(), auditTable, timeTable, exportsTable, bucket);
    }

    /** One function's wiring on this data's tables. */
    Deployment deployment(String functionLogicalId) {
        return stack.deployment(functionLogicalId).withTables(tables());
    }

    // ------------------------------------------------------------------ seeding

    /**
     * The business hours of every test here: Europe/Berlin, Monday to Friday 09:00–17:00 (each employee's own
     * wall clock), 5 minutes of grace either way, shifts closed after 10 h, overtime after 480 minutes.
     */
    Dataset standardHours() {
        BusinessHours hours = new BusinessHours(
                "bh-standard",
                ZoneId.of("Europe/Berlin"),
                EnumSet.of(
                        DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0),
                LocalTime.of(17, 0),
                5,
                5,
                10,
                480,
                Instant.parse("2026-01-01T00:00:00Z"),
                SEEDED_AT,
                SEEDER.id(),
                null);
        new DynamoBusinessHoursStore(db, employeesTable, auditTable, base.cursors())
                .add(hours, new AuditStamp("audit-bh-standard", SEEDED_AT, SEEDER, "create", null));
        return this;
    }

    /** The profile, email claim, punch clock and audit record, in the employees store's own transaction. */
    Dataset employee(
            String id, String first, String last, String code, String department, String zone, boolean active) {
        Employee employee = new Employee(
                id,
                id + "@example.com",
                first,
                last,
                code,
                department,
                null,
                ZoneId.of(zone),
                active,
                SEEDED_AT,
                SEEDED_AT,
                1);
        store.create(employee, null, new AuditStamp("audit-create-" + id, SEEDED_AT, SEEDER, "create", null));
        return this;
    }

    /** A punch as it sits in a clock's journal. */
    record Punch(String action, Instant at) {}

    static Punch in(String instant) {
        return new Punch("punch_in", Instant.parse(instant));
    }

    static Punch out(String instant) {
        return new Punch("punch_out", Instant.parse(instant));
    }

    static Punch breakStart(String instant) {
        return new Punch("break_start", Instant.parse(instant));
    }

    static Punch breakEnd(String instant) {
        return new Punch("break_end", Instant.parse(instant));
    }

    /**
     * Writes the clock's journal as the punch path leaves it (ClockItems' entry shape: id, action, ts, rec, src),
     * with the state after the last punch, {@code last_at} in epoch ms and one version per punch.
     */
    Dataset journal(String employeeId, List<Punch> punches) {
        return keepingTotals(employeeId, () -> writeJournal(employeeId, punches));
    }

    /**
     * Runs a write of the clock and adds its change to the live totals, as the stores do in their transactions
     * (docs/storage.md, "Live day totals"), so that reports see the seeded data.
     */
    Dataset keepingTotals(String employeeId, Runnable write) {
        BusinessHoursTimeline timeline = new CachedBusinessHours(
                        new DynamoBusinessHoursStore(db, employeesTable, auditTable, base.cursors()), Clock.systemUTC())
                .get();
        ClockFigures before = LiveTotalsItems.figuresOf(item(timeTable, "EMPLOYEE#" + employeeId, "CLOCK"), timeline);
        write.run();
        ClockFigures after = LiveTotalsItems.figuresOf(item(timeTable, "EMPLOYEE#" + employeeId, "CLOCK"), timeline);
        List<TransactWriteItem> adds = LiveTotalsItems.adds(timeTable, employeeId, after.minus(before));
        if (!adds.isEmpty()) {
            db.transactWriteItems(transaction -> transaction.transactItems(adds));
        }
        return this;
    }

    /** The employees function's deactivation (its transaction keeps the clock's copy and the live states). */
    Dataset deactivate(String employeeId) {
        Employee before = store.find(employeeId).orElseThrow();
        Employee after = new Employee(
                before.id(),
                before.email(),
                before.firstName(),
                before.lastName(),
                before.employeeCode(),
                before.department(),
                before.position(),
                before.timezone(),
                false,
                before.createdAt(),
                SEEDED_AT,
                before.version() + 1);
        if (!store.replace(
                before, after, null, new AuditStamp("audit-off-" + employeeId, SEEDED_AT, SEEDER, "update", null))) {
            throw new IllegalStateException("the employee changed while deactivating " + employeeId);
        }
        return this;
    }

    private void writeJournal(String employeeId, List<Punch> punches) {
        List<AttributeValue> journal = new ArrayList<>();
        for (int i = 0; i < punches.size(); i++) {
            Punch punch = punches.get(i);
            journal.add(AttributeValue.fromM(Map.of(
                    "id", AttributeValue.fromS(String.format("%s-e%02d", employeeId, i + 1)),
                    "action", AttributeValue.fromS(punch.action()),
                    "ts", AttributeValue.fromS(punch.at().toString()),
                    "rec", AttributeValue.fromS(punch.at().toString()),
                    "src", AttributeValue.fromS("app"))));
        }
        Punch last = punches.get(punches.size() - 1);
        String state = PunchStateMachine.stateAfter(PunchAction.fromWire(last.action()))
                .wire();
        db.updateItem(update -> update.tableName(timeTable)
                .key(ClockItems.key(employeeId))
                .updateExpression("SET journal = :journal, #state = :state, last_at = :last, version = :version")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(
                        ":journal",
                        AttributeValue.fromL(journal),
                        ":state",
                        AttributeValue.fromS(state),
                        ":last",
                        AttributeValue.fromN(Long.toString(last.at().toEpochMilli())),
                        ":version",
                        AttributeValue.fromN(Integer.toString(punches.size())))));
    }

    /**
     * Offline punches accepted at {@code recordedAt}, as the punch path appends them: to the end of the journal,
     * with the state, {@code last_at} and version moved on.
     */
    Dataset appendOffline(String employeeId, List<Punch> punches, Instant recordedAt) {
        return keepingTotals(employeeId, () -> writeOffline(employeeId, punches, recordedAt));
    }

    private void writeOffline(String employeeId, List<Punch> punches, Instant recordedAt) {
        List<AttributeValue> entries = new ArrayList<>();
        for (int i = 0; i < punches.size(); i++) {
            Punch punch = punches.get(i);
            entries.add(AttributeValue.fromM(Map.of(
                    "id", AttributeValue.fromS(String.format("%s-offline-%02d", employeeId, i + 1)),
                    "action", AttributeValue.fromS(punch.action()),
                    "ts", AttributeValue.fromS(punch.at().toString()),
                    "rec", AttributeValue.fromS(recordedAt.toString()),
                    "src", AttributeValue.fromS("offline"))));
        }
        Punch last = punches.get(punches.size() - 1);
        String state = PunchStateMachine.stateAfter(PunchAction.fromWire(last.action()))
                .wire();
        db.updateItem(update -> update.tableName(timeTable)
                .key(ClockItems.key(employeeId))
                .updateExpression("SET journal = list_append(journal, :entries), #state = :state, last_at = :last, "
                        + "version = version + :n")
                .conditionExpression("last_at <= :first")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(
                        ":entries",
                        AttributeValue.fromL(entries),
                        ":state",
                        AttributeValue.fromS(state),
                        ":last",
                        AttributeValue.fromN(Long.toString(last.at().toEpochMilli())),
                        ":first",
                        AttributeValue.fromN(Long.toString(punches.get(0).at().toEpochMilli())),
                        ":n",
                        AttributeValue.fromN(Integer.toString(punches.size())))));
    }

    // ------------------------------------------------------------------ handlers

    /** How many clocks the nightly job closes between two checkpoints; small pages make many pages of few clocks. */
    Dataset clocksPerPage(int clocks) {
        this.clocksPerPage = clocks;
        return this;
    }

    /**
     * Checkpoints of these runs are kept this long after their run's start (the template's NIGHTLY_CHECKPOINT_DAYS is
     * 30): the datasets' runs are dated in March 2026, and the emulator removes expired items on wall-clock time.
     */
    static final Duration FIXED_DATE_CHECKPOINTS_KEPT = Duration.ofDays(3650);

    DailyAggregationHandler aggregation(Clock clock) {
        return aggregation(deployment("DailyAggregationFunction").db(), stack.s3(), clock);
    }

    DailyAggregationHandler aggregation(DynamoDbClient client, S3Client s3, Clock clock) {
        return new DailyAggregationHandler(DailyAggregationHandler.Config.of(
                        deployment("DailyAggregationFunction").withDb(client).withClock(clock))
                .withS3(s3)
                .withClocksPerPage(clocksPerPage)
                .withCheckpointsKept(FIXED_DATE_CHECKPOINTS_KEPT));
    }

    /** Fans out runs of more than {@code above} clocks, {@code clocksPerMessage} per queue message. */
    DailyAggregationHandler aggregationFanningOut(
            DynamoDbClient client, Clock clock, long above, int clocksPerMessage) {
        return new DailyAggregationHandler(DailyAggregationHandler.Config.of(
                        deployment("DailyAggregationFunction").withDb(client).withClock(clock))
                .withS3(stack.s3())
                .withClocksPerPage(clocksPerPage)
                .withFanOut(above, clocksPerMessage)
                .withCheckpointsKept(FIXED_DATE_CHECKPOINTS_KEPT));
    }

    /** On the real clock: it verifies the callers' tokens. */
    ReportsHandler reports() {
        return reports(stack.s3(), stack.links("ReportsFunction"));
    }

    ReportsHandler reports(S3Client s3, S3Links links) {
        return new ReportsHandler(ReportsHandler.Config.of(deployment("ReportsFunction"))
                .withS3(s3)
                .withLinks(links));
    }

    StatusHandler status() {
        return new StatusHandler(deployment("StatusFunction"));
    }

    PeriodsHandler periods() {
        return new PeriodsHandler(deployment("PeriodsFunction"));
    }

    EmployeesHandler employees() {
        return new EmployeesHandler(deployment("EmployeesFunction"));
    }

    // ------------------------------------------------------------------ reading back

    /** Every item of a table, by "pk|sk", in key order. */
    Map<String, Map<String, AttributeValue>> items(String table) {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        stack.dynamoDb()
                .scanPaginator(scan -> scan.tableName(table).consistentRead(true))
                .items()
                .forEach(item ->
                        items.put(item.get("pk").s() + "|" + item.get("sk").s(), new HashMap<>(item)));
        return items;
    }

    Map<String, AttributeValue> item(String table, String pk, String sk) {
        var item = db.getItem(get -> get.tableName(table)
                        .consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))))
                .item();
        return item == null || item.isEmpty() ? null : item;
    }

    byte[] object(String key) {
        return stack.s3().getObjectAsBytes(get -> get.bucket(bucket).key(key)).asByteArray();
    }

    List<String> objectKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        stack.s3()
                .listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(object -> keys.add(object.key()));
        return keys;
    }
}
