package dev.timetracker.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeBoundsTest {

    @Test
    void datesFrom1970Through2999AreAccepted() {
        assertEquals(LocalDate.of(1970, 1, 1), TimeBounds.date("from", "1970-01-01"));
        assertEquals(LocalDate.of(2999, 12, 31), TimeBounds.date("to", "2999-12-31"));
        assertEquals(LocalDate.of(2026, 2, 28), DateRange.date("date", "2026-02-28"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "9999-12-31",
                "+10000-01-01",
                "+999999999-12-31",
                "-999999999-01-01",
                "0001-01-01",
                "1969-12-31",
                "3000-01-01",
                "2026-02-30",
                "2026-2-3",
                "20260203",
                "2026-02-03T00:00",
                " 2026-02-03",
                ""
            })
    void otherDatesAndNonDatesAre400sNamingTheField(String text) {
        var failure = assertThrows(ValidationException.class, () -> TimeBounds.date("to", text));
        assertEquals("to", failure.errors().get(0).field());
        assertEquals(
                "must be a date as YYYY-MM-DD from 1970-01-01 to 2999-12-31",
                failure.errors().get(0).message());
    }

    @Test
    void aRangeOfOutOfBoundsDatesNeverReachesItsArithmetic() {
        assertThrows(
                ValidationException.class, () -> DateRange.parse("+999999999-12-31", null, LocalDate.of(2026, 1, 1)));
        assertThrows(
                ValidationException.class, () -> DateRange.parse("2999-12-31", "9999-12-31", LocalDate.of(2026, 1, 1)));
    }

    @Test
    void instantsAreBoundedInUtc() {
        FieldErrors errors = new FieldErrors();
        assertEquals(
                Instant.parse("2026-03-29T06:55:00Z"),
                TimeBounds.instant(errors, "timestamp", "2026-03-29T08:55:00+02:00"));
        assertEquals(
                Instant.parse("1970-01-01T00:00:00Z"), TimeBounds.instant(errors, "timestamp", "1970-01-01T00:00:00Z"));
        assertEquals(
                Instant.parse("2999-12-31T23:59:59Z"), TimeBounds.instant(errors, "timestamp", "2999-12-31T23:59:59Z"));
        errors.throwIfAny();
        for (String text : new String[] {
            "+999999999-12-31T23:59:59Z",
            "10000-01-01T00:00:00Z",
            "2999-12-31T23:00:00-01:00",
            "1970-01-01T00:00:00+02:00",
            "2026-03-29T08:55:00",
            "2026-03-29",
            "soon"
        }) {
            FieldErrors refused = new FieldErrors();
            assertNull(TimeBounds.instant(refused, "effective_from", text), text);
            var failure = assertThrows(ValidationException.class, refused::throwIfAny);
            assertEquals("effective_from", failure.errors().get(0).field());
        }
    }
}
