package dev.timetracker.domain.employee;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.TimeZones;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** What makes an employee record valid, and how a create or an update turns into one. */
public final class EmployeeRules {
    public static final int MIN_PASSWORD_LENGTH = TextLimits.PASSWORD_MIN;

    private EmployeeRules() {}

    public static Employee newEmployee(String id, EmployeeChanges input, @Nullable ZoneId defaultZone, Instant now) {
        FieldErrors errors = new FieldErrors();
        requirePresent(errors, "email", input.email());
        requirePresent(errors, "first_name", input.firstName());
        requirePresent(errors, "last_name", input.lastName());
        if (input.active() != null) {
            errors.add("is_active", "is not accepted on create; new employees are active");
        }
        checkContent(errors, input);
        errors.throwIfAny();
        // Present: requirePresent refused the input otherwise.
        String email = Objects.requireNonNull(input.email());
        String firstName = Objects.requireNonNull(input.firstName());
        String lastName = Objects.requireNonNull(input.lastName());
        ZoneId zone = input.timezone() == null
                ? Objects.requireNonNull(defaultZone, "defaultZone")
                : ZoneId.of(input.timezone());
        return new Employee(
                id,
                email,
                firstName.strip(),
                lastName.strip(),
                text(input.employeeCode()),
                text(input.department()),
                text(input.position()),
                zone,
                true,
                now,
                now,
                1);
    }

    public static Employee applyChanges(Employee current, EmployeeChanges input, Instant now) {
        FieldErrors errors = new FieldErrors();
        checkContent(errors, input);
        errors.throwIfAny();
        return new Employee(
                current.id(),
                input.email() != null ? input.email() : current.email(),
                input.firstName() != null ? input.firstName().strip() : current.firstName(),
                input.lastName() != null ? input.lastName().strip() : current.lastName(),
                input.employeeCode() != null ? text(input.employeeCode()) : current.employeeCode(),
                input.department() != null ? text(input.department()) : current.department(),
                input.position() != null ? text(input.position()) : current.position(),
                input.timezone() != null ? ZoneId.of(input.timezone()) : current.timezone(),
                input.active() != null ? input.active() : current.active(),
                current.createdAt(),
                now,
                current.version() + 1);
    }

    private static void checkContent(FieldErrors errors, EmployeeChanges input) {
        if (input.email() != null && !errors.has("email") && !EmailAddress.isValid(input.email())) {
            errors.add("email", "must be a valid email address");
        }
        checkName(errors, "first_name", input.firstName());
        checkName(errors, "last_name", input.lastName());
        checkOptional(errors, "employee_code", input.employeeCode(), TextLimits.EMPLOYEE_CODE);
        checkOptional(errors, "department", input.department(), TextLimits.NAME);
        checkOptional(errors, "position", input.position(), TextLimits.NAME);
        if (input.timezone() != null && TimeZones.parseIana(input.timezone()).isEmpty()) {
            errors.add("timezone", TimeZones.RULE);
        }
        if (input.password() != null) {
            int length = TextLimits.length(input.password());
            if (length < TextLimits.PASSWORD_MIN) {
                errors.add("password", "must be at least " + TextLimits.PASSWORD_MIN + " characters long");
            } else if (length > TextLimits.PASSWORD_MAX) {
                errors.add("password", "must be at most " + TextLimits.PASSWORD_MAX + " characters long");
            }
        }
    }

    private static void requirePresent(FieldErrors errors, String field, @Nullable String value) {
        if (value == null) {
            errors.add(field, "is required");
        }
    }

    private static void checkName(FieldErrors errors, String field, @Nullable String value) {
        if (value == null || errors.has(field)) {
            return;
        }
        if (value.isBlank()) {
            errors.add(field, "must not be blank");
        } else {
            TextLimits.checkLine(errors, field, value.strip(), TextLimits.NAME);
        }
    }

    /** Blank clears the field (see {@link #text}); anything else must be a proper line of text. */
    private static void checkOptional(FieldErrors errors, String field, @Nullable String value, int maxLength) {
        if (value != null && !value.isBlank()) {
            TextLimits.checkLine(errors, field, value.strip(), maxLength);
        }
    }

    /** Blank optional text is stored as absent, so that filters and CSV cells see one "no value". */
    static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
