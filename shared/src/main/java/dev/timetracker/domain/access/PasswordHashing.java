package dev.timetracker.domain.access;

/** One-way password storage; implementations are slow on purpose. */
public interface PasswordHashing {
    String hash(String password);

    boolean matches(String password, String storedHash);

    /** Spends the time of one {@link #matches} without an account, so unknown users cost as much as known ones. */
    void matchNothing(String password);
}
