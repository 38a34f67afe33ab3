package dev.timetracker.adapters.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.domain.FieldErrors;
import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.correction.Correction;
import dev.timetracker.domain.correction.CorrectionChange;
import dev.timetracker.domain.correction.CorrectionInput;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.TimeEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Corrections as the contract's "Corrections, timesheet approval and locked periods" spells them. */
public final class CorrectionJson {
    private CorrectionJson() {}

    private static final Set<String> FIELDS = Set.of("employee_id", "work_date", "reason", "changes");
    private static final Set<String> CHANGE_FIELDS = Set.of("op", "action", "timestamp", "entry_id");

    /**
     * A correction request's body. Each change is read by its {@code op}; a field that op does not take is refused
     * like an unknown field, so a client never believes a change did something it ignored.
     *
     * @param callerEmployeeId the employee a caller's body defaults to (an employee correcting their own day)
     * @throws dev.timetracker.domain.ValidationException listing every malformed field
     */
    public static CorrectionInput input(String body, @Nullable String callerEmployeeId) {
        JsonFields fields = JsonFields.parse(body, FIELDS);
        String employeeId = fields.text("employee_id");
        String dateText = fields.text("work_date");
        String reason = fields.text("reason");
        List<JsonFields> changeFields = fields.objects("changes", CHANGE_FIELDS);
        FieldErrors errors = fields.errors();
        LocalDate workDate = null;
        if (dateText != null) {
            try {
                workDate = TimeBounds.date("work_date", dateText);
            } catch (dev.timetracker.domain.ValidationException malformed) {
                errors.add("work_date", malformed.errors().get(0).message());
            }
        }
        List<CorrectionChange> changes = null;
        if (changeFields != null) {
            changes = new ArrayList<>();
            for (int i = 0; i < changeFields.size(); i++) {
                CorrectionChange change = change(changeFields.get(i), errors, "changes[" + i + "]");
                if (change != null) {
                    changes.add(change);
                }
            }
        }
        fields.done();
        return new CorrectionInput(employeeId == null ? callerEmployeeId : employeeId, workDate, reason, changes);
    }

    private static @Nullable CorrectionChange change(JsonFields fields, FieldErrors errors, String field) {
        String op = fields.text("op");
        String actionText = fields.text("action");
        String timestampText = fields.text("timestamp");
        String entryId = fields.text("entry_id");
        if (op == null) {
            errors.add(field + ".op", "is required: add, move or void");
            return null;
        }
        Set<String> taken = switch (op) {
            case "add" -> Set.of("action", "timestamp");
            case "move" -> Set.of("entry_id", "timestamp");
            case "void" -> Set.of("entry_id");
            default -> null;
        };
        if (taken == null) {
            errors.add(field + ".op", "must be add, move or void");
            return null;
        }
        boolean complete = true;
        for (String name : List.of("action", "timestamp", "entry_id")) {
            boolean sent = switch (name) {
                case "action" -> actionText != null;
                case "timestamp" -> timestampText != null;
                default -> entryId != null;
            };
            if (sent && !taken.contains(name)) {
                errors.add(field + "." + name, "is not a field of op " + op);
                complete = false;
            } else if (!sent && taken.contains(name)) {
                errors.add(field + "." + name, "is required for op " + op);
                complete = false;
            }
        }
        PunchAction action = null;
        if (actionText != null && taken.contains("action")) {
            try {
                action = PunchAction.fromWire(actionText);
            } catch (IllegalArgumentException e) {
                errors.add(field + ".action", "must be punch_in, punch_out, break_start or break_end");
                complete = false;
            }
        }
        Instant timestamp = null;
        if (timestampText != null && taken.contains("timestamp")) {
            timestamp = TimeBounds.instant(errors, field + ".timestamp", timestampText);
            complete &= timestamp != null;
        }
        if (!complete) {
            return null;
        }
        // Complete: every field the op takes was sent and read.
        return switch (op) {
            case "add" ->
                new CorrectionChange.AddEntry(Objects.requireNonNull(action), Objects.requireNonNull(timestamp));
            case "move" ->
                new CorrectionChange.MoveEntry(Objects.requireNonNull(entryId), Objects.requireNonNull(timestamp));
            default -> new CorrectionChange.VoidEntry(Objects.requireNonNull(entryId));
        };
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
    public static ObjectNode auditState(@Nullable Correction correction, @Nullable List<TimeEntry> entries) {
        ObjectNode json = Json.object();
        json.set("correction", correction == null ? Json.nullNode() : correction(correction));
        if (entries != null) {
            ArrayNode list = json.putArray("entries");
            entries.forEach(entry -> list.add(TimeJson.entry(entry)));
        }
        return json;
    }
}
