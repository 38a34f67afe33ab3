package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.correction.Correction;
import dev.timetracker.domain.correction.CorrectionChange;
import dev.timetracker.domain.time.TimeEntry;

import java.util.List;

/** Corrections as the contract's "Corrections, timesheet approval and locked periods" spells them. */
public final class CorrectionJson {
    private CorrectionJson() {
    }

    public static ObjectNode correction(Correction correction) {
        ObjectNode json = Json.object();
        json.put("id", correction.id());
        json.put("employee_id", correction.employeeId());
        json.put("work_date", correction.workDate().toString());
        ArrayNode changes = json.putArray("changes");
        correction.changes().forEach(change -> changes.add(change(change)));
        json.put("reason", correction.reason());
        json.put("status", correction.status().wire());
        json.put("requested_by", correction.requestedBy());
        json.put("requested_at", Json.instant(correction.requestedAt()));
        json.put("decided_by", correction.decidedBy());
        json.put("decided_at", Json.instant(correction.decidedAt()));
        json.put("note", correction.note());
        return json;
    }

    public static ObjectNode change(CorrectionChange change) {
        ObjectNode json = Json.object();
        json.put("op", change.op());
        if (change instanceof CorrectionChange.AddEntry add) {
            json.put("action", add.action().wire());
            json.put("timestamp", Json.instant(add.timestamp()));
        } else if (change instanceof CorrectionChange.MoveEntry move) {
            json.put("entry_id", move.entryId());
            json.put("timestamp", Json.instant(move.timestamp()));
        } else if (change instanceof CorrectionChange.VoidEntry voided) {
            json.put("entry_id", voided.entryId());
        }
        return json;
    }

    /** What the audit trail keeps of a correction and the work date's effective entries around it. */
    public static ObjectNode auditState(Correction correction, List<TimeEntry> entries) {
        ObjectNode json = Json.object();
        json.set("correction", correction == null ? Json.nullNode() : correction(correction));
        if (entries != null) {
            ArrayNode list = json.putArray("entries");
            entries.forEach(entry -> list.add(TimeJson.entry(entry)));
        }
        return json;
    }
}
