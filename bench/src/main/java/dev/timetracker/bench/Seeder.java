package dev.timetracker.bench;

import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.dynamodb.BatchWrites;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoEmployeeStore;
import dev.timetracker.adapters.dynamodb.SessionYears;
import dev.timetracker.adapters.dynamodb.TimeItems;
import dev.timetracker.domain.access.Actor;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.time.PunchCycle;
import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.WorkSession;
import java.lang.reflect.Proxy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Writes large datasets straight into the emulator with BatchWriteItem, in the item shapes the product writes:
 * employee profiles, email claims and punch clocks are taken from {@link DynamoEmployeeStore#create}'s own
 * transaction (captured instead of sent, see {@link #employees}), journals in {@link ClockItems}' entry shape,
 * final sessions from {@link TimeItems#sessionItem}.
 */
final class Seeder {
    static final Instant SEEDED_AT = Instant.parse("2026-01-02T08:00:00Z");
    private static final Actor SEEDER = new Actor("bench-seeder", Role.ADMIN);
    private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Asia/Tokyo"};
    private static final int WRITERS = 2;

    /** The fresh tables of one dataset. */
    record Tables(String employees, String time, String audit, String exports) {
        /** The environment variables that point a function at these tables instead of the template's. */
        Map<String, String> environment() {
            return Map.of(
                    "EMPLOYEES_TABLE", employees, "TIME_TABLE", time, "AUDIT_TABLE", audit, "EXPORTS_TABLE", exports);
        }
    }

    private final BenchStack stack;
    private final DynamoDbClient db;

    Seeder(BenchStack stack) {
        this.stack = stack;
        this.db = stack.aws().dynamoDb();
    }

    Tables freshTables() {
        return new Tables(
                stack.freshTable("EmployeesTable"),
                stack.freshTable("TimeTable"),
                stack.freshTable("AuditTable"),
                stack.freshTable("ExportsTable"));
    }

    /** Europe/Berlin, Monday to Friday 09:00–17:00, in force since 2026-01-01 (as the report tests use). */
    void standardHours(Tables tables) {
        BusinessHours hours = new BusinessHours(
                "bh-bench",
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
                PayRules.NONE);
        new DynamoBusinessHoursStore(
                        db,
                        tables.employees(),
                        tables.audit(),
                        stack.deployment("EmployeesFunction").cursors())
                .add(hours, new AuditStamp("audit-bh-bench", SEEDED_AT, SEEDER, "create", null));
    }

    /**
     * {@code count} employees ("emp-00001"...), zones taking turns among Berlin, New York and Tokyo: their profile,
     * email claim and punch clock, exactly as the employees store's create transaction writes them (the login
     * state and audit record of that transaction go to other tables and are left out). {@code journal} may add
     * punches to each clock item before it is written.
     */
    List<Employee> employees(Tables tables, int count, Consumer<Map<String, AttributeValue>> journal) {
        List<TransactWriteItem> captured = new ArrayList<>();
        DynamoDbClient capture = capturingClient(captured);
        DynamoEmployeeStore store = new DynamoEmployeeStore(
                capture,
                tables.employees(),
                new SessionStore(capture, "not-written"),
                tables.audit(),
                tables.time(),
                stack.deployment("EmployeesFunction").cursors());
        List<Employee> employees = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("emp-%05d", i);
            Employee employee = new Employee(
                    id,
                    id + "@example.com",
                    "Worker",
                    "Number " + i,
                    "E-" + i,
                    i % 5 == 0 ? "Logistics" : "Warehouse",
                    "Picker",
                    ZoneId.of(ZONES[i % ZONES.length]),
                    true,
                    SEEDED_AT,
                    SEEDED_AT,
                    1);
            store.create(employee, null, new AuditStamp("audit-" + id, SEEDED_AT, SEEDER, "create", null));
            employees.add(employee);
        }
        Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
        for (TransactWriteItem write : captured) {
            if (write.put() == null
                    || !(write.put().tableName().equals(tables.employees())
                            || write.put().tableName().equals(tables.time()))) {
                continue;
            }
            Map<String, AttributeValue> item = new HashMap<>(write.put().item());
            if (write.put().tableName().equals(tables.time())) {
                journal.accept(item);
            }
            byTable.computeIfAbsent(write.put().tableName(), table -> new ArrayList<>())
                    .add(put(item));
        }
        byTable.forEach(this::write);
        return employees;
    }

    /**
     * A day's punches on a clock item, as the punch path leaves them: punch_in 08:00, break_start 12:00, break_end
     * 12:30, punch_out 16:30 on {@code date} in the employee's zone; state off, last_at the punch_out.
     */
    static Consumer<Map<String, AttributeValue>> dayOfPunches(LocalDate date) {
        return clock -> {
            String employeeId = clock.get("employee_id").s();
            ZoneId zone = ZoneId.of(clock.get("zone").s());
            String[][] punches = {
                {"punch_in", "08:00"}, {"break_start", "12:00"}, {"break_end", "12:30"}, {"punch_out", "16:30"}
            };
            List<AttributeValue> entries = new ArrayList<>();
            Instant last = null;
            for (int i = 0; i < punches.length; i++) {
                last = date.atTime(LocalTime.parse(punches[i][1])).atZone(zone).toInstant();
                entries.add(AttributeValue.fromM(Map.of(
                        "id", AttributeValue.fromS(employeeId + "-e" + (i + 1)),
                        "action", AttributeValue.fromS(punches[i][0]),
                        "ts", AttributeValue.fromS(last.toString()),
                        "rec", AttributeValue.fromS(last.toString()),
                        "src", AttributeValue.fromS("app"))));
            }
            clock.put("journal", AttributeValue.fromL(entries));
            clock.put("state", AttributeValue.fromS("off"));
            clock.put("last_at", AttributeValue.fromN(Long.toString(last.toEpochMilli())));
            clock.put("version", AttributeValue.fromN(Integer.toString(punches.length)));
        };
    }

    /** One final, complete session per employee and date: 08:00–16:30 local with half an hour of break. */
    void finalSessions(Tables tables, List<Employee> employees, List<LocalDate> dates) {
        List<WriteRequest> requests = new ArrayList<>();
        for (Employee employee : employees) {
            Map<Integer, List<WorkSession>> byYear = new java.util.TreeMap<>();
            for (LocalDate date : dates) {
                Instant in = date.atTime(8, 0).atZone(employee.timezone()).toInstant();
                Instant out = in.plusSeconds(8 * 3600 + 1800);
                WorkSession session = new WorkSession(
                        employee.id(),
                        date,
                        in,
                        out,
                        8 * 3600,
                        1800,
                        List.of(new PunchCycle(in, out, 8 * 3600, 1800)),
                        0,
                        0,
                        0,
                        8 * 3600,
                        0,
                        SessionStatus.COMPLETE,
                        List.of());
                requests.add(put(TimeItems.sessionItem(session)));
                byYear.computeIfAbsent(date.getYear(), year -> new ArrayList<>())
                        .add(session);
            }
            // The employees report reads the year items the nightly job writes with every session.
            byYear.forEach((year, sessions) -> requests.add(put(SessionYears.item(employee.id(), year, sessions))));
        }
        write(tables.time(), requests);
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder()
                .putRequest(PutRequest.builder().item(item).build())
                .build();
    }

    /** BatchWriteItem in chunks of 25, from two threads (two cores; the emulator serves both). */
    private void write(String table, List<WriteRequest> requests) {
        List<Callable<Object>> parts = new ArrayList<>();
        int slice = (requests.size() + WRITERS - 1) / WRITERS;
        for (int start = 0; start < requests.size(); start += slice) {
            List<WriteRequest> part = requests.subList(start, Math.min(requests.size(), start + slice));
            parts.add(Executors.callable(() -> BatchWrites.put(db, table, part)));
        }
        Parallel.all(WRITERS, parts);
    }

    /**
     * A DynamoDbClient that records the transactions it is given and sends nothing: the employees store then
     * hands over exactly the items it would write.
     */
    private static DynamoDbClient capturingClient(List<TransactWriteItem> captured) {
        return (DynamoDbClient) Proxy.newProxyInstance(
                Seeder.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("transactWriteItems") && args != null && args.length == 1) {
                        TransactWriteItemsRequest request;
                        if (args[0] instanceof TransactWriteItemsRequest given) {
                            request = given;
                        } else {
                            @SuppressWarnings("unchecked")
                            Consumer<TransactWriteItemsRequest.Builder> consumer =
                                    (Consumer<TransactWriteItemsRequest.Builder>) args[0];
                            TransactWriteItemsRequest.Builder builder = TransactWriteItemsRequest.builder();
                            consumer.accept(builder);
                            request = builder.build();
                        }
                        captured.addAll(request.transactItems());
                        return TransactWriteItemsResponse.builder().build();
                    }
                    switch (method.getName()) {
                        case "serviceName" -> {
                            return DynamoDbClient.SERVICE_NAME;
                        }
                        case "toString" -> {
                            return "capturing DynamoDbClient";
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default -> {}
                    }
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(
                            "The capturing client only takes transactions, not " + method.getName());
                });
    }
}
