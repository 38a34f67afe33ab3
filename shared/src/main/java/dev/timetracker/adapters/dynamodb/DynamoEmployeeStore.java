package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.bool;
import static dev.timetracker.adapters.dynamodb.Attributes.n;
import static dev.timetracker.adapters.dynamodb.Attributes.putIfPresent;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;
import static dev.timetracker.adapters.dynamodb.Attributes.string;

import dev.timetracker.adapters.auth.LoginNameClaims;
import dev.timetracker.adapters.auth.SessionStore;
import dev.timetracker.adapters.json.EmployeeJson;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.employee.EmailTakenException;
import dev.timetracker.domain.employee.Employee;
import dev.timetracker.domain.employee.EmployeeFilter;
import dev.timetracker.domain.employee.EmployeeStore;
import dev.timetracker.domain.report.ClockFigures;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Employees in the employees table. A profile item per employee, plus one "email claim" item per address:
 * writing both in one transaction, each conditional on not existing, is what makes emails unique without a
 * read-then-write race. Listings are Queries on the roster and department indexes, sorted by name.
 */
public final class DynamoEmployeeStore implements EmployeeStore {
    static final String ROSTER_INDEX = "by-roster";
    static final String DEPARTMENT_INDEX = "by-department";
    private static final String ROSTER = "EMPLOYEE";
    private static final String PROFILE = "PROFILE";
    private static final Set<String> ROSTER_KEYS = Set.of("pk", "sk", "roster", "roster_sort");
    private static final Set<String> DEPARTMENT_KEYS = Set.of("pk", "sk", "department", "roster_sort");

    static final String ENTITY_TYPE = "employee";
    static final String PRINCIPAL_KIND = "employee";

    private final DynamoDbClient db;
    private final String table;
    private final SessionStore sessions;
    /** Where changes are audited; null: this store only reads (the reports function has no audit table). */
    private final @Nullable String auditTable;

    private final String timeTable;
    private final CursorCodec cursors;
    /** For the live totals' delta of a zone change (lateness is judged in the employee's zone). */
    private final Supplier<BusinessHoursTimeline> hours;

    public DynamoEmployeeStore(
            DynamoDbClient db,
            String table,
            SessionStore sessions,
            @Nullable String auditTable,
            String timeTable,
            CursorCodec cursors) {
        this.db = db;
        this.table = table;
        this.sessions = sessions;
        this.auditTable = auditTable;
        this.timeTable = timeTable;
        this.cursors = cursors;
        this.hours = new CachedBusinessHours(
                new DynamoBusinessHoursStore(db, table, auditTable, cursors), Clock.systemUTC());
    }

    /**
     * One transaction: the profile, the email claim (and the check that no admin user has the address as their
     * username: login names are one namespace), the login state the auth checks read, the punch clock, the
     * password hash if one was set, and the audit record.
     */
    @Override
    public void create(Employee employee, @Nullable String passwordHash, AuditStamp audit) {
        List<TransactWriteItem> writes = new ArrayList<>(List.of(
                putNew(toItem(employee)),
                putNew(emailClaim(employee)),
                LoginNameClaims.noUsernameClaim(sessions.table(), employee.email()),
                sessions.stateChange(employee.id(), PRINCIPAL_KIND, true),
                ClockItems.create(timeTable, employee),
                AuditItems.put(auditTable(), audit, ENTITY_TYPE, employee.id(), null, auditJson(employee, false))));
        // The new clock's figures: one more active employee, off (the live totals' STATES#).
        writes.addAll(LiveTotalsItems.adds(
                timeTable,
                employee.id(),
                ClockFigures.ofJournal(
                        employee.id(),
                        employee.timezone(),
                        employee.active(),
                        List.of(),
                        BusinessHoursTimeline.empty())));
        if (passwordHash != null) {
            writes.add(sessions.credentialChange(employee.id(), passwordHash));
        }
        try {
            Transactions.write(db, writes);
        } catch (TransactionCanceledException e) {
            if (Transactions.failedConditionIn(e, 1, 3)) {
                throw new EmailTakenException();
            }
            throw e;
        }
    }

