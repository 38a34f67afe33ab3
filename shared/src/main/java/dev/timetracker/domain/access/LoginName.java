package dev.timetracker.domain.access;

import java.util.Locale;

/**
 * Admin usernames and employee emails are one namespace of login names: login looks a name up in both, so a
 * name may belong to one account only. Names are compared without case, folded the same way everywhere.
 */
public final class LoginName {
    private LoginName() {}

    public static String key(String loginName) {
        return loginName.toLowerCase(Locale.ROOT);
    }
}
