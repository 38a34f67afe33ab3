package dev.timetracker.local.reports;

import dev.timetracker.local.api.Api;
import dev.timetracker.local.testing.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Correction requests as the periods function takes them (API contract, "Corrections"), for tests that correct a day. */
final class CorrectionRequests {
    private CorrectionRequests() {}

    /** Asks for a correction of the employee's work date; the caller checks the answer. */
    static Response request(
            Api periods, String employeeId, String workDate, String reason, List<Map<String, String>> changes) {
        return periods.post(
                "/api/timetracking/corrections/",
                Map.of("employee_id", employeeId, "work_date", workDate, "reason", reason, "changes", changes));
    }

    static Map<String, String> add(String action, Instant at) {
        return Map.of("op", "add", "action", action, "timestamp", at.toString());
    }

    static Map<String, String> move(String entryId, Instant to) {
        return Map.of("op", "move", "entry_id", entryId, "timestamp", to.toString());
    }

    static Map<String, String> voided(String entryId) {
        return Map.of("op", "void", "entry_id", entryId);
    }
}
