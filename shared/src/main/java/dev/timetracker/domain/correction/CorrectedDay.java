package dev.timetracker.domain.correction;

import dev.timetracker.domain.time.TimeEntry;
import java.util.List;
import java.util.Set;

/**
 * The outcome of a valid correction: the work date's effective entries afterwards (oldest first, dated), the
 * entries the correction adds (source {@code correction}), and the recorded entries it voids.
 */
public record CorrectedDay(List<TimeEntry> entries, List<TimeEntry> added, Set<String> voided) {

    public CorrectedDay {
        entries = List.copyOf(entries);
        added = List.copyOf(added);
        voided = Set.copyOf(voided);
    }
}
