package dev.timetracker.domain.access;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.employee.EmailAddress;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

public final class AdminUserRules {
    /** Letters, digits and . _ @ + - (Django's rule), so a username is unambiguous in logs and URLs. */
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@+-]{3," + TextLimits.USERNAME + "}$");

    private AdminUserRules() {
    }

    public static AdminUser newAdminUser(String id, AdminUserInput input, Instant now) {
        FieldErrors errors = new FieldErrors();
        if (input.username() == null) {
            errors.add("username", "is required");
        } else if (!USERNAME.matcher(input.username()).matches()) {
            errors.add("username", "must be 3 to " + TextLimits.USERNAME + " letters, digits or . _ @ + -");
        }
        if (input.email() == null) {
            errors.add("email", "is required");
        } else if (!EmailAddress.isValid(input.email())) {
            errors.add("email", "must be a valid email address");
        }
        checkPassword(errors, input.password());
        Role role = input.role() == null ? null : Role.fromWire(input.role());
        if (input.role() == null) {
            errors.add("role", "is required");
        } else if (role != Role.ADMIN && role != Role.MANAGER) {
            errors.add("role", "must be admin or manager");
        }
        errors.throwIfAny();
        return new AdminUser(id, input.username(), input.email(), role, true, now, now, 1);
    }

    public static void checkPassword(FieldErrors errors, String password) {
        if (password == null) {
            errors.add("password", "is required");
        } else if (TextLimits.length(password) < TextLimits.PASSWORD_MIN) {
            errors.add("password", "must be at least " + TextLimits.PASSWORD_MIN + " characters long");
        } else if (TextLimits.length(password) > TextLimits.PASSWORD_MAX) {
            errors.add("password", "must be at most " + TextLimits.PASSWORD_MAX + " characters long");
        }
    }

    /** Usernames are unique regardless of case. */
    public static String usernameKey(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
