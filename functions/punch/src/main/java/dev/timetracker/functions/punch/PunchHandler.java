package dev.timetracker.functions.punch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.timetracker.adapters.config.Deployment;
import dev.timetracker.adapters.config.Environment;
import dev.timetracker.adapters.dynamodb.CachedBusinessHours;
import dev.timetracker.adapters.dynamodb.CachedPayPeriodLock;
import dev.timetracker.adapters.dynamodb.DynamoPeriodStore;
import dev.timetracker.adapters.dynamodb.DynamoPunchClockStore;
import dev.timetracker.adapters.http.Access;
import dev.timetracker.adapters.http.ApiRequest;
import dev.timetracker.adapters.http.ApiResponse;
import dev.timetracker.adapters.http.HttpFunction;
import dev.timetracker.adapters.http.Metrics;
import dev.timetracker.adapters.http.Priming;
import dev.timetracker.adapters.http.Router;
import dev.timetracker.adapters.json.Json;
import dev.timetracker.adapters.json.JsonFields;
import dev.timetracker.adapters.json.TimeJson;
import dev.timetracker.domain.TimeBounds;
import dev.timetracker.domain.access.Role;
import dev.timetracker.domain.access.UnconfirmedPrincipal;
import dev.timetracker.domain.period.ClosedForPunches;
import dev.timetracker.domain.time.PunchAction;
import dev.timetracker.domain.time.PunchCommand;
import dev.timetracker.domain.time.PunchService;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/timetracking/punch/}. An employee's own punch costs one DynamoDB call: the token's
 * revocation and its owner's activity are checked inside the conditional write itself. Shaped as every handler
 * is: docs/handlers.md.
 */
public final class PunchHandler extends HttpFunction {
    private static final Set<String> FIELDS = Set.of("employee_id", "action", "timestamp", "client_punch_id", "notes");

    /** What the Lambda runtime calls. */
    public PunchHandler() {
        this(Deployment.fromEnvironment(Environment.process()));
    }

    /** This function's deployment: the process's in AWS, its own template block in the local stack and tests. */
    public PunchHandler(Deployment deployment) {
        super(routes(punchService(deployment.requiring("TIME_TABLE"))), deployment);
    }

    /** Every route of this function: method, path, who may call it, endpoint. */
    private static Router routes(PunchService punches) {
        return new Router()
                .routeCheckingSession(
                        "POST",
                        "/api/timetracking/punch/",
                        Access.ANY_ROLE,
                        (request, caller) -> punch(punches, request, caller));
    }

    /**
     * An employee that does not exist punching in: the token check, JSON binding and the read of the clock that
     * every punch starts with, which finds none: 404. The punch's transaction (clock update, live totals) is primed
     * by a transaction that its conditions refuse, since a punch needs a clock to exist before it gets that far.
     */
    @Override
    protected void prime(Priming priming) {
        priming.request(
                "POST",
                "/api/timetracking/punch/",
                "{\"action\":\"punch_in\",\"client_punch_id\":\"snapstart-priming\"}",
                Role.EMPLOYEE,
                404);
        priming.refusedTransaction();
    }

    static PunchService punchService(Deployment deployment) {
        var tables = deployment.tables();
        var hours = CachedBusinessHours.of(deployment);
        var periods = new DynamoPeriodStore(deployment.db(), tables.time(), tables.audit());
        var closed = new ClosedForPunches(new CachedPayPeriodLock(periods, deployment.clock()), periods::timesheet);
        return new PunchService(
                DynamoPunchClockStore.of(deployment),
                hours,
                deployment.clock(),
                () -> UUID.randomUUID().toString(),
                closed);
    }

    /** The caller's session is checked by the punch's own write (PunchService#punch). */
    private static ApiResponse punch(PunchService punches, ApiRequest request, UnconfirmedPrincipal caller) {
        PunchCommand command = read(request, caller);
        var result = punches.punch(caller, command);
        Metrics.record(
                "punch",
                "Punches",
                Metrics.Unit.COUNT,
                1,
                Instant.now(),
                Map.of("action", command.action().wire()),
                "replayed",
                result.replayed());
        ObjectNode body = Json.object();
        body.set("entry", TimeJson.entry(result.entry()));
        body.set("status", TimeJson.status(result.entry().employeeId(), result.status()));
        return ApiResponse.json(result.replayed() ? 200 : 201, body);
    }

    static PunchCommand read(ApiRequest request, UnconfirmedPrincipal caller) {
        JsonFields fields = JsonFields.parse(request.body(), FIELDS);
        String employeeId = fields.text("employee_id");
        String actionText = fields.text("action");
        String timestampText = fields.text("timestamp");
        String bodyPunchId = fields.text("client_punch_id");
        String notes = fields.text("notes");
        if (employeeId == null && caller.employeeId() != null) {
            employeeId = caller.employeeId();
        } else if (employeeId == null && !fields.errors().has("employee_id")) {
            fields.errors().add("employee_id", "is required");
        }
        PunchAction action = null;
        if (actionText == null) {
            if (!fields.errors().has("action")) {
                fields.errors().add("action", "is required");
            }
        } else {
            try {
                action = PunchAction.fromWire(actionText);
            } catch (IllegalArgumentException e) {
                fields.errors().add("action", "must be punch_in, punch_out, break_start or break_end");
            }
        }
        Instant timestamp =
                timestampText == null ? null : TimeBounds.instant(fields.errors(), "timestamp", timestampText);
        PunchCommand command = PunchCommand.checked(
                fields.errors(),
                employeeId,
                action,
                timestamp,
                bodyPunchId,
                request.header("idempotency-key").orElse(null),
                notes);
        fields.done();
        return command;
    }
}
