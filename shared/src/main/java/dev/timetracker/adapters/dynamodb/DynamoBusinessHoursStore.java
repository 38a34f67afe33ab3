package dev.timetracker.adapters.dynamodb;

import static dev.timetracker.adapters.dynamodb.Attributes.integer;
import static dev.timetracker.adapters.dynamodb.Attributes.n;
import static dev.timetracker.adapters.dynamodb.Attributes.required;
import static dev.timetracker.adapters.dynamodb.Attributes.s;

import dev.timetracker.adapters.json.BusinessHoursJson;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.domain.Page;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.hours.BusinessHours;
import dev.timetracker.domain.hours.BusinessHoursStore;
import dev.timetracker.domain.hours.PayRules;
import dev.timetracker.domain.hours.RejudgeRequest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Business-hours configurations share one partition of the employees table, sorted by when they take
 * effect: "in force at t" is one Query for the last key not after t, and the history is the same Query
 * read backwards.
 */
public final class DynamoBusinessHoursStore implements BusinessHoursStore {
    private static final String PARTITION = "BUSINESS_HOURS";
    private static final Set<String> KEYS = Set.of("pk", "sk");

    private final DynamoDbClient db;
    private final String table;
    /** Where a new configuration is audited; null: this store only reads (the reports function has no audit). */
    private final @Nullable String auditTable;

    private final CursorCodec cursors;
    /** Where re-judge requests go (the time table, which the nightly job works on); null: this store adds none. */
    private final @Nullable String timeTable;

    public DynamoBusinessHoursStore(DynamoDbClient db, String table, @Nullable String auditTable, CursorCodec cursors) {
        this(db, table, auditTable, cursors, null);
    }

    /** @param timeTable where a backdated configuration's re-judge request is put ({@link DynamoRejudging}) */
    public DynamoBusinessHoursStore(
            DynamoDbClient db,
            String table,
            @Nullable String auditTable,
            CursorCodec cursors,
            @Nullable String timeTable) {
        this.db = db;
        this.table = table;
        this.auditTable = auditTable;
        this.cursors = cursors;
        this.timeTable = timeTable;
    }

