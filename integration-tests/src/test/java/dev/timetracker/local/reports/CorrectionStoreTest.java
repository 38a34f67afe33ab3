package dev.timetracker.local.reports;

import static dev.timetracker.local.reports.Dataset.breakEnd;
import static dev.timetracker.local.reports.Dataset.breakStart;
import static dev.timetracker.local.reports.Dataset.in;
import static dev.timetracker.local.reports.Dataset.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.ClockItems;
import dev.timetracker.adapters.dynamodb.DynamoBusinessHoursStore;
import dev.timetracker.adapters.dynamodb.DynamoCorrectionStore;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.dynamodb.DynamoTimeRecords;
import dev.timetracker.adapters.report.DailyFiles;
import dev.timetracker.domain.ConflictException;
import dev.timetracker.domain.DateRange;
import dev.timetracker.domain.PageRequest;
import dev.timetracker.domain.access.Principal;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.audit.AuditStamp;
import dev.timetracker.domain.correction.CorrectedDay;
import dev.timetracker.domain.correction.Correction;
import dev.timetracker.domain.correction.CorrectionChange;
import dev.timetracker.domain.correction.CorrectionFilter;
import dev.timetracker.domain.correction.CorrectionInput;
import dev.timetracker.domain.correction.CorrectionService;
import dev.timetracker.domain.correction.CorrectionStatus;
import dev.timetracker.domain.correction.CorrectionStore;
import dev.timetracker.domain.correction.DayCorrection;
import dev.timetracker.domain.period.PayPeriodLock;
import dev.timetracker.domain.period.PeriodLockedException;
import dev.timetracker.domain.time.BusinessHoursTimeline;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.TimeEntry;
import dev.timetracker.local.testing.LocalAwsExtension;
import dev.timetracker.local.testing.TestStack;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DynamoCorrectionStore} under {@link CorrectionService}, on tables of its own: a correction of a date still in
 * the clock's journal, of a final date (after a nightly run), and the transaction's refusals (a day that changed, a
 * decision taken twice, a date locked meanwhile).
 */
@ExtendWith(LocalAwsExtension.class)
class CorrectionStoreTest {
    private static final String EMP = "emp-corr";
    private static final LocalDate MONDAY = LocalDate.parse("2026-03-23");
    private static final Instant NOW = Instant.parse("2026-03-23T18:00:00Z");
    private static final Principal EMPLOYEE = principal(EMP, Role.EMPLOYEE, EMP);
    private static final Principal MANAGER = principal("mgr-1", Role.MANAGER, null);
    private static final Principal OTHER_MANAGER = principal("mgr-2", Role.MANAGER, null);
    private static final Principal ADMIN = principal("adm-1", Role.ADMIN, null);

    private Dataset data;
    private DynamoCorrectionStore store;
    private final AtomicInteger ids = new AtomicInteger();

    private static Principal principal(String id, Role role, String employeeId) {
        return new Principal(id, role, employeeId, "jti-" + id, NOW, NOW.plusSeconds(900), 0);
    }

    @BeforeEach
    void setUp(TestStack stack) {
        data = Dataset.fresh(stack).standardHours().employee(EMP, "Cora", "Rect", "11", "Ops", "UTC", true);
        store = new DynamoCorrectionStore(
                data.db,
                data.timeTable,
                data.auditTable,
                stack.deployment("PeriodsFunction").cursors(),
                date -> DailyFiles.sessionsChanging(data.timeTable, date));
    }

    private CorrectionService service(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new CorrectionService(
                store,
                new CachedBusinessHours(
                        new DynamoBusinessHoursStore(data.db, data.employeesTable, data.auditTable, null), clock),
                clock,
                () -> "c-" + ids.incrementAndGet());
    }

    private Map<String, AttributeValue> clock() {
        return data.db
                .getItem(get ->
                        get.tableName(data.timeTable).key(ClockItems.key(EMP)).consistentRead(true))
                .item();
    }