    @Override
    public Optional<Employee> find(String id) {
        var item = db.getItem(request -> request.tableName(table)
                        .key(key(profilePk(id), PROFILE))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Several employees by id in BatchGetItem calls of up to 100 keys; unknown ids are absent from the map. */
    public Map<String, Employee> findAll(java.util.Collection<String> ids) {
        Map<String, Employee> found = new HashMap<>();
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        for (int start = 0; start < all.size(); start += 100) {
            List<Map<String, AttributeValue>> keys = all.subList(start, Math.min(all.size(), start + 100)).stream()
                    .map(id -> key(profilePk(id), PROFILE))
                    .toList();
            BatchReads.get(db, Map.of(table, keys))
                    .getOrDefault(table, List.of())
                    .forEach(item -> found.put(required(item, "id").s(), fromItem(item)));
        }
        return found;
    }

    @Override
    public Optional<Employee> findByEmail(String email) {
        var claim = db.getItem(request -> request.tableName(table)
                        .key(LoginNameClaims.emailClaimKey(email))
                        .consistentRead(true))
                .item();
        if (claim == null || claim.isEmpty()) {
            return Optional.empty();
        }
        return find(required(claim, "employee_id").s());
    }

    /**
     * One transaction, conditional on the version read: the profile, the email claim when the email changed
     * (with the check that no admin user has the new address as their username), the login state and the punch
     * clock's copy of it when activity changed or a password was set (deactivation and a new password withdraw
     * every token issued so far), the clock's copy of zone and activity, the password hash when one was set, and
     * the audit record.
     */
    @Override
    public boolean replace(Employee before, Employee after, @Nullable String passwordHash, AuditStamp audit) {
        for (int attempt = 1; ; attempt++) {
            Replaced outcome = replaceOnClock(before, after, passwordHash, audit, attempt == MAX_CLOCK_ATTEMPTS);
            if (outcome != Replaced.CLOCK_CHANGED) {
                return outcome == Replaced.YES;
            }
        }
    }

    /** How one attempt ended. */
    private enum Replaced {
        YES,
        /** The profile is no longer the version read: the caller reads it again. */
        PROFILE_CHANGED,
        CLOCK_CHANGED
    }

    /** A punch or the nightly job changed the clock between its read and the transaction: read it again, this often. */
    private static final int MAX_CLOCK_ATTEMPTS = 3;

    /**
     * One attempt: the clock is read for the live totals' delta (activity moves the employee in or out of
     * {@code STATES#}; a zone change may move work dates and lateness), and the transaction holds on its version.
     *
     * @return {@link Replaced#CLOCK_CHANGED} when the clock changed in between and {@code last} is false
     */
    private Replaced replaceOnClock(
            Employee before, Employee after, @Nullable String passwordHash, AuditStamp audit, boolean last) {
        Map<String, AttributeValue> clockItem = ClockItems.readLatest(db, timeTable, after.id());
        Long readVersion = null;
        ClockFigures delta = ClockFigures.NONE;
        if (clockItem != null && clockItem.containsKey("version")) {
            // A clock that cannot be read counts for nothing in the totals; the change may repair it (its copy of the
            // zone is the damaged part), and then its figures join them.
            Map<String, AttributeValue> changed = new HashMap<>(clockItem);
            changed.put("zone", s(after.timezone().getId()));
            changed.put("active", AttributeValue.fromBool(after.active()));
            readVersion = Long.parseLong(clockItem.get("version").n());
            ClockItems.CorrectionBasis journal = basisOrNull(changed);
            BusinessHoursTimeline timeline =
                    journal == null || journal.datedJournal().isEmpty() ? BusinessHoursTimeline.empty() : hours.get();
            delta = LiveTotalsItems.figuresOf(changed, timeline).minus(LiveTotalsItems.figuresOf(clockItem, timeline));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(toItem(after))
                        .conditionExpression("version = :expected")
                        .expressionAttributeValues(Map.of(":expected", n(before.version())))
                        .build())
                .build());
        int newClaim = -1;
        if (!before.emailKey().equals(after.emailKey())) {
            writes.add(TransactWriteItem.builder()
                    .delete(Delete.builder()
                            .tableName(table)
                            .key(LoginNameClaims.emailClaimKey(before.email()))
                            .conditionExpression("employee_id = :id")
                            .expressionAttributeValues(Map.of(":id", s(before.id())))
                            .build())
                    .build());
            newClaim = writes.size();
            writes.add(putNew(emailClaim(after)));
            writes.add(LoginNameClaims.noUsernameClaim(sessions.table(), after.email()));
        }
        boolean withdrawTokens = (before.active() && !after.active()) || passwordHash != null;
        if (before.active() != after.active() || withdrawTokens) {
            writes.add(sessions.stateChange(after.id(), PRINCIPAL_KIND, after.active(), withdrawTokens));
        }
        // Always, not only when activity or zone changed: the clock's copy may be the damaged part of a clock that
        // cannot be read (UnreadableClockException), and any update of the employee is then its repair.
        int clockIndex = writes.size();
        writes.add(ClockItems.employeeChanged(timeTable, after, withdrawTokens, readVersion));
        writes.addAll(LiveTotalsItems.adds(timeTable, after.id(), delta));
        if (passwordHash != null) {
            writes.add(sessions.credentialChange(after.id(), passwordHash));
        }
        writes.add(AuditItems.put(
                auditTable(),
                audit,
                ENTITY_TYPE,
                after.id(),
                auditJson(before, false),
                auditJson(after, passwordHash != null)));
        try {
            Transactions.write(db, writes);
            return Replaced.YES;
        } catch (TransactionCanceledException e) {
            if (newClaim >= 0 && Transactions.failedConditionIn(e, newClaim, newClaim + 2)) {
                throw new EmailTakenException();
            }
            boolean staleClaim = newClaim >= 0 && Transactions.failedCondition(e, newClaim - 1);
            if (Transactions.failedCondition(e, 0) || staleClaim) {
                return Replaced.PROFILE_CHANGED;
            }
            if (readVersion != null && !last && Transactions.failedCondition(e, clockIndex)) {
                return Replaced.CLOCK_CHANGED;
            }
            throw e;
        }
    }

    private static ClockItems.@Nullable CorrectionBasis basisOrNull(Map<String, AttributeValue> clockItem) {
        try {
            return ClockItems.forCorrection(clockItem);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    private String auditTable() {
        if (auditTable == null) {
            throw new IllegalStateException("this employee store has no audit table to record a change in");
        }
        return auditTable;
    }

    /** The employee as the API shows it; a password change is noted, never the password or its hash. */
    private static String auditJson(Employee employee, boolean passwordChanged) {
        var json = EmployeeJson.write(employee);
        if (passwordChanged) {
            json.put("password_changed", true);
        }
        return Json.write(json);
    }

    @Override
    public Page<Employee> list(EmployeeFilter filter, PageRequest page) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String listing;
        Set<String> keys;
        if (filter.department() != null) {
            query.indexName(DEPARTMENT_INDEX).keyConditionExpression("#department = :department");
            names.put("#department", "department");
            values.put(":department", s(filter.department()));
            listing = "employees/department/" + filter.department();
            keys = DEPARTMENT_KEYS;
        } else {
            query.indexName(ROSTER_INDEX).keyConditionExpression("roster = :roster");
            values.put(":roster", s(ROSTER));
            listing = "employees/roster";
            keys = ROSTER_KEYS;
        }
        if (filter.active() != null) {
            query.filterExpression("is_active = :active");
            values.put(":active", bool(filter.active()));
            listing += "/active=" + filter.active();
        }
        if (!names.isEmpty()) {
            query.expressionAttributeNames(names);
        }
        query.expressionAttributeValues(values);
        return PagedQuery.run(db, query.build(), keys, page, cursors, listing, DynamoEmployeeStore::fromItem);
    }

    private TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return Transactions.putNew(table, item);
    }

    private Map<String, AttributeValue> emailClaim(Employee employee) {
        Map<String, AttributeValue> item = new HashMap<>(LoginNameClaims.emailClaimKey(employee.email()));
        item.put("employee_id", s(employee.id()));
        return item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put("pk", s(pk));
        key.put("sk", s(sk));
        return key;
    }

    private static String profilePk(String id) {
        return "EMPLOYEE#" + id;
    }

    static Map<String, AttributeValue> toItem(Employee employee) {
        Map<String, AttributeValue> item = key(profilePk(employee.id()), PROFILE);
        item.put("id", s(employee.id()));
        item.put("email", s(employee.email()));
        item.put("first_name", s(employee.firstName()));
        item.put("last_name", s(employee.lastName()));
        putIfPresent(item, "employee_code", employee.employeeCode());
        putIfPresent(item, "department", employee.department());
        putIfPresent(item, "position", employee.position());
        item.put("timezone", s(employee.timezone().getId()));
        item.put("is_active", bool(employee.active()));
        item.put("created_at", s(employee.createdAt().toString()));
        item.put("updated_at", s(employee.updatedAt().toString()));
        item.put("version", n(employee.version()));
        item.put("roster", s(ROSTER));
        item.put("roster_sort", s(rosterSort(employee)));
        return item;
    }

    /** Listings are alphabetical by last name, then first name; the id makes the order total. */
    private static String rosterSort(Employee employee) {
        return (employee.lastName() + "\u0000" + employee.firstName()).toLowerCase(Locale.ROOT) + "\u0000"
                + employee.id();
    }

    static Employee fromItem(Map<String, AttributeValue> item) {
        return new Employee(
                required(item, "id").s(),
                required(item, "email").s(),
                required(item, "first_name").s(),
                required(item, "last_name").s(),
                string(item, "employee_code"),
                string(item, "department"),
                string(item, "position"),
                ZoneId.of(required(item, "timezone").s()),
                Attributes.bool(item, "is_active"),
                Instant.parse(required(item, "created_at").s()),
                Instant.parse(required(item, "updated_at").s()),
                Attributes.number(item, "version"));
    }
}
