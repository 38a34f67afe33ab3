package dev.timetracker.domain.access;

import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.employee.EmailAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

public final class AdminUserRules {
    /** Letters, digits and . _ @ + - (Django's rule), so a username is unambiguous in logs and URLs. */
    private static final Pattern USERNAME = Pattern.compile("^[A-Za-z0-9._@+-]{3," + TextLimits.USERNAME + "}$");

    private AdminUserRules() {}

    public static AdminUser newAdminUser(String id, AdminUserInput input, Instant now) {
        FieldErrors errors = new FieldErrors();
        Role role = check(errors, true, input.username(), input.email(), input.password(), input.role());
        errors.throwIfAny();
        // All fields are required here, so a missing or wrong role has thrown above.
        return new AdminUser(id, input.username(), input.email(), Objects.requireNonNull(role), true, now, now, 1);
    }

    /** {@code current} with the fields the client sent; what it did not send stays as it is. */
    public static AdminUser applyChanges(AdminUser current, AdminUserChanges changes, Instant now) {
        FieldErrors errors = new FieldErrors();
        Role role = check(errors, false, changes.username(), changes.email(), changes.password(), changes.role());
        errors.throwIfAny();
        return new AdminUser(
                current.id(),
                changes.username() != null ? changes.username() : current.username(),
                changes.email() != null ? changes.email() : current.email(),
                role != null ? role : current.role(),
                changes.active() != null ? changes.active() : current.active(),
                current.createdAt(),
                now,
                current.version() + 1);
    }

    /** @return the role named, or null when none was sent or it is not one an admin user may have */
    private static @Nullable Role check(
            FieldErrors errors,
            boolean allRequired,
            @Nullable String username,
            @Nullable String email,
            @Nullable String password,
            @Nullable String roleWire) {
        if (username == null) {
            requireIf(allRequired, errors, "username");
        } else if (!USERNAME.matcher(username).matches()) {
            errors.add("username", "must be 3 to " + TextLimits.USERNAME + " letters, digits or . _ @ + -");
        }
        if (email == null) {
            requireIf(allRequired, errors, "email");
        } else if (!EmailAddress.isValid(email)) {
            errors.add("email", "must be a valid email address");
        }
        if (password != null || allRequired) {
            checkPassword(errors, password);
        }
        Role role = roleWire == null ? null : Role.fromWire(roleWire);
        if (roleWire == null) {
            requireIf(allRequired, errors, "role");
        } else if (role != Role.ADMIN && role != Role.MANAGER) {
            errors.add("role", "must be admin or manager");
            return null;
        }
        return role;
    }

    private static void requireIf(boolean required, FieldErrors errors, String field) {
        if (required) {
            errors.add(field, "is required");
        }
    }

    public static void checkPassword(FieldErrors errors, @Nullable String password) {
        if (password == null) {
            errors.add("password", "is required");
        } else if (TextLimits.length(password) < TextLimits.PASSWORD_MIN) {
            errors.add("password", "must be at least " + TextLimits.PASSWORD_MIN + " characters long");
        } else if (TextLimits.length(password) > TextLimits.PASSWORD_MAX) {
            errors.add("password", "must be at most " + TextLimits.PASSWORD_MAX + " characters long");
        }
    }

    /** Usernames are unique regardless of case, and share one namespace with employee emails. */
    public static String usernameKey(String username) {
        return LoginName.key(username);
    }
}
