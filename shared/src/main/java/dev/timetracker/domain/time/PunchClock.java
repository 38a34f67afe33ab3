package dev.timetracker.domain.time;

import dev.timetracker.domain.access.TokenState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An employee's punch clock as stored: the journal of entries whose work dates are not final yet (oldest
 * first, starting at a cycle's punch_in), the receipts of recent client punch ids, and the facts a punch must
 * check without reading anything else first: the employee's zone, whether they are active, and which of their
 * tokens count (the token generation and the revoked token ids).
 *
 * <p>Entries are numbered in the order they were recorded: {@code journalStart} is the number of the journal's
 * first entry (how many entries left the journal before it), so the journal's i-th entry is number
 * {@code journalStart + i}. Entries of the same second keep that order everywhere, also once they are final.
 * {@code lastEntryAt} is the time of the latest entry exactly as the store compares new punches with it (the
 * latest entry may have left the journal); null when the employee never punched. {@code lastFinalOut} is the
 * last punch_out of the latest work date that is final (no longer in the journal), so that the journal's first day
 * can be judged for rest (pay rules); null when none is, or it was finalised before the clock kept it.
 *
 * <p>Its constructor throws {@link UnreadableClockException} when the journal cannot be folded into a ledger (out
 * of order, or breaking the state machine): a clock that exists is always one that can be read.
 */
public record PunchClock(
        String employeeId,
        ZoneId zone,
        boolean active,
        List<TimeEntry> journal,
        Map<String, PunchReceipt> receipts,
        long tokenGeneration,
        Map<String, Instant> revokedTokens,
        long version,
        long journalStart,
        @Nullable Instant lastEntryAt,
        @Nullable Instant lastFinalOut)
        implements TokenState {

    public PunchClock {
        journal = List.copyOf(journal);
        receipts = Map.copyOf(receipts);
        revokedTokens = Map.copyOf(revokedTokens);
        try {
            PunchLedger.of(employeeId, zone, journal);
        } catch (RuntimeException unreadable) {
            throw new UnreadableClockException(
                    employeeId,
                    String.valueOf(unreadable.getMessage()),
                    tokenGeneration,
                    revokedTokens.keySet(),
                    journal);
        }
    }

    /** Whether this token was logged out ({@code revokedTokens} maps token ids to when they expire). */
    @Override
    public boolean isRevoked(String tokenId) {
        return revokedTokens.containsKey(tokenId);
    }

    public PunchLedger ledger() {
        return PunchLedger.of(employeeId, zone, journal).withLastOutBefore(lastFinalOut);
    }

    public WorkState state() {
        return journal.isEmpty()
                ? WorkState.OFF
                : PunchStateMachine.stateAfter(journal.get(journal.size() - 1).action());
    }

    /** What a new punch must not be earlier than. */
    public Optional<Instant> latestAt() {
        if (lastEntryAt != null) {
            return Optional.of(lastEntryAt);
        }
        return journal.isEmpty()
                ? Optional.empty()
                : Optional.of(journal.get(journal.size() - 1).timestamp());
    }

    /** The journal entry with this id, dated. */
    public Optional<TimeEntry> entry(String entryId) {
        return ledger().datedEntries().stream()
                .filter(entry -> entry.id().equals(entryId))
                .findFirst();
    }
}
