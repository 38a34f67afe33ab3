package dev.timetracker.domain.time;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An employee's punch clock as stored: the journal of entries whose work dates are not final yet (oldest
 * first, starting at a cycle's punch_in), the receipts of recent client punch ids, and the facts a punch must
 * check without reading anything else first: the employee's zone, whether they are active, and which of their
 * tokens count (the token generation and the revoked token ids).
 */
public record PunchClock(String employeeId, ZoneId zone, boolean active, List<TimeEntry> journal,
                         Map<String, PunchReceipt> receipts, long tokenGeneration, Map<String, Instant> revokedTokens,
                         long version) {

    public PunchClock {
        journal = List.copyOf(journal);
        receipts = Map.copyOf(receipts);
        revokedTokens = Map.copyOf(revokedTokens);
    }

    /** Whether this token was logged out ({@code revokedTokens} maps token ids to when they expire). */
    public boolean isRevoked(String tokenId) {
        return revokedTokens.containsKey(tokenId);
    }

    public PunchLedger ledger() {
        return PunchLedger.of(employeeId, zone, journal);
    }

    public WorkState state() {
        return journal.isEmpty() ? WorkState.OFF : PunchStateMachine.stateAfter(journal.get(journal.size() - 1).action());
    }

    public Optional<Instant> latestAt() {
        return journal.isEmpty() ? Optional.empty() : Optional.of(journal.get(journal.size() - 1).timestamp());
    }

    /** The journal entry with this id, dated. */
    public Optional<TimeEntry> entry(String entryId) {
        return ledger().datedEntries().stream().filter(entry -> entry.id().equals(entryId)).findFirst();
    }
}
