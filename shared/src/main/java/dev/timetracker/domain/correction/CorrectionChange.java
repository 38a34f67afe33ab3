package dev.timetracker.domain.correction;

import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.TimePrecision;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of a correction: add an entry, move one to another instant, or void one. Recorded entries are never
 * edited: a move voids the original and adds its replacement, so the history of what was punched stays readable.
 */
public sealed interface CorrectionChange {

    /** The wire name of the operation ({@code "add"}, {@code "move"}, {@code "void"}). */
    String op();

    /** The entry this change voids, if any. */
    default Optional<String> voidedEntryId() {
        return Optional.empty();
    }

    /** The instant of the entry this change adds, if any. */
    default Optional<Instant> addedAt() {
        return Optional.empty();
    }

    record AddEntry(PunchAction action, Instant timestamp) implements CorrectionChange {
        public AddEntry {
            Objects.requireNonNull(action, "action");
            timestamp = TimePrecision.of(Objects.requireNonNull(timestamp, "timestamp"));
        }

        @Override
        public String op() {
            return "add";
        }

        @Override
        public Optional<Instant> addedAt() {
            return Optional.of(timestamp);
        }
    }

    record MoveEntry(String entryId, Instant timestamp) implements CorrectionChange {
        public MoveEntry {
            Objects.requireNonNull(entryId, "entryId");
            timestamp = TimePrecision.of(Objects.requireNonNull(timestamp, "timestamp"));
        }

        @Override
        public String op() {
            return "move";
        }

        @Override
        public Optional<String> voidedEntryId() {
            return Optional.of(entryId);
        }

        @Override
        public Optional<Instant> addedAt() {
            return Optional.of(timestamp);
        }
    }

    record VoidEntry(String entryId) implements CorrectionChange {
        public VoidEntry {
            Objects.requireNonNull(entryId, "entryId");
        }

        @Override
        public String op() {
            return "void";
        }

        @Override
        public Optional<String> voidedEntryId() {
            return Optional.of(entryId);
        }
    }
}