    /**
     * One TransactWriteItems: the configuration, its audit record and, for one effective in the past, the re-judge
     * request (each on {@code attribute_not_exists}), so a version is never saved without its request
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html).
     */
    @Override
    public void add(BusinessHours configuration, AuditStamp audit, Optional<RejudgeRequest> rejudge) {
        if (auditTable == null) {
            throw new IllegalStateException("this business-hours store has no audit table for a new configuration");
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(Transactions.putNew(table, toItem(configuration)));
        writes.add(AuditItems.put(
                auditTable,
                audit,
                "business_hours",
                configuration.id(),
                null,
                Json.write(BusinessHoursJson.write(configuration))));
        if (rejudge.isPresent()) {
            if (timeTable == null) {
                throw new IllegalStateException("this business-hours store has no time table for re-judge requests");
            }
            writes.add(DynamoRejudging.requestPut(timeTable, rejudge.get()));
        }
        Transactions.write(db, writes);
    }

    @Override
    public Optional<BusinessHours> inForceAt(Instant at) {
        // '~' sorts after the '#' and digits that follow an effective_from equal to `at`.
        var items = db.query(request -> request.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk <= :latest")
                        .expressionAttributeValues(
                                Map.of(":pk", s(PARTITION), ":latest", s(SortableInstant.format(at) + "~")))
                        .scanIndexForward(false)
                        .limit(1)
                        .consistentRead(true))
                .items();
        return items.isEmpty() ? Optional.empty() : Optional.of(fromItem(items.get(0)));
    }

    /** Every configuration, oldest first: the whole timeline (a handful of items, one Query). */
    public List<BusinessHours> all() {
        List<BusinessHours> all = new ArrayList<>();
        db.queryPaginator(request -> request.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(PARTITION)))
                        .consistentRead(true))
                .items()
                .forEach(item -> all.add(fromItem(item)));
        return all;
    }

    @Override
    public Page<BusinessHours> history(PageRequest page) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(PARTITION)))
                .scanIndexForward(false)
                .build();
        return PagedQuery.run(db, query, KEYS, page, cursors, "business-hours", DynamoBusinessHoursStore::fromItem);
    }

    static Map<String, AttributeValue> toItem(BusinessHours hours) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(PARTITION));
        // created_at breaks ties between configurations effective at the same instant: the later one wins.
        item.put(
                "sk",
                s(SortableInstant.format(hours.effectiveFrom()) + "#" + SortableInstant.format(hours.createdAt()) + "#"
                        + hours.id()));
        item.put("id", s(hours.id()));
        item.put("timezone", s(hours.timezone().getId()));
        item.put(
                "work_days",
                AttributeValue.fromL(hours.workDays().stream()
                        .sorted()
                        .map(day -> n(day.getValue()))
                        .toList()));
        item.put("start_time", s(hours.startTime().toString()));
        item.put("end_time", s(hours.endTime().toString()));
        item.put("late_grace_minutes", n(hours.lateGraceMinutes()));
        item.put("early_leave_grace_minutes", n(hours.earlyLeaveGraceMinutes()));
        item.put("max_shift_hours", n(hours.maxShiftHours()));
        item.put("daily_overtime_after_minutes", n(hours.dailyOvertimeAfterMinutes()));
        item.put("effective_from", s(hours.effectiveFrom().toString()));
        item.put("created_at", s(hours.createdAt().toString()));
        item.put("created_by", s(hours.createdBy()));
        putPayRules(item, hours.payRules());
        return item;
    }

    /** Only the rules that are configured are stored: an item without them (any stored before) has none. */
    private static void putPayRules(Map<String, AttributeValue> item, PayRules rules) {
        if (rules.weeklyOvertimeAfterMinutes() != null) {
            item.put("weekly_overtime_after_minutes", n(rules.weeklyOvertimeAfterMinutes()));
        }
        if (!rules.breakRules().isEmpty()) {
            item.put(
                    "break_rules",
                    AttributeValue.fromL(rules.breakRules().stream()
                            .map(rule -> AttributeValue.fromM(Map.of(
                                    "after_minutes",
                                    n(rule.afterMinutes()),
                                    "min_break_minutes",
                                    n(rule.minBreakMinutes()))))
                            .toList()));
        }
        if (rules.autoDeductBreak()) {
            item.put("auto_deduct_break", Attributes.bool(true));
        }
        if (rules.maxDailyMinutes() != null) {
            item.put("max_daily_minutes", n(rules.maxDailyMinutes()));
        }
        if (rules.minRestMinutes() != null) {
            item.put("min_rest_minutes", n(rules.minRestMinutes()));
        }
        if (rules.rounding() != null) {
            item.put(
                    "rounding",
                    AttributeValue.fromM(Map.of(
                            "increment_minutes", n(rules.rounding().incrementMinutes()),
                            "punch_in", s(rules.rounding().punchIn().wire()),
                            "punch_out", s(rules.rounding().punchOut().wire()))));
        }
    }

    private static PayRules payRules(Map<String, AttributeValue> item) {
        List<PayRules.BreakRule> breakRules = item.containsKey("break_rules")
                ? item.get("break_rules").l().stream()
                        .map(rule -> new PayRules.BreakRule(
                                integer(rule.m(), "after_minutes"), integer(rule.m(), "min_break_minutes")))
                        .toList()
                : List.of();
        PayRules.Rounding rounding = null;
        if (item.containsKey("rounding")) {
            Map<String, AttributeValue> map = item.get("rounding").m();
            rounding = new PayRules.Rounding(
                    integer(map, "increment_minutes"),
                    PayRules.Direction.fromWire(required(map, "punch_in").s()).orElseThrow(),
                    PayRules.Direction.fromWire(required(map, "punch_out").s()).orElseThrow());
        }
        return new PayRules(
                optionalInteger(item, "weekly_overtime_after_minutes"),
                breakRules,
                item.containsKey("auto_deduct_break") && Attributes.bool(item, "auto_deduct_break"),
                optionalInteger(item, "max_daily_minutes"),
                optionalInteger(item, "min_rest_minutes"),
                rounding);
    }

    private static @Nullable Integer optionalInteger(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? integer(item, name) : null;
    }

    static BusinessHours fromItem(Map<String, AttributeValue> item) {
        Set<DayOfWeek> workDays = EnumSet.noneOf(DayOfWeek.class);
        required(item, "work_days").l().forEach(day -> workDays.add(DayOfWeek.of(Integer.parseInt(day.n()))));
        return new BusinessHours(
                required(item, "id").s(),
                ZoneId.of(required(item, "timezone").s()),
                workDays,
                LocalTime.parse(required(item, "start_time").s()),
                LocalTime.parse(required(item, "end_time").s()),
                integer(item, "late_grace_minutes"),
                integer(item, "early_leave_grace_minutes"),
                integer(item, "max_shift_hours"),
                integer(item, "daily_overtime_after_minutes"),
                Instant.parse(required(item, "effective_from").s()),
                Instant.parse(required(item, "created_at").s()),
                required(item, "created_by").s(),
                payRules(item));
    }
}
