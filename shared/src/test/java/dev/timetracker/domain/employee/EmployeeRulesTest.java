package dev.timetracker.domain.employee;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.timetracker.domain.FieldError;
import dev.timetracker.domain.ValidationException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class EmployeeRulesTest {
    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

    private static EmployeeChanges create(String email, String first, String last, String zone) {
        return new EmployeeChanges(email, first, last, null, "  Warehouse ", null, zone, null, null);
    }

    @Test
    void newEmployeeIsActiveWithDefaultZoneAndTrimmedText() {
        Employee employee =
                EmployeeRules.newEmployee("e1", create("ana@example.com", " Ana ", "García", null), MADRID, NOW);
        assertEquals("Ana", employee.firstName());
        assertEquals("Warehouse", employee.department());
        assertEquals(MADRID, employee.timezone());
        assertTrue(employee.active());
        assertEquals(NOW, employee.createdAt());
        assertEquals(1, employee.version());
    }

    @Test
    void explicitZoneWinsOverTheDefault() {
        Employee employee =
                EmployeeRules.newEmployee("e1", create("ana@example.com", "Ana", "G", "America/New_York"), MADRID, NOW);
        assertEquals(ZoneId.of("America/New_York"), employee.timezone());
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        var failure = assertThrows(
                ValidationException.class,
                () -> EmployeeRules.newEmployee(
                        "e1",
                        new EmployeeChanges(
                                "not-an-email", " ", null, null, null, "x".repeat(101), "Mars/Base", "short", true),
                        MADRID,
                        NOW));
        var fields = failure.errors().stream().map(FieldError::field).toList();
        assertEquals(
                java.util.Set.of("email", "first_name", "last_name", "position", "timezone", "password", "is_active"),
                java.util.Set.copyOf(fields));
    }

    @Test
    void fixedOffsetsAreNotTimeZones() {
        var failure = assertThrows(
                ValidationException.class,
                () -> EmployeeRules.newEmployee("e1", create("a@example.com", "A", "B", "+02:00"), MADRID, NOW));
        assertEquals("timezone", failure.errors().get(0).field());
    }

    @Test
    void emailSyntax() {
        assertTrue(EmailAddress.isValid("first.last+tag@sub.example.co"));
        assertFalse(EmailAddress.isValid("no-at-sign.example.com"));
        assertFalse(EmailAddress.isValid("two@@example.com"));
        assertFalse(EmailAddress.isValid("dot.@example.com"));
        assertFalse(EmailAddress.isValid("space in@example.com"));
        assertFalse(EmailAddress.isValid("user@localhost"));
        assertFalse(EmailAddress.isValid("a@" + "b".repeat(250) + ".com"));
    }

    @Test
    void changesApplyOnlyWhatWasSentAndNullClearsOptionalText() {
        Employee before =
                EmployeeRules.newEmployee("e1", create("ana@example.com", "Ana", "García", null), MADRID, NOW);
        Instant later = NOW.plusSeconds(60);
        Employee after = EmployeeRules.applyChanges(
                before, new EmployeeChanges(null, null, "Ruiz", null, "", null, null, null, false), later);
        assertEquals("Ana", after.firstName());
        assertEquals("Ruiz", after.lastName());
        assertNull(after.department());
        assertFalse(after.active());
        assertEquals(NOW, after.createdAt());
        assertEquals(later, after.updatedAt());
        assertEquals(2, after.version());
    }

    @Test
    void passwordNeedsTwelveCharacters() {
        Employee before =
                EmployeeRules.newEmployee("e1", create("ana@example.com", "Ana", "García", null), MADRID, NOW);
        var failure = assertThrows(
                ValidationException.class,
                () -> EmployeeRules.applyChanges(
                        before,
                        new EmployeeChanges(null, null, null, null, null, null, null, "elevenchars", null),
                        NOW));
        assertEquals("password", failure.errors().get(0).field());
        EmployeeRules.applyChanges(
                before, new EmployeeChanges(null, null, null, null, null, null, null, "twelve chars", null), NOW);
    }

    @Test
    void namesAreCountedInCharactersAndMustBeVisibleText() {
        String sixtyEmoji = "\uD83D\uDE00".repeat(60);
        Employee employee = EmployeeRules.newEmployee(
                "e1",
                new EmployeeChanges(
                        "ana@example.com", sixtyEmoji, "García", null, "Ventas \uD83D\uDCC8", null, null, null, null),
                MADRID,
                NOW);
        assertEquals(sixtyEmoji, employee.firstName());

        var failure = assertThrows(
                ValidationException.class,
                () -> EmployeeRules.newEmployee(
                        "e1",
                        new EmployeeChanges(
                                "ana@example.com",
                                "\uD83D\uDE00".repeat(101),
                                "\u200B\u2060\uFEFF",
                                "A\u0000",
                                "\u200B",
                                "Lead\nDev",
                                null,
                                null,
                                null),
                        MADRID,
                        NOW));
        assertEquals(
                java.util.Map.of(
                        "first_name", "must be at most 100 characters long",
                        "last_name", "must contain at least one visible character",
                        "employee_code", "must not contain control characters or line breaks",
                        "department", "must contain at least one visible character",
                        "position", "must not contain control characters or line breaks"),
                failure.errors().stream()
                        .collect(java.util.stream.Collectors.toMap(FieldError::field, FieldError::message)));
    }
}