    private List<Map<String, AttributeValue>> items(String prefix) {
        return data.db
                .query(query -> query.tableName(data.timeTable)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk",
                                AttributeValue.fromS("EMPLOYEE#" + EMP),
                                ":prefix",
                                AttributeValue.fromS(prefix))))
                .items();
    }

    private List<String> auditActions(String correctionId) {
        return data
                .db
                .query(query -> query.tableName(data.auditTable)
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("correction#" + correctionId))))
                .items()
                .stream()
                .map(item -> item.get("action").s())
                .toList();
    }

    private List<String> listedEntryIds() {
        return new DynamoTimeRecords(
                        data.db,
                        data.timeTable,
                        data.stack.deployment("StatusFunction").cursors())
                        .entries(ClockItems.fromItem(clock()), new DateRange(MONDAY, MONDAY), PageRequest.first(50))
                        .items()
                        .stream()
                        .map(TimeEntry::id)
                        .toList();
    }

    private static CorrectionInput input(CorrectionChange... changes) {
        return new CorrectionInput(EMP, MONDAY, "Forgot to punch out", List.of(changes));
    }

    @Test
    void aRequestWaitsThenItsApprovalEndsTheOpenCycleInTheJournalOnce() {
        data.journal(EMP, List.of(in("2026-03-23T08:00:00Z")));
        data.db.updateItem(update -> update.tableName(data.timeTable)
                .key(ClockItems.key(EMP))
                .updateExpression("SET " + ClockItems.OPEN_AT + " = :at")
                .expressionAttributeValues(Map.of(
                        ":at",
                        AttributeValue.fromN(Long.toString(
                                Instant.parse("2026-03-23T08:00:00Z").toEpochMilli())))));
        Correction requested = service(NOW)
                .request(
                        EMPLOYEE,
                        input(new CorrectionChange.AddEntry(
                                PunchAction.PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z"))));
        assertEquals(CorrectionStatus.PENDING, requested.status());
        assertEquals(requested, store.find(requested.id()).orElseThrow(), "stored as requested");
        assertEquals("working", clock().get("state").s(), "a request changes nothing yet");
        data.stack.awaitIndexes();
        assertEquals(
                List.of(requested),
                store.list(new CorrectionFilter(EMP, CorrectionStatus.PENDING, MONDAY, MONDAY), PageRequest.first(10))
                        .items());
        assertEquals(
                List.of(),
                store.list(new CorrectionFilter("someone-else", null, null, null), PageRequest.first(10))
                        .items());

        Correction approved = service(NOW.plusSeconds(60)).approve(MANAGER, requested.id(), "ok");
        assertEquals(CorrectionStatus.APPLIED, approved.status());
        Map<String, AttributeValue> clock = clock();
        assertEquals("off", clock.get("state").s());
        assertFalse(clock.containsKey(ClockItems.OPEN_AT), "out of the open-clocks index");
        assertEquals(
                Instant.parse("2026-03-23T16:00:00Z").toEpochMilli(),
                Long.parseLong(clock.get("last_at").n()));
        List<AttributeValue> journal = clock.get("journal").l();
        assertEquals(2, journal.size());
        assertEquals("correction", journal.get(1).m().get("src").s());
        assertEquals(List.of("correction_request", "correction_approve"), auditActions(requested.id()));

        ConflictException twice = assertThrows(
                ConflictException.class,
                () -> service(NOW.plusSeconds(61)).approve(OTHER_MANAGER, requested.id(), null));
        assertEquals("correction-decided", twice.slug());
        assertEquals(2, clock().get("journal").l().size(), "applied once");
    }

    @Test
    void aDecisionThatLostTheRaceIsAlreadyDecidedAndChangesNothing() {
        data.journal(EMP, List.of(in("2026-03-23T08:00:00Z")));
        Correction requested = service(NOW)
                .request(
                        EMPLOYEE,
                        input(new CorrectionChange.AddEntry(
                                PunchAction.PUNCH_OUT, Instant.parse("2026-03-23T16:00:00Z"))));
        // Both managers read it pending; the second writes after the first one's decision.
        store.reject(
                requested.decided(CorrectionStatus.REJECTED, MANAGER.subjectId(), NOW, "no"),
                requested,
                new AuditStamp("a-1", NOW, MANAGER.actor(), "correction_reject", "no"));
        CorrectionStore.Basis basis = store.day(EMP, MONDAY).orElseThrow();
        CorrectedDay result = DayCorrection.apply(basis.day(), requested.changes(), requested.id(), NOW);
        CorrectionStore.AlreadyDecided lost = assertThrows(
                CorrectionStore.AlreadyDecided.class,
                () -> store.apply(
                        requested.decided(CorrectionStatus.APPLIED, OTHER_MANAGER.subjectId(), NOW, null),
                        requested,
                        basis,
                        result,
                        null,
                        new AuditStamp("a-2", NOW, OTHER_MANAGER.actor(), "correction_approve", null),
                        BusinessHoursTimeline.empty()));
        assertEquals(CorrectionStatus.REJECTED, lost.current().status());
        assertEquals(1, clock().get("journal").l().size());
        assertEquals("working", clock().get("state").s());
    }

    @Test
    void anAdminVoidsJournalEntriesWhichAreKeptAsVoidedItems() {
        data.journal(
                EMP,
                List.of(
                        in("2026-03-23T08:00:00Z"),
                        breakStart("2026-03-23T10:00:00Z"),
                        breakEnd("2026-03-23T10:15:00Z"),
                        out("2026-03-23T16:00:00Z")));
        Correction applied = service(NOW)
                .request(
                        ADMIN,
                        input(
                                new CorrectionChange.VoidEntry(EMP + "-e02"),
                                new CorrectionChange.VoidEntry(EMP + "-e03")));
        assertEquals(CorrectionStatus.APPLIED, applied.status());
        List<String> journal = clock().get("journal").l().stream()
                .map(entry -> entry.m().get("id").s())
                .toList();
        assertEquals(List.of(EMP + "-e01", EMP + "-e04"), journal);
        List<Map<String, AttributeValue>> voided = items("ENTRY#");
        assertEquals(2, voided.size());
        voided.forEach(item -> assertEquals(applied.id(), item.get("voided_by").s()));
        assertEquals(2, store.day(EMP, MONDAY).orElseThrow().day().entries().size(), "voided ones are not read back");
        assertEquals(List.of(EMP + "-e01", EMP + "-e04"), listedEntryIds(), "nor listed");
        assertEquals(List.of("correction_apply"), auditActions(applied.id()));
    }

    @Test
    void aCorrectionOfAFinalDateRewritesItsSessionAndMarksTheDailyAggregateStale() {
        data.journal(EMP, List.of(in("2026-03-23T08:00:00Z"), out("2026-03-23T12:00:00Z")));
        data.stack.awaitIndexes();
        var result = data.aggregation(Clock.fixed(Instant.parse("2026-03-25T13:00:00Z"), ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Instant.parse("2026-03-25T13:00:00Z")), () -> Long.MAX_VALUE);
        assertEquals("done", result.get("status").asText(), result::toString);
        assertEquals(
                4 * 3600,
                Long.parseLong(items("SESSION#").get(0).get("worked_seconds").n()));
        assertEquals(4 * 3600, yearItemWorkedSeconds(), "the year item the employees report reads, in step");
        var daily = data.db
                .getItem(get -> get.tableName(data.timeTable)
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS("DAILY"), "sk", AttributeValue.fromS(MONDAY.toString()))))
                .item();
        assertFalse(daily.isEmpty(), "the nightly run wrote the aggregate");
        assertFalse(daily.containsKey("stale"));

        Instant later = Instant.parse("2026-03-25T14:00:00Z");
        Correction applied = service(later)
                .request(
                        ADMIN,
                        input(new CorrectionChange.MoveEntry(EMP + "-e02", Instant.parse("2026-03-23T16:00:00Z"))));
        assertEquals(CorrectionStatus.APPLIED, applied.status());
        assertEquals(
                8 * 3600,
                Long.parseLong(items("SESSION#").get(0).get("worked_seconds").n()),
                "session rewritten");
        assertEquals(8 * 3600, yearItemWorkedSeconds(), "the year item rewritten in the same transaction");
        List<Map<String, AttributeValue>> entries = items("ENTRY#");
        assertEquals(3, entries.size());
        assertEquals(
                applied.id(),
                entries.stream()
                        .filter(item -> item.get("id").s().equals(EMP + "-e02"))
                        .findFirst()
                        .orElseThrow()
                        .get("voided_by")
                        .s());
        assertEquals(
                1,
                entries.stream()
                        .filter(item -> item.get("source").s().equals("correction"))
                        .count());
        assertEquals(0, clock().get("journal").l().size(), "nothing went into the journal");
        assertEquals(
                List.of(EMP + "-e01", "correction"),
                listedEntryIds().stream()
                        .map(id -> id.startsWith(EMP) ? id : "correction")
                        .toList(),
                "the moved original is not listed");
        daily = data.db
                .getItem(get -> get.tableName(data.timeTable)
                        .consistentRead(true)
                        .key(Map.of(
                                "pk", AttributeValue.fromS("DAILY"), "sk", AttributeValue.fromS(MONDAY.toString()))))
                .item();
        assertTrue(daily.get("stale").bool());

        // A late offline cycle of the same date: the next run rebuilds the session from the date's effective entries.
        data.appendOffline(
                EMP,
                List.of(in("2026-03-23T17:00:00Z"), out("2026-03-23T18:00:00Z")),
                Instant.parse("2026-03-26T10:00:00Z"));
        data.stack.awaitIndexes();
        var rerun = data.aggregation(Clock.fixed(Instant.parse("2026-03-26T13:00:00Z"), ZoneOffset.UTC))
                .handle(Week.scheduledEvent(Instant.parse("2026-03-26T13:00:00Z")), () -> Long.MAX_VALUE);
        assertEquals("done", rerun.get("status").asText(), rerun::toString);
        assertEquals(
                9 * 3600,
                Long.parseLong(items("SESSION#").get(0).get("worked_seconds").n()),
                "08:00-16:00 and 17:00-18:00; the voided 12:00 punch_out is no part of the day");
        assertEquals(9 * 3600, yearItemWorkedSeconds());
    }

    /** Monday's worked seconds in the employee's {@code YEAR#2026} item (SessionYears: index 1 of the figures). */
    private long yearItemWorkedSeconds() {
        return Long.parseLong(
                items("YEAR#2026").get(0).get(MONDAY.toString()).l().get(1).n());
    }

    @Test
    void aPunchBetweenReadingAndApplyingIsADayChangeAndTheServiceRetries() {
        data.journal(EMP, List.of(in("2026-03-23T08:00:00Z")));
        CorrectionStore.Basis basis = store.day(EMP, MONDAY).orElseThrow();
        Correction correction = new Correction(
                "c-race",
                EMP,
                MONDAY,
                List.of(new CorrectionChange.AddEntry(PunchAction.PUNCH_OUT, Instant.parse("2026-03-23T12:00:00Z"))),
                "Forgot",
                CorrectionStatus.APPLIED,
                ADMIN.subjectId(),
                NOW,
                ADMIN.subjectId(),
                NOW,
                null);
        CorrectedDay result = DayCorrection.apply(basis.day(), correction.changes(), correction.id(), NOW);
        data.appendOffline(EMP, List.of(breakStart("2026-03-23T10:00:00Z")), NOW);
        assertThrows(
                CorrectionStore.DayChanged.class,
                () -> store.apply(
                        correction,
                        null,
                        basis,
                        result,
                        null,
                        new AuditStamp("a-race", NOW, ADMIN.actor(), "correction_apply", "Forgot"),
                        BusinessHoursTimeline.empty()));
        assertEquals(2, clock().get("journal").l().size(), "the punch stands, the correction wrote nothing");
        assertTrue(store.find("c-race").isEmpty());
    }

    @Test
    void aDateLockedAfterItWasReadIsRefusedByTheTransaction() {
        data.journal(EMP, List.of(in("2026-03-23T08:00:00Z")));
        CorrectionStore.Basis basis = store.day(EMP, MONDAY).orElseThrow();
        Correction correction = new Correction(
                "c-locked",
                EMP,
                MONDAY,
                List.of(new CorrectionChange.AddEntry(PunchAction.PUNCH_OUT, Instant.parse("2026-03-23T12:00:00Z"))),
                "Forgot",
                CorrectionStatus.APPLIED,
                ADMIN.subjectId(),
                NOW,
                ADMIN.subjectId(),
                NOW,
                null);
        CorrectedDay result = DayCorrection.apply(basis.day(), correction.changes(), correction.id(), NOW);
        DynamoPeriodStore periods = new DynamoPeriodStore(data.db, data.timeTable, data.auditTable);
        periods.moveLock(
                periods.lock(),
                new PayPeriodLock(MONDAY, "payroll", ADMIN.subjectId(), NOW),
                new AuditStamp("a-lock", NOW, ADMIN.actor(), "lock", "payroll"));
        assertThrows(
                PeriodLockedException.class,
                () -> store.apply(
                        correction,
                        null,
                        basis,
                        result,
                        null,
                        new AuditStamp("a-locked", NOW, ADMIN.actor(), "correction_apply", "Forgot"),
                        BusinessHoursTimeline.empty()));
        assertEquals(1, clock().get("journal").l().size());
        assertTrue(store.find("c-locked").isEmpty());
        assertThrows(
                PeriodLockedException.class,
                () -> service(NOW)
                        .request(
                                EMPLOYEE,
                                input(new CorrectionChange.AddEntry(
                                        PunchAction.PUNCH_OUT, Instant.parse("2026-03-23T12:00:00Z")))));
    }
}
