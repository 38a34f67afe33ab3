package dev.timetracker.adapters.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.timetracker.domain.time.SessionStatus;
import dev.timetracker.domain.time.WorkSession;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The year items' shape: what is written reads back as the figures the employees report adds up. */
class SessionYearsTest {
    private static final LocalDate NEW_YEARS_EVE = LocalDate.parse("2026-12-31");

    @Test
    void aYearItemReadsBackTheFiguresOfTheDatesAskedFor() {
        WorkSession eve = session(NEW_YEARS_EVE.minusDays(1));
        WorkSession last = session(NEW_YEARS_EVE);
        var item = SessionYears.item("emp-1", 2026, List.of(eve, last));

        List<WorkSession> read = SessionYears.sessions("emp-1", item, NEW_YEARS_EVE, NEW_YEARS_EVE);

        assertEquals(1, read.size(), "only the range's dates");
        WorkSession back = read.get(0);
        assertEquals(
                List.of(
                        last.workDate(),
                        last.firstIn(),
                        last.workedSeconds(),
                        last.breakSeconds(),
                        last.lateSeconds(),
                        last.earlyLeaveSeconds(),
                        last.overtimeSeconds(),
                        last.payableSeconds()),
                List.of(
                        back.workDate(),
                        back.firstIn(),
                        back.workedSeconds(),
                        back.breakSeconds(),
                        back.lateSeconds(),
                        back.earlyLeaveSeconds(),
                        back.overtimeSeconds(),
                        back.payableSeconds()));
        assertThrows(IllegalArgumentException.class, () -> SessionYears.item("emp-1", 2027, List.of(last)));
    }

    @Test
    void aTransactionGetsOneUpdatePerYearItem() {
        List<TransactWriteItem> updates = SessionYears.updates(
                "time",
                "emp-1",
                List.of(
                        session(NEW_YEARS_EVE.minusDays(1)),
                        session(NEW_YEARS_EVE),
                        session(NEW_YEARS_EVE.plusDays(1))),
                List.of(NEW_YEARS_EVE.minusDays(2)));

        assertEquals(2, updates.size(), "2026 and 2027");
        assertEquals(
                "SET #d0 = :d0, #d1 = :d1 REMOVE #d2", updates.get(0).update().updateExpression());
        assertEquals("YEAR#2026", updates.get(0).update().key().get("sk").s());
        assertEquals(
                "2026-12-29", updates.get(0).update().expressionAttributeNames().get("#d2"));
        assertEquals("SET #d0 = :d0", updates.get(1).update().updateExpression());
        assertEquals("YEAR#2027", updates.get(1).update().key().get("sk").s());
    }

    private static WorkSession session(LocalDate date) {
        Instant in = date.atTime(8, 0).toInstant(java.time.ZoneOffset.UTC);
        return new WorkSession(
                "emp-1",
                date,
                in,
                in.plusSeconds(30_000),
                28_000,
                2_000,
                List.of(),
                300,
                60,
                1_200,
                27_500,
                0,
                SessionStatus.COMPLETE,
                List.of());
    }
}
