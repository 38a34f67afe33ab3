package dev.timetracker.domain.time;

import java.time.Instant;

/** What the clock remembers of a punch sent with a client punch id, so that a retry gets the same answer. */
public record PunchReceipt(String requestHash, String entryId, Instant timestamp) {}
