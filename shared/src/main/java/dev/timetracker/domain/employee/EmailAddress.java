package dev.timetracker.domain.employee;

import dev.timetracker.domain.TextLimits;
import dev.timetracker.domain.access.LoginName;
import java.util.regex.Pattern;

/** The syntax we accept for an email address: a pragmatic subset of RFC 5321 that real mailboxes use. */
public final class EmailAddress {
    private static final Pattern SYNTAX =
            Pattern.compile("^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$");

    private EmailAddress() {}

    public static boolean isValid(String email) {
        return email.length() <= TextLimits.EMAIL && SYNTAX.matcher(email).matches();
    }

    /** An address is a login name, so it is folded as login names are (see {@link LoginName}). */
    public static String key(String email) {
        return LoginName.key(email);
    }
}
